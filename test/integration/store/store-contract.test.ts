// The Store contract: every backend (memory, SQLite on a temp file, a real etcd from Debian) passes the same suite.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EtcdStore } from '../../../server/store/etcd/etcd-store.js';
import { MemoryStore } from '../../../server/store/memory/memory-store.js';
import { SqliteStore } from '../../../server/store/sqlite/sqlite-store.js';
import {
  CompactedError,
  KeyExistsError,
  KeyNotFoundError,
  RevisionConflictError,
  type Store,
  type StoreEvent,
} from '../../../server/store/store.js';
import { startEtcd, type TestEtcd } from '../../support/etcd.js';

/** A running backend; `open` gives a store on it (a fresh one where the backend allows). */
interface Harness {
  open(): Promise<Store>;
  stop(): Promise<void>;
  etcd?: TestEtcd;
}

const backends: { name: string; start: () => Promise<Harness> }[] = [
  { name: 'memory', start: async () => ({ open: async () => new MemoryStore(), stop: async () => {} }) },
  {
    name: 'sqlite',
    start: async () => {
      const dir = await mkdtemp(join(tmpdir(), 'kubelab-store-'));
      let files = 0;
      return {
        open: async () => new SqliteStore({ path: join(dir, `store-${++files}.db`) }),
        stop: () => rm(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 'etcd',
    start: async () => {
      const etcd = await startEtcd();
      return { open: async () => new EtcdStore({ servers: [etcd.clientUrl] }), stop: etcd.stop, etcd };
    },
  },
];

/** Every event a watch delivers, and its watcher. */
async function collect(store: Store, prefix: string, afterRevision?: number) {
  const events: StoreEvent[] = [];
  const watcher = await store.watch(prefix, (event) => events.push(event), { afterRevision });
  return { events, watcher };
}

function summary(events: StoreEvent[]) {
  return events.map(({ type, key, value, revision }) => ({ type, key, value, revision }));
}

let resources = 0;

describe.each(backends)('the $name store', (backend) => {
  let harness: Harness;
  let store: Store;
  /** Keys of this test live under their own resource, so tests sharing one etcd do not see each other's keys. */
  let root: string;
  const key = (path: string) => `${root}/${path}`;

  beforeAll(async () => {
    harness = await backend.start();
  });
  afterAll(() => harness?.stop());
  beforeEach(async () => {
    store = await harness.open();
    root = `/registry/widgets${++resources}`;
  });
  afterEach(() => store?.close());

  it('creates a key and reads it back at the revision of the write', async () => {
    const revision = await store.create(key('default/a'), '{"n":1}');
    expect(await store.get(key('default/a'))).toEqual({ key: key('default/a'), value: '{"n":1}', revision });
    expect(await store.get(key('default/missing'))).toBeNull();
  });

  it('rejects creating a key that exists with KeyExistsError', async () => {
    await store.create(key('default/a'), '1');
    await expect(store.create(key('default/a'), '2')).rejects.toBeInstanceOf(KeyExistsError);
    expect((await store.get(key('default/a')))?.value).toBe('1');
  });

  it('lists keys under a prefix in key order, leaving out a sibling whose name only starts the same', async () => {
    for (const name of ['default/c', 'default/a', 'default2/x', 'default/b', 'defaul/z']) {
      await store.create(key(name), name);
    }
    const listed = await store.list(key('default/'));
    expect(listed.items.map((item) => item.key)).toEqual([key('default/a'), key('default/b'), key('default/c')]);
    expect(listed.revision).toBe(await store.currentRevision());
    expect(listed.more).toBe(false);
  });

  it('lists as of an older revision', async () => {
    const first = await store.create(key('default/a'), 'a1');
    await store.create(key('default/b'), 'b1');
    const before = await store.currentRevision();
    await store.update(key('default/a'), 'a2', first);
    await store.delete(key('default/b'));
    await store.create(key('default/c'), 'c1');

    const old = await store.list(key('default/'), { revision: before });
    expect(old.revision).toBe(before);
    expect(old.items.map((item) => [item.key, item.value])).toEqual([
      [key('default/a'), 'a1'],
      [key('default/b'), 'b1'],
    ]);
    const now = await store.list(key('default/'));
    expect(now.items.map((item) => item.value)).toEqual(['a2', 'c1']);
  });

  it('pages through a prefix with limit and startAfter, saying whether more follow', async () => {
    for (const name of ['e', 'a', 'd', 'b', 'c']) await store.create(key(`default/${name}`), name);
    const pages: string[][] = [];
    let startAfter: string | undefined;
    for (;;) {
      const page = await store.list(key('default/'), { limit: 2, startAfter });
      pages.push(page.items.map((item) => item.value));
      if (!page.more) break;
      startAfter = page.items.at(-1)!.key;
    }
    expect(pages).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('updates only at the expected revision, reporting the actual one on conflict', async () => {
    const created = await store.create(key('default/a'), 'v1');
    const updated = await store.update(key('default/a'), 'v2', created);
    expect(updated).toBeGreaterThan(created);
    expect(await store.get(key('default/a'))).toMatchObject({ value: 'v2', revision: updated });

    const conflict = await store.update(key('default/a'), 'v3', created).catch((error: unknown) => error);
    expect(conflict).toBeInstanceOf(RevisionConflictError);
    expect(conflict).toMatchObject({ expected: created, actual: updated });
    expect((await store.get(key('default/a')))?.value).toBe('v2');
  });

  it('answers KeyNotFoundError to an update or delete of a missing key', async () => {
    await expect(store.update(key('default/none'), 'x', 1)).rejects.toBeInstanceOf(KeyNotFoundError);
    await expect(store.delete(key('default/none'))).rejects.toBeInstanceOf(KeyNotFoundError);
    await expect(store.delete(key('default/none'), 1)).rejects.toBeInstanceOf(KeyNotFoundError);
  });

  it('deletes, returning the previous value, only at the expected revision when one is given', async () => {
    const created = await store.create(key('default/a'), 'last');
    await expect(store.delete(key('default/a'), created + 1000)).rejects.toBeInstanceOf(RevisionConflictError);
    const deleted = await store.delete(key('default/a'), created);
    expect(deleted.prev).toEqual({ key: key('default/a'), value: 'last', revision: created });
    expect(deleted.revision).toBeGreaterThan(created);
    expect(await store.get(key('default/a'))).toBeNull();
    expect((await store.list(key('default/'))).items).toEqual([]);
    const again = await store.create(key('default/a'), 'again');
    expect(again).toBeGreaterThan(deleted.revision);
  });

  it('leaves a tombstone that watchers see as a delete event carrying the last value', async () => {
    const created = await store.create(key('default/a'), 'v1');
    const updated = await store.update(key('default/a'), 'v2', created);
    const live = await collect(store, key('default/'));
    const { revision } = await store.delete(key('default/a'));
    await expect.poll(() => live.events.length).toBe(1);
    expect(live.events[0]).toMatchObject({ type: 'delete', key: key('default/a'), value: 'v2', revision });

    const replayed = await collect(store, key('default/'), created);
    await expect.poll(() => replayed.events.length).toBe(2);
    expect(replayed.events[0]).toMatchObject({ type: 'update', value: 'v2', prevValue: 'v1', revision: updated });
    expect(replayed.events[1]).toMatchObject({ type: 'delete', value: 'v2', revision });
    live.watcher.close();
    replayed.watcher.close();
  });

  it('gives every write a revision above all earlier ones, across keys', async () => {
    const start = await store.currentRevision();
    const revisions = [
      await store.create(key('default/a'), '1'),
      await store.create(key('other/b'), '1'),
      await store.create(key('default/c'), '1'),
    ];
    revisions.push(await store.update(key('default/a'), '2', revisions[0]!));
    revisions.push((await store.delete(key('other/b'))).revision);
    expect(revisions[0]).toBeGreaterThan(start);
    for (let i = 1; i < revisions.length; i++) expect(revisions[i]).toBeGreaterThan(revisions[i - 1]!);
    expect(await store.currentRevision()).toBe(revisions.at(-1));
  });

  it('replays history after a revision in order, then streams live events', async () => {
    const a = await store.create(key('default/a'), 'a1');
    const b = await store.create(key('default/b'), 'b1');
    const a2 = await store.update(key('default/a'), 'a2', a);
    const watch = await collect(store, key('default/'), a);
    const c = await store.create(key('default/c'), 'c1');
    await expect.poll(() => watch.events.length).toBe(3);
    expect(summary(watch.events)).toEqual([
      { type: 'create', key: key('default/b'), value: 'b1', revision: b },
      { type: 'update', key: key('default/a'), value: 'a2', revision: a2 },
      { type: 'create', key: key('default/c'), value: 'c1', revision: c },
    ]);
    watch.watcher.close();
  });

  it('watches only its own prefix', async () => {
    const watch = await collect(store, key('default/'));
    await store.create(key('default2/x'), 'x');
    await store.create(key('kube-system/y'), 'y');
    const mine = await store.create(key('default/z'), 'z');
    await expect.poll(() => watch.events.length).toBe(1);
    expect(watch.events[0]).toMatchObject({ key: key('default/z'), revision: mine });
    watch.watcher.close();
  });

  it('rejects lists and watches below the compacted revision, and still serves newer ones', async () => {
    const old = await store.create(key('default/a'), 'a1');
    await store.update(key('default/a'), 'a2', old);
    const gone = await store.create(key('default/b'), 'b1');
    await store.delete(key('default/b'));
    const compacted = await store.create(key('default/c'), 'c1');
    const newer = await store.create(key('default/d'), 'd1');
    await store.compact(compacted);

    await expect(store.list(key('default/'), { revision: old })).rejects.toBeInstanceOf(CompactedError);
    await expect(store.list(key('default/'), { revision: compacted - 1 })).rejects.toBeInstanceOf(CompactedError);
    await expect(collect(store, key('default/'), old)).rejects.toBeInstanceOf(CompactedError);
    await expect(collect(store, key('default/'), gone)).rejects.toBeInstanceOf(CompactedError);

    const atCompacted = await store.list(key('default/'), { revision: compacted });
    expect(atCompacted.items.map((item) => item.value)).toEqual(['a2', 'c1']);
    expect((await store.list(key('default/'))).items.map((item) => item.value)).toEqual(['a2', 'c1', 'd1']);
    const watch = await collect(store, key('default/'), compacted);
    await expect
      .poll(() => summary(watch.events))
      .toEqual([{ type: 'create', key: key('default/d'), value: 'd1', revision: newer }]);
    watch.watcher.close();
  });

  it('stops delivering events to a watcher once it is closed', async () => {
    const closed = await collect(store, key('default/'));
    const open = await collect(store, key('default/'));
    await store.create(key('default/a'), 'a');
    await expect.poll(() => closed.events.length).toBe(1);
    closed.watcher.close();
    await store.create(key('default/b'), 'b');
    await expect.poll(() => open.events.length).toBe(2);
    expect(closed.events).toHaveLength(1);
    open.watcher.close();
  });

  it('lets exactly one of many concurrent updates at the same revision win', async () => {
    const created = await store.create(key('default/a'), 'v0');
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => store.update(key('default/a'), `v${i + 1}`, created)),
    );
    const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const lost = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(won).toHaveLength(1);
    for (const outcome of lost) expect(outcome.reason).toBeInstanceOf(RevisionConflictError);
    expect((await store.get(key('default/a')))?.revision).toBe(won[0]!.value);
  });
});

describe.each([
  { name: 'memory', open: () => new MemoryStore({ watchCapacity: 5 }) },
  { name: 'sqlite', open: () => new SqliteStore({ path: ':memory:', watchCapacity: 5 }) },
])('the in-process $name store', ({ open }) => {
  it('drops a watcher that falls too far behind instead of queueing without bound', async () => {
    const store = open();
    const events: StoreEvent[] = [];
    let dropped = false;
    await store.watch('/registry/', (event) => events.push(event), { onDropped: () => (dropped = true) });
    // Twenty writes in one tick: the watcher cannot take any of them before its queue of five is full.
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.create(`/registry/widgets/default/w${i}`, '{}')));
    await expect.poll(() => dropped).toBe(true);
    expect(events.length).toBeLessThanOrEqual(5);
    await store.close();
  });
});

describe('the sqlite store on disk', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubelab-store-durable-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('keeps data, revisions and the compacted revision when the file is opened again', async () => {
    const path = join(dir, 'store.db');
    const first = new SqliteStore({ path });
    const a = await first.create('/registry/widgets/default/a', 'a1');
    await first.update('/registry/widgets/default/a', 'a2', a);
    const b = await first.create('/registry/widgets/default/b', 'b1');
    const last = (await first.delete('/registry/widgets/default/b', b)).revision;
    await first.compact(b);
    await first.close();

    const second = new SqliteStore({ path });
    expect(await second.currentRevision()).toBe(last);
    expect((await second.list('/registry/widgets/')).items.map((item) => item.value)).toEqual(['a2']);
    await expect(second.list('/registry/widgets/', { revision: a })).rejects.toBeInstanceOf(CompactedError);
    expect(await second.create('/registry/widgets/default/c', 'c1')).toBe(last + 1);
    await second.close();
  });
});

