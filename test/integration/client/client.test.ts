import type { IncomingMessage } from 'node:http';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { connect, createServer, type AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { KubeObject, Status, WatchEvent } from '../../../server/api/meta.js';
import type { Pod } from '../../../server/api/types/core.js';
import {
  ApiStatusError,
  Informer,
  SharedInformerFactory,
  WatchStream,
  createClient,
  isAlreadyExists,
  isConflict,
  isGone,
  isNotFound,
  keyOf,
  EventRecorder,
  loadKubeconfig,
  stripManagedFields,
  type Client,
  type WatchOptions,
} from '../../../server/client/index.js';
import { silentLogger } from '../../../server/log.js';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver.js';
import { kubectl } from '../../support/kubectl.js';

let server: TestApiServer;
let client: Client;
let namespaces = 0;

beforeAll(async () => {
  server = await startTestApiServer();
  client = createClient(await loadKubeconfig(server.kubeconfig));
});

afterAll(async () => {
  client?.close();
  await server?.close();
});

/** A fresh namespace per test, so tests do not see each other's objects. */
async function namespace(): Promise<string> {
  const name = `client-test-${++namespaces}`;
  await client.namespaces().create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return name;
}

/** Every namespace gets a kube-root-ca.crt ConfigMap; the tests' own carry this label to tell them apart. */
const OURS = 'made-by=client-test';

const configMap = (name: string, data: Record<string, string> = {}, labels?: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, labels: { 'made-by': 'client-test', ...labels } },
  data,
});

const pod = (name: string): Pod =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { containers: [{ name: 'main', image: 'busybox' }] },
  }) as Pod;

/** How long a watch or informer may take to deliver on a loaded 2-core machine. */
const DELIVERED = { timeout: 20_000 };

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('the call succeeded'),
    (error: unknown) => error,
  );
}

describe('config', () => {
  it('loads a kubeconfig that names its CA and token by file, relative to itself', async () => {
    await writeFile(join(server.stateDir, 'ca.crt'), server.pki.caCert);
    await writeFile(join(server.stateDir, 'token'), `${server.pki.tokenFor('admin')}\n`);
    const path = join(server.stateDir, 'files.kubeconfig');
    await writeFile(
      path,
      [
        'apiVersion: v1',
        'kind: Config',
        'current-context: c',
        'clusters: [{ name: k, cluster: { server: "' + server.url + '", certificate-authority: ca.crt } }]',
        'users: [{ name: u, user: { tokenFile: token } }]',
        'contexts: [{ name: c, context: { cluster: k, user: u, namespace: kube-system } }]',
      ].join('\n'),
    );
    const config = await loadKubeconfig(path);
    expect(config.namespace).toBe('kube-system');
    const fromFiles = createClient(config);
    expect((await fromFiles.namespaces().get('kube-system')).metadata.name).toBe('kube-system');
    fromFiles.close();
  });

  it('answers a request with a bad token as a 401 ApiStatusError', async () => {
    const stranger = createClient({ ...(await loadKubeconfig(server.kubeconfig)), token: 'not-a-token' });
    const error = await rejection(stranger.namespaces().list());
    expect(error).toBeInstanceOf(ApiStatusError);
    expect((error as ApiStatusError).code).toBe(401);
    stranger.close();
  });
});

