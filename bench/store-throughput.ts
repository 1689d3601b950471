// Store write throughput: create+update pairs through the Store interface, one at a time and 16 in flight, for the
// embedded SQLite store (a WAL file in a temp dir) and, as the reference in the same run, a single etcd member
// started the same way the integration tests start it (Debian's /usr/bin/etcd on a temp data dir).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EtcdStore } from '../server/store/etcd/etcd-store.js';
import { SqliteStore } from '../server/store/sqlite/sqlite-store.js';
import type { Store } from '../server/store/store.js';
import { startEtcd } from './etcd.js';
import type { BenchResult } from './stats.js';

const WRITES = 2_000;
const TIME_LIMIT_MS = 20_000;
const IN_FLIGHT = 16;

export async function storeThroughput(): Promise<BenchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'kubelab-bench-store-'));
  const etcd = await startEtcd();
  try {
    const sqlite = await measure(() => new SqliteStore({ path: join(dir, 'store.db') }));
    const reference = await measure(() => new EtcdStore({ servers: [etcd.clientUrl] }));
    return {
      name: 'store write throughput',
      unit: 'writes/s',
      runs: WRITES,
      figures: {
        sqliteSequential: sqlite.sequential,
        sqliteConcurrent: sqlite.concurrent,
        etcdSequential: reference.sequential,
        etcdConcurrent: reference.concurrent,
        ratioSequential: sqlite.sequential / reference.sequential,
        ratioConcurrent: sqlite.concurrent / reference.concurrent,
      },
      reference:
        `a single etcd 3.4 member (Debian /usr/bin/etcd, temp data dir) in the same run; ${IN_FLIGHT} in flight ` +
        'when concurrent. SQLite runs WAL with synchronous=NORMAL (no fsync per commit, as kine); etcd fsyncs each write',
    };
  } finally {
    await etcd.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function measure(open: () => Store): Promise<{ sequential: number; concurrent: number }> {
  const store = open();
  try {
    return {
      sequential: await writesPerSecond(store, '/registry/bench-sequential/default/', 1),
      concurrent: await writesPerSecond(store, '/registry/bench-concurrent/default/', IN_FLIGHT),
    };
  } finally {
    await store.close();
  }
}

/** Runs `inFlight` workers, each creating an object and updating it once, until WRITES or the time limit. */
async function writesPerSecond(store: Store, prefix: string, inFlight: number): Promise<number> {
  let writes = 0;
  let next = 0;
  const started = performance.now();
  const deadline = started + TIME_LIMIT_MS;
  const worker = async () => {
    while (writes < WRITES && performance.now() < deadline) {
      const key = `${prefix}object-${next++}`;
      const revision = await store.create(key, JSON.stringify({ kind: 'ConfigMap', data: { n: next } }));
      await store.update(key, JSON.stringify({ kind: 'ConfigMap', data: { n: next, updated: true } }), revision);
      writes += 2;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return writes / ((performance.now() - started) / 1000);
}
