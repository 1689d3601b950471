// Scheduler throughput end to end through the API server, as kubelab runs: `kubelab apiserver` and `kubelab
// scheduler` each in its own process. N API-only nodes and M pending pods are created first, then the scheduler
// starts; a watch counts bindings. Reference in the same run: a brute-force scheduler that binds each pod
// round-robin with no plugins through the same kind of API server, so the ratio is the price of filters and scores.
// Also: a ReplicaSet scaled 0 → 1,000 until all 1,000 pods exist.
import type { WatchEvent } from '../server/api/meta.js';
import type { Pod } from '../server/api/types/core.js';
import { SharedInformerFactory, type Client } from '../server/client/index.js';
import { ReplicaSetController } from '../server/controllers/replicaset.js';
import { silentLogger } from '../server/log.js';
import { startBenchCluster } from './processes.js';
import type { BenchResult } from './stats.js';

const NODES = Number(process.env.BENCH_NODES ?? 1000);
const PODS = Number(process.env.BENCH_PODS ?? 10_000);
const REPLICAS = 1000;
const DEADLINE_MS = 600_000;

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

/**
 * Watches pods from now on (opened before anything happens); `done` resolves once `enough` says so after an event,
 * and rejects with `shortfall()` when DEADLINE_MS passes first.
 */
async function watchPodsUntil(
  client: Client,
  namespace: string,
  labelSelector: string | undefined,
  enough: (event: WatchEvent<Pod>) => boolean,
  shortfall: () => string,
): Promise<{ done: Promise<void> }> {
  const { metadata } = await client.pods(namespace).list({ limit: 1 });
  const stream = await client.pods(namespace).watch({ labelSelector, resourceVersion: metadata.resourceVersion });
  const done = (async () => {
    const deadline = setTimeout(() => stream.close(), DEADLINE_MS);
    let reached = false;
    for await (const event of stream) if ((reached = enough(event as WatchEvent<Pod>))) break;
    clearTimeout(deadline);
    stream.close();
    if (!reached) throw new Error(`${shortfall()} after ${DEADLINE_MS} ms`);
  })();
  return { done };
}

/** Times of the first and the last binding of `PODS` pods. */
async function watchBindings(client: Client, namespace: string) {
  const bound = new Set<string>();
  let first = 0;
  const watch = await watchPodsUntil(
    client,
    namespace,
    undefined,
    ({ type, object: pod }) => {
      if (type !== 'MODIFIED' || !pod.spec?.nodeName) return false;
      if (bound.size === 0) first = performance.now();
      return bound.add(pod.metadata.name ?? '').size === PODS;
    },
    () => `${PODS - bound.size} pods still unbound`,
  );
  return { done: watch.done.then(() => ({ first, last: performance.now() })) };
}

/** Resolves once `count` pods matching `labelSelector` have been created. */
async function countAdded(client: Client, namespace: string, labelSelector: string, count: number) {
  let added = 0;
  return watchPodsUntil(
    client,
    namespace,
    labelSelector,
    ({ type }) => type === 'ADDED' && ++added === count,
    () => `only ${added} of ${count} pods created`,
  );
}

export async function schedulerBench(): Promise<BenchResult[]> {
  // kubelab's scheduler, its own process.
  const a = await startBenchCluster();
  await fill(a.client, 'bench');
  const bindings = await watchBindings(a.client, 'bench');
  const started = performance.now();
  a.start('scheduler');
  const { first, last } = await bindings.done;
  await a.close();

  // Brute force: bind round-robin through the same kind of API server, no plugins, from this process.
  const b = await startBenchCluster();
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
  const created = await countAdded(b.client, 'bench', 'app=scale', REPLICAS);
  const scaleStarted = performance.now();
  await b.client.replicasets('bench').updateScale('scale', REPLICAS);
  await created.done;
  const scaleMs = performance.now() - scaleStarted;
  controller.stop();
  informers.stop();
  await b.close();

  const bindingMs = last - first;
  return [
    {
      name: `scheduler throughput, ${NODES} nodes, ${PODS} pending pods`,
      unit: 'pods/s',
      runs: 1,
      figures: {
        podsPerSecond: PODS / (bindingMs / 1000),
        podsPerSecondIncludingStart: PODS / ((last - started) / 1000),
        startToFirstBindingMs: first - started,
        bruteForcePodsPerSecond: PODS / (bruteMs / 1000),
        ratioToBruteForce: bruteMs / bindingMs,
        goal: 1000,
      },
      reference:
        'podsPerSecond: first to last binding; IncludingStart: from spawning `kubelab scheduler` (node start, ' +
        'informer sync of every pod and node). Reference: round-robin binding of the same pods through the same ' +
        'kind of API server, no plugins, same run',
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