describe('resource client', () => {
  it('creates, reads, updates and deletes, answering stale writes with 409 Conflict', async () => {
    const cms = client.configmaps(await namespace());
    const created = await cms.create(configMap('settings', { a: '1' }));
    expect(created.metadata.resourceVersion).toBeTruthy();
    expect(isAlreadyExists(await rejection(cms.create(configMap('settings'))))).toBe(true);

    const updated = await cms.update({ ...created, data: { a: '2' } });
    expect((await cms.get('settings')).data).toEqual({ a: '2' });
    const stale = await rejection(cms.update({ ...created, data: { a: '3' } }));
    expect(isConflict(stale)).toBe(true);
    expect((stale as ApiStatusError).status.reason).toBe('Conflict');

    expect(isConflict(await rejection(cms.delete('settings', { preconditions: { resourceVersion: '1' } })))).toBe(true);
    await cms.delete('settings', { preconditions: { resourceVersion: updated.metadata.resourceVersion } });
    const missing = await rejection(cms.get('settings'));
    expect(isNotFound(missing)).toBe(true);
    expect((missing as ApiStatusError).code).toBe(404);
  });

  it.each([
    { type: 'merge' as const, patch: { data: { b: '2' } } },
    { type: 'strategic' as const, patch: { data: { b: '2' } } },
    { type: 'json' as const, patch: [{ op: 'add', path: '/data/b', value: '2' }] },
  ])('applies a $type patch', async (patch) => {
    const cms = client.configmaps(await namespace());
    await cms.create(configMap('p', { a: '1' }));
    expect((await cms.patch('p', patch)).data).toEqual({ a: '1', b: '2' });
  });

  it('applies server-side with a field manager', async () => {
    const cms = client.configmaps(await namespace());
    const applied = await cms.patch('p', { type: 'apply', patch: configMap('p', { a: '1' }), fieldManager: 'test' });
    expect(applied.data).toEqual({ a: '1' });
    expect(applied.metadata.managedFields?.[0]?.manager).toBe('test');
  });

  it('lists in pages with limit and continue, all from one snapshot', async () => {
    const cms = client.configmaps(await namespace());
    for (let i = 0; i < 7; i++) await cms.create(configMap(`cm-${i}`));
    const first = await cms.list({ limit: 3 });
    expect(first.items.map((cm) => cm.metadata.name)).toEqual(['cm-0', 'cm-1', 'cm-2']);
    expect(first.metadata.continue).toBeTruthy();
    await cms.create(configMap('cm-late'));
    const second = await cms.list({ limit: 3, continue: first.metadata.continue });
    expect(second.items.map((cm) => cm.metadata.name)).toEqual(['cm-3', 'cm-4', 'cm-5']);

    const all = await cms.listAll({ limit: 3 });
    expect(all.items).toHaveLength(9); // with kube-root-ca.crt
    expect(all.metadata.continue).toBeUndefined();
  });

  it('filters lists by label and field selectors', async () => {
    const cms = client.configmaps(await namespace());
    await cms.create(configMap('web-1', {}, { app: 'web', tier: 'front' }));
    await cms.create(configMap('web-2', {}, { app: 'web' }));
    await cms.create(configMap('db', {}, { app: 'db' }));
    const names = async (options: { labelSelector?: string; fieldSelector?: string }) =>
      (await cms.list(options)).items.map((cm) => cm.metadata.name);
    expect(await names({ labelSelector: 'app=web' })).toEqual(['web-1', 'web-2']);
    expect(await names({ labelSelector: 'app in (db),!tier' })).toEqual(['db']);
    expect(await names({ fieldSelector: 'metadata.name=web-2' })).toEqual(['web-2']);
    expect(await names({ labelSelector: 'app=web', fieldSelector: 'metadata.name!=web-1' })).toEqual(['web-2']);
  });

  it('watches ADDED, MODIFIED and DELETED in order from a list resourceVersion', async () => {
    const cms = client.configmaps(await namespace());
    await cms.create(configMap('before'));
    const list = await cms.list();
    const watch = await cms.watch({ resourceVersion: list.metadata.resourceVersion });
    const created = await cms.create(configMap('w', { a: '1' }));
    await cms.update({ ...created, data: { a: '2' } });
    await cms.delete('w');
    const seen: string[] = [];
    for await (const event of watch) {
      seen.push(`${event.type} ${event.object.metadata.name} ${JSON.stringify(event.object.data)}`);
      if (seen.length === 3) watch.close();
    }
    expect(seen).toEqual(['ADDED w {"a":"1"}', 'MODIFIED w {"a":"2"}', 'DELETED w {"a":"2"}']);
  });

  it('ends a watch when the server times it out, after a bookmark when asked', async () => {
    const cms = client.configmaps(await namespace());
    const watch = await cms.watch({ labelSelector: OURS, timeoutSeconds: 1, allowWatchBookmarks: true });
    const created = await cms.create(configMap('x'));
    const events: WatchEvent[] = [];
    for await (const event of watch) events.push(event);
    expect(events.map((event) => event.type)).toEqual(['ADDED', 'BOOKMARK']);
    expect(events[1]!.object.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
  });

  it('hands watch events to a callback until closed', async () => {
    const cms = client.configmaps(await namespace());
    const names: string[] = [];
    const watch = await cms.watch({ labelSelector: OURS }, (event) =>
      names.push(`${event.type} ${event.object.metadata.name}`),
    );
    await cms.create(configMap('a'));
    await cms.create(configMap('b'));
    await expect.poll(() => names.length === 2, DELIVERED).toBe(true);
    watch.close();
    await cms.create(configMap('c'));
    await cms.get('c');
    expect(names).toEqual(['ADDED a', 'ADDED b']);
  });

  it('reports a watch from a compacted resourceVersion as an ERROR event carrying 410 Expired', async () => {
    const cms = client.configmaps(await namespace());
    const old = await cms.create(configMap('old'));
    await cms.create(configMap('new'));
    await server.store.compact(await server.store.currentRevision());
    const events: WatchEvent[] = [];
    for await (const event of await cms.watch({ resourceVersion: old.metadata.resourceVersion })) events.push(event);
    expect(events.map((event) => event.type)).toEqual(['ERROR']);
    expect(isGone(new ApiStatusError(events[0]!.object as unknown as Status))).toBe(true);
  });

  it('binds a pod to a node once, through pods/binding', async () => {
    const pods = client.pods(await namespace());
    const created = await pods.create(pod('p'));
    await client.bind(created, 'node-1');
    expect((await pods.get('p')).spec.nodeName).toBe('node-1');
    expect(isConflict(await rejection(client.bind(created, 'node-2')))).toBe(true);
  });

  it('evicts a pod through pods/eviction', async () => {
    const pods = client.pods(await namespace());
    const created = await pods.create(pod('p'));
    await client.evict(created, { gracePeriodSeconds: 0 });
    expect(isNotFound(await rejection(pods.get('p')))).toBe(true);
  });

  it('reads and sets replicas through the scale subresource', async () => {
    const deployments = client.deployments(await namespace());
    const labels = { app: 'web' };
    await deployments.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: pod('x').spec } },
    });
    const scale = await deployments.getScale('web');
    expect(scale.spec.replicas).toBe(1);
    expect(scale.status.selector).toBe('app=web');
    expect((await deployments.updateScale('web', 3)).spec.replicas).toBe(3);
    expect((await deployments.get('web')).spec.replicas).toBe(3);
    const stale = deployments.updateScale('web', 4, { resourceVersion: scale.metadata.resourceVersion });
    expect(isConflict(await rejection(stale))).toBe(true);
  });
});

