// API server targets, each beside a reference measured in the same run on the same store:
//   - a mutating call at a steady 20 writes/s over HTTPS, against the store's own create;
//   - LIST of 10,000 pods (JSON and as kubectl's Table), against the store's own list;
//   - one change reaching 100 watchers over HTTPS, against 100 watchers on the store itself.
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer } from '../server/apiserver/api-server.js';
import { bootstrapCluster } from '../server/apiserver/bootstrap.js';
import { ensurePki } from '../server/apiserver/pki.js';
import { silentLogger } from '../server/log.js';
import { createStore } from '../server/store/create-store.js';
import { percentile, type BenchResult } from './stats.js';

const PODS = 10_000;
const WATCHERS = 100;
const WATCHED_CHANGES = 30;

export async function apiServerBench(): Promise<BenchResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'kubelab-bench-api-'));
  try {
    return await measure(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The three measurements, on an API server and SQLite store kept in `dir`; both are closed before it returns. */
async function measure(dir: string): Promise<BenchResult[]> {
  const store = await createStore({ kind: 'sqlite', path: join(dir, 'store.db') });
  const pki = ensurePki(dir);
  const server = await startApiServer({ store, pki, log: silentLogger, host: '127.0.0.1', port: 0 });
  await bootstrapCluster(store, pki.caCert, { ip: '127.0.0.1', port: server.port });
  const agent = new Agent({ ca: pki.caCert, keepAlive: true, maxSockets: WATCHERS + 20 });
  const token = pki.tokenFor('admin');
  const call = (method: string, path: string, body?: unknown, accept = 'application/json') =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        `${server.url}${path}`,
        { method, agent, headers: { authorization: `Bearer ${token}`, accept, 'content-type': 'application/json' } },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });

  // 1. Writes at 20/s for 10 s.
  const writes: number[] = [];
  for (let i = 0; i < 200; i++) {
    const started = performance.now();
    await call('POST', '/api/v1/namespaces/default/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `cm-${i}` },
      data: { i: String(i) },
    });
    writes.push(performance.now() - started);
    await sleepUntil(started + 50);
  }
  const storeWrites: number[] = [];
  for (let i = 0; i < 200; i++) {
    const started = performance.now();
    await store.create(`/registry/bench/direct-${i}`, JSON.stringify({ i }));
    storeWrites.push(performance.now() - started);
  }

  // 2. LIST of 10,000 pods.
  const pod = (i: number) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `pod-${i}`, namespace: 'default', uid: `uid-${i}`, creationTimestamp: new Date().toISOString() },
    spec: { containers: [{ name: 'c', image: 'busybox' }], nodeName: `node-${i % 100}` },
    status: { phase: 'Running' },
  });
  for (let i = 0; i < PODS; i++) await store.create(`/registry/pods/default/pod-${i}`, JSON.stringify(pod(i)));
  const timed = async (work: () => Promise<unknown>) => {
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await work();
      runs.push(performance.now() - started);
    }
    return percentile(runs, 50);
  };
  const listJson = await timed(() => call('GET', '/api/v1/pods'));
  const listTable = await timed(() =>
    call(
      'GET',
      '/api/v1/namespaces/default/pods',
      undefined,
      'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
    ),
  );
  const listStore = await timed(() => store.list('/registry/pods/'));

  // 3. One change, 100 watchers.
  const rv = JSON.parse((await call('GET', '/api/v1/namespaces/default/configmaps?limit=1')).text).metadata
    .resourceVersion;
  const sent = new Map<string, number>();
  const delays: number[] = [];
  const watches = Array.from({ length: WATCHERS }, () =>
    request(
      `${server.url}/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${rv}&fieldSelector=metadata.name%3Dwatched`,
      { agent, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        let buffer = '';
        res.on('data', (chunk: Buffer) => {
          buffer += chunk.toString();
          let newline;
          while ((newline = buffer.indexOf('\n')) >= 0) {
            const event = JSON.parse(buffer.slice(0, newline)) as { object: { data?: { n?: string } } };
            buffer = buffer.slice(newline + 1);
            const at = sent.get(event.object.data?.n ?? '');
            if (at !== undefined) delays.push(performance.now() - at);
          }
        });
      },
    ).end(),
  );
  await new Promise((resolve) => setTimeout(resolve, 1000));
  for (let n = 0; n < WATCHED_CHANGES; n++) {
    sent.set(String(n), performance.now());
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'watched' }, data: { n: String(n) } };
    if (n === 0) await call('POST', '/api/v1/namespaces/default/configmaps', body);
    else await call('PUT', '/api/v1/namespaces/default/configmaps/watched', body);
    await sleepUntil(performance.now() + 50);
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  for (const watch of watches) watch.destroy();
  const storeDelays: number[] = [];
  const storeSent = new Map<string, number>();
  const storeWatchers = await Promise.all(
    Array.from({ length: WATCHERS }, () =>
      store.watch('/registry/bench/watched', (event) =>
        storeDelays.push(performance.now() - storeSent.get(event.value)!),
      ),
    ),
  );
  for (let n = 0; n < WATCHED_CHANGES; n++) {
    const value = JSON.stringify({ n });
    storeSent.set(value, performance.now());
    await store.create(`/registry/bench/watched-${n}`, value);
    await sleepUntil(performance.now() + 20);
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  for (const watcher of storeWatchers) watcher.close();
  agent.destroy();
  await server.close();
  await store.close();

  return [
    {
      name: 'API mutating call at 20 writes per second (sqlite)',
      unit: 'ms',
      runs: writes.length,
      figures: {
        p50: percentile(writes, 50),
        p99: percentile(writes, 99),
        storeP99: percentile(storeWrites, 99),
        target: 25,
      },
      reference: 'the same number of creates straight on the sqlite store, same run',
    },
    {
      name: `API LIST of ${PODS} pods`,
      unit: 'ms',
      runs: 5,
      figures: { json: listJson, table: listTable, store: listStore, ratioToStore: listJson / listStore, target: 300 },
      reference: 'store.list of the same prefix, same run',
    },
    {
      name: `API watch event reaching ${WATCHERS} watchers`,
      unit: 'ms',
      runs: delays.length,
      figures: {
        p50: percentile(delays, 50),
        p99: percentile(delays, 99),
        delivered: delays.length,
        storeP99: percentile(storeDelays, 99),
        target: 50,
      },
      reference: `${WATCHERS} watchers on the store itself, same run`,
    },
  ];
}

function sleepUntil(at: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, at - performance.now())));
}