describe('the etcd store', () => {
  let etcd: TestEtcd;
  beforeAll(async () => {
    etcd = await startEtcd();
  });
  afterAll(() => etcd?.stop());

  it('stores objects under their own keys, as etcdctl shows them', async () => {
    const store = new EtcdStore({ servers: [etcd.clientUrl] });
    await store.create('/registry/pods/default/web', '{"kind":"Pod"}');
    const { stdout } = await promisify(execFile)('/usr/bin/etcdctl', [
      `--endpoints=${etcd.clientUrl}`,
      'get',
      '--prefix',
      '/registry',
    ]);
    expect(stdout).toBe('/registry/pods/default/web\n{"kind":"Pod"}\n');
    await store.close();
  });

  it('drops its watchers when the member goes away', async () => {
    const doomed = await startEtcd();
    const store = new EtcdStore({ servers: [doomed.clientUrl] });
    let dropped = false;
    await store.watch('/registry/', () => {}, { onDropped: () => (dropped = true) });
    await doomed.stop();
    await expect.poll(() => dropped).toBe(true);
    await store.close();
  });

  it('fails over to the next member when the first does not answer', async () => {
    const store = new EtcdStore({ servers: ['http://127.0.0.1:1', etcd.clientUrl] });
    expect(await store.currentRevision()).toBeGreaterThan(0);
    await store.close();
  });
});
