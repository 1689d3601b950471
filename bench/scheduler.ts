// Scheduler throughput end to end through the API server: N API-only nodes, M pending pods created first, then the
// scheduler starts; pods/s until every pod is bound. Reference in the same run: a brute-force scheduler that binds
// each pod round-robin with no plugins, so the ratio is the price of filters and scores. Also: a ReplicaSet scaled
// 0 → 1,000 until all 1,000 pods exist.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer } from '../server/apiserver/api-server.js';
import { bootstrapCluster } from '../server/apiserver/bootstrap.js';
import { ensurePki, kubeconfig } from '../server/apiserver/pki.js';
import { createClient, parseKubeconfig, SharedInformerFactory, type Client } from '../server/client/index.js';
import { ReplicaSetController } from '../server/controllers/replicaset.js';
import { silentLogger } from '../server/log.js';
import { Scheduler } from '../server/scheduler/scheduler.js';
import { createStore } from '../server/store/create-store.js';
import type { BenchResult } from './stats.js';

const NODES = Number(process.env.BENCH_NODES ?? 1000);
const PODS = Number(process.env.BENCH_PODS ?? 10_000);
const REPLICAS = 1000;

async function cluster() {
  const dir = await mkdtemp(join(tmpdir(), 'kubelab-bench-sched-'));
  const store = createStore({ kind: 'sqlite', path: join(dir, 'store.db') });
  const pki = ensurePki(dir);
  const server = await startApiServer({ store, pki, log: silentLogger, host: '127.0.0.1', port: 0 });
  await bootstrapCluster(store, pki.caCert, { ip: '127.0.0.1', port: server.port });
  const client = createClient(await parseKubeconfig(kubeconfig(pki, server.url, 'admin')));
  return { client, close: async () => (client.close(), await server.close(), await store.close()) };
}

async function inBatches(count: number, size: number, work: (i: number) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < count; start += size) {
    await Promise.all(Array.from({ length: Math.min(size, count - start) }, (_, j) => work(start + j)));
  }
}

async function fill(client: Client, namespace: string): Promise<void> {
  const capacity = { cpu: '32', memory: '128Gi', pods: '110' };
  await inBatches(NODES, 50, (i) =>
    client.nodes().create({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: `node-${i}`, labels: { 'kubernetes.io/hostname': `node-${i}` } },
      status: { capacity, allocatable: capacity, conditions: [{ type: 'Ready', status: 'True' }] },
    } as never),
  );
  await client.namespaces().create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } } as never);
  await inBatches(PODS, 50, (i) =>
    client.pods(namespace).create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `pod-${i}` },
      spec: {
        containers: [{ name: 'c', image: 'busybox', resources: { requests: { cpu: '10m', memory: '16Mi' } } }],
      },
    } as never),
  );
}

async function untilBound(client: Client, namespace: string, deadlineMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const pods = await client.pods(namespace).listAll({ fieldSelector: 'spec.nodeName=' });
    if (pods.items.length === 0) return performance.now() - started;
    if (performance.now() - started > deadlineMs)
      throw new Error(`${pods.items.length} pods still unbound after ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function schedulerBench(): Promise<BenchResult[]> {
  // kubelab's scheduler.
  const a = await cluster();
  await fill(a.client, 'bench');
  const scheduler = new Scheduler({ client: a.client, log: silentLogger });
  const started = performance.now();
  await scheduler.start();
  await untilBound(a.client, 'bench', 300_000);
  const schedulerMs = performance.now() - started;
  await scheduler.stop();
  await a.close();

  // Brute force: bind round-robin through the same API, no plugins.
  const b = await cluster();
  await fill(b.client, 'bench');
  const bruteStarted = performance.now();
  const pending = (await b.client.pods('bench').listAll()).items;
  await inBatches(pending.length, 16, (i) => b.client.bind(pending[i]!, `node-${i % NODES}`));
  const bruteMs = performance.now() - bruteStarted;

  // ReplicaSet 0 → 1,000.
  const informers = new SharedInformerFactory(b.client);
  const controller = new ReplicaSetController({ client: b.client, informers, log: silentLogger });
  informers.start();
  void controller.run(2);
  const labels = { app: 'scale' };
  await b.client.replicasets('bench').create({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'scale' },
    spec: {
      replicas: 0,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
    },
  } as never);
  const scaleStarted = performance.now();
  await b.client.replicasets('bench').updateScale('scale', REPLICAS);
  for (;;) {
    const pods = await b.client.pods('bench').listAll({ labelSelector: 'app=scale' });
    if (pods.items.length >= REPLICAS) break;
    if (performance.now() - scaleStarted > 300_000)
      throw new Error('the ReplicaSet did not reach 1,000 pods in 5 minutes');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const scaleMs = performance.now() - scaleStarted;
  controller.stop();
  informers.stop();
  await b.close();

  return [
    {
      name: `scheduler throughput, ${NODES} nodes, ${PODS} pending pods`,
      unit: 'pods/s',
      runs: 1,
      figures: {
        podsPerSecond: PODS / (schedulerMs / 1000),
        bruteForcePodsPerSecond: PODS / (bruteMs / 1000),
        ratioToBruteForce: bruteMs / schedulerMs,
        goal: 1000,
      },
      reference: 'round-robin binding of the same pods through the same API server, no plugins, same run',
    },
    {
      name: `ReplicaSet scaled 0 to ${REPLICAS}`,
      unit: 'ms',
      runs: 1,
      figures: { untilAllPodsExist: scaleMs, podsPerSecond: REPLICAS / (scaleMs / 1000) },
      reference: 'the brute-force binding above writes one object per pod through the same API: compare pods/s',
    },
  ];
}