/** Records what an informer's handlers hear, as "add name", "update name old→new", "delete name". */
function record(informer: Informer): string[] {
  const seen: string[] = [];
  const data = (object: KubeObject) => JSON.stringify(object.data ?? {});
  informer.addEventHandler({
    onAdd: (object) => seen.push(`add ${object.metadata.name}`),
    onUpdate: (old, object) => seen.push(`update ${object.metadata.name} ${data(old)}→${data(object)}`),
    onDelete: (object) => seen.push(`delete ${object.metadata.name}`),
  });
  return seen;
}

describe('informer', () => {
  it('lists, then tells its handlers of adds, updates and deletes, and keeps an indexed cache', async () => {
    const ns = await namespace();
    const cms = client.configmaps(ns);
    await cms.create(configMap('existing', {}, { tier: 'front' }));
    const informer = new Informer(cms, {
      labelSelector: OURS,
      indexers: { tier: (cm) => [cm.metadata.labels?.tier ?? 'none'] },
    });
    const seen = record(informer);
    informer.start();
    expect(await informer.waitForSync()).toBe(true);
    expect(seen).toEqual(['add existing']);

    const created = await cms.create(configMap('new', { a: '1' }));
    await cms.update({ ...created, data: { a: '2' } });
    await cms.delete('existing');
    await expect.poll(() => seen.length === 4, DELIVERED).toBe(true);
    expect(seen).toEqual(['add existing', 'add new', 'update new {"a":"1"}→{"a":"2"}', 'delete existing']);
    expect(informer.get(`${ns}/new`)?.data).toEqual({ a: '2' });
    expect(informer.byIndex('tier', 'none').map(keyOf)).toEqual([`${ns}/new`]);
    expect(informer.byIndex('tier', 'front')).toEqual([]);
    expect(informer.byIndex('namespace', ns)).toHaveLength(1);
    informer.stop();
  });

  it('resumes watching from the last resourceVersion when the server ends the watch', async () => {
    const cms = client.configmaps(await namespace());
    const listAll = vi.spyOn(cms, 'listAll');
    const watch = vi.spyOn(cms, 'watch');
    const informer = new Informer(cms, { labelSelector: OURS, watchTimeoutSeconds: 1 });
    const seen = record(informer);
    informer.start();
    await informer.waitForSync();
    await cms.create(configMap('first'));
    await expect.poll(() => watch.mock.calls.length >= 2, DELIVERED).toBe(true);
    await cms.create(configMap('second'));
    await expect.poll(() => seen.length === 2, DELIVERED).toBe(true);
    expect(seen).toEqual(['add first', 'add second']);
    expect(listAll).toHaveBeenCalledTimes(1);
    const resumedFrom = (watch.mock.calls[1]![0] as WatchOptions).resourceVersion;
    expect(Number(resumedFrom)).toBeGreaterThan(Number((watch.mock.calls[0]![0] as WatchOptions).resourceVersion));
    informer.stop();
  });

  it('relists after 410 Expired and delivers what changed meanwhile as add, update and delete', async () => {
    const cms = client.configmaps(await namespace());
    await cms.create(configMap('kept', { v: '1' }));
    await cms.create(configMap('changed', { v: '1' }));
    await cms.create(configMap('removed'));
    // The second watch waits for the gate, so the changes below happen while the informer is not watching.
    let openGate = () => {};
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const watch = cms.watch.bind(cms);
    const watches = vi.spyOn(cms, 'watch').mockImplementation(async (options) => {
      if (watches.mock.calls.length === 2) await gate;
      return watch(options);
    });
    const listAll = vi.spyOn(cms, 'listAll');
    const informer = new Informer(cms, { labelSelector: OURS, watchTimeoutSeconds: 1, backoff: { initialMs: 10 } });
    const seen = record(informer);
    informer.start();
    await informer.waitForSync();
    await expect.poll(() => watches.mock.calls.length === 2, DELIVERED).toBe(true);

    const changed = await cms.get('changed');
    await cms.update({ ...changed, data: { v: '2' } });
    await cms.delete('removed');
    await cms.create(configMap('added'));
    await server.store.compact(await server.store.currentRevision());
    openGate();

    await expect.poll(() => seen.length === 6, DELIVERED).toBe(true);
    expect(listAll).toHaveBeenCalledTimes(2);
    expect(seen.slice(3).sort()).toEqual(['add added', 'delete removed', 'update changed {"v":"1"}→{"v":"2"}']);
    expect(
      informer
        .list()
        .map((cm) => cm.metadata.name)
        .sort(),
    ).toEqual(['added', 'changed', 'kept']);
    informer.stop();
  });

  it('caches objects through its transform, listed and watched: managedFields stripped', async () => {
    const ns = await namespace();
    const cms = client.configmaps(ns);
    await cms.create(configMap('listed'));
    const informer = new Informer(cms, { labelSelector: OURS, transform: stripManagedFields });
    informer.start();
    await informer.waitForSync();
    await cms.create(configMap('watched'));
    await expect.poll(() => informer.get(`${ns}/watched`) !== undefined, DELIVERED).toBe(true);
    expect((await cms.get('watched')).metadata.managedFields).toBeDefined();
    for (const name of ['listed', 'watched']) {
      const cached = informer.get(`${ns}/${name}`)!;
      expect(cached.metadata.managedFields).toBeUndefined();
      expect(cached.metadata.labels).toEqual({ 'made-by': 'client-test' });
    }
    informer.stop();
  });

  it('shares one informer per resource through the factory and stops them all', async () => {
    const ns = await namespace();
    const factory = new SharedInformerFactory(client, { namespace: ns });
    const pods = factory.informerFor('pods');
    expect(factory.informerFor('pods')).toBe(pods);
    const nodes = factory.informerFor('nodes');
    factory.start();
    expect(await factory.waitForSync()).toBe(true);
    await client.pods(ns).create(pod('p'));
    await expect.poll(() => pods.get(`${ns}/p`) !== undefined, DELIVERED).toBe(true);
    expect(nodes.hasSynced()).toBe(true);
    factory.stop();
    expect(await factory.informerFor('services').waitForSync()).toBe(false);
  });
});

describe('event recorder', () => {
  it('writes an Event and counts its repeats on it, as kubectl describe shows them', async () => {
    const ns = await namespace();
    const target = await client.pods(ns).create(pod('target'));
    const events = new EventRecorder(client, 'client-test', silentLogger);
    for (let i = 0; i < 3; i++)
      events.event(target, 'Warning', 'FailedScheduling', 'no nodes available to schedule pods');
    await events.flush();
    const { items } = await client.events(ns).list();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      involvedObject: { kind: 'Pod', name: 'target', uid: target.metadata.uid },
      reason: 'FailedScheduling',
      count: 3,
      source: { component: 'client-test' },
    });
    const described = await kubectl(server.kubeconfig, ['describe', 'pod', 'target', '-n', ns]);
    expect(described.stdout).toMatch(
      /Warning\s+FailedScheduling\s+\S+ \(x3 over \S+\)\s+client-test\s+no nodes available/,
    );
  });
});

describe('connections', () => {
  it('sends a burst of requests over a bounded pool of kept-alive connections, watches on their own', async () => {
    const ns = await namespace();
    // A TCP relay in front of the API server counts the connections the client opens.
    let connections = 0;
    const relay = createServer((socket) => {
      connections++;
      const upstream = connect(Number(new URL(server.url).port), '127.0.0.1');
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    });
    relay.listen(0, '127.0.0.1');
    await once(relay, 'listening');
    const config = await loadKubeconfig(server.kubeconfig);
    const burst = createClient({ ...config, server: `https://127.0.0.1:${(relay.address() as AddressInfo).port}` });
    const watch = await burst.configmaps(ns).watch({ labelSelector: OURS });
    await Promise.all(Array.from({ length: 200 }, (_, i) => burst.configmaps(ns).create(configMap(`burst-${i}`))));
    expect(connections).toBeGreaterThan(2);
    expect(connections).toBeLessThanOrEqual(1 + 16);
    const seen = new Set<string>();
    for await (const event of watch) if (seen.add(event.object.metadata.name ?? '').size === 200) break;
    watch.close();
    burst.close();
    relay.close();
  });
});

describe('WatchStream', () => {
  it('puts back together events split across chunks, and several in one chunk', async () => {
    const body = new PassThrough();
    const stream = new WatchStream<WatchEvent>(body as unknown as IncomingMessage);
    const line = (name: string) => JSON.stringify({ type: 'ADDED', object: { metadata: { name } } }) + '\n';
    const text = line('a') + line('b') + line('c');
    for (const chunk of [text.slice(0, 5), text.slice(5, 40), text.slice(40, -1), text.slice(-1)]) body.write(chunk);
    body.end();
    const names: string[] = [];
    for await (const event of stream) names.push(event.object.metadata.name!);
    expect(names).toEqual(['a', 'b', 'c']);
  });

  it('fails the iteration on a line that is not JSON', async () => {
    const body = new PassThrough();
    const stream = new WatchStream<WatchEvent>(body as unknown as IncomingMessage);
    body.end('{"type":"ADDED"\n');
    await expect(async () => {
      for await (const _ of stream);
    }).rejects.toThrow(/not JSON/);
  });
});
