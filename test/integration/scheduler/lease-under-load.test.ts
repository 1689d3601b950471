// The scheduler keeps its Lease through a burst: `kubelab scheduler` (its own process, upstream's lease timing:
// 15 s duration, 10 s renew deadline, 2 s retry) binds 10,000 pending pods onto 100 API-only nodes while a watch on
// the Lease counts its renewals. Nothing here depends on how fast the machine is: the burst takes as long as it
// takes, and the only figure compared is the number of renewals against the least the renew deadline allows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WatchEvent } from '../../../server/api/meta.js';
import type { Pod } from '../../../server/api/types/core.js';
import type { Lease, Client } from '../../../server/client/index.js';
import { createNodes, startCluster, type TestCluster } from '../../support/cluster.js';

const NODES = 100;
const PODS = 10_000;
const RENEW_DEADLINE_MS = 10_000;

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startCluster({ leaseSeconds: 15 });
  // Only the scheduler under test: it starts once every pod is pending, so that all of them come at once.
  cluster.processes.scheduler!.kill('SIGKILL');
  cluster.processes['controller-manager']!.kill('SIGKILL');
});
afterAll(() => cluster?.close());

async function createPods(client: Client, count: number): Promise<void> {
  for (let start = 0; start < count; start += 50) {
    const batch = Array.from({ length: Math.min(50, count - start) }, (_, j) =>
      client.pods('default').create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `burst-${start + j}` },
        spec: { containers: [{ name: 'c', image: 'busybox', resources: { requests: { cpu: '10m' } } }] },
      } as Pod),
    );
    await Promise.all(batch);
  }
}

/** Every change to the Lease kube-system/kube-scheduler from now on, with the order it arrived in. */
async function watchLease(client: Client) {
  const leases = client.resource<Lease>(
    { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespaced: true },
    'kube-system',
  );
  const { metadata } = await leases.list({ limit: 1 });
  const stream = await leases.watch({
    fieldSelector: 'metadata.name=kube-scheduler',
    resourceVersion: metadata.resourceVersion,
  });
  const seen: { order: number; spec: NonNullable<Lease['spec']> }[] = [];
  return { seen, stream };
}

describe('the scheduler under a burst of 10,000 pending pods', () => {
  it('keeps its lease, renewing it on time while it binds them all', { timeout: 1_500_000 }, async () => {
    const { client } = cluster;
    await createNodes(
      client,
      Array.from({ length: NODES }, (_, i) => `node-${i}`),
      { cpu: '64', memory: '256Gi', pods: '200' },
    );
    await createPods(client, PODS);

    // One sequence orders lease changes and bindings as they arrive.
    let order = 0;
    const lease = await watchLease(client);
    void (async () => {
      for await (const event of lease.stream)
        if (event.type !== 'DELETED' && event.object.spec) lease.seen.push({ order: order++, spec: event.object.spec });
    })();
    const { metadata } = await client.pods('default').list({ limit: 1 });
    const pods = await client.pods('default').watch({ resourceVersion: metadata.resourceVersion });
    const bound = new Set<string>();
    let first: { order: number; at: number } | undefined;
    let last: { order: number; at: number } | undefined;
    const scheduler = cluster.start('scheduler');
    for await (const event of pods as AsyncIterable<WatchEvent<Pod>>) {
      if (event.type !== 'MODIFIED' || !event.object.spec.nodeName) continue;
      if (bound.add(event.object.metadata.name ?? '').size === 1) first = { order: order++, at: performance.now() };
      if (bound.size === PODS) {
        last = { order: order++, at: performance.now() };
        break;
      }
    }
    pods.close();
    lease.stream.close();

    expect(bound.size).toBe(PODS);
    expect(scheduler.exitCode).toBeNull();
    // The holder at the first binding is the holder throughout: no transition, and it never stopped renewing.
    const before = lease.seen.filter((change) => change.order < first!.order).at(-1);
    const during = lease.seen.filter((change) => change.order > first!.order && change.order < last!.order);
    expect(before).toBeDefined();
    for (const change of during) {
      expect(change.spec.holderIdentity).toBe(before!.spec.holderIdentity);
      expect(change.spec.leaseTransitions).toBe(before!.spec.leaseTransitions);
    }
    // A leader gives up after RENEW_DEADLINE_MS without a renewal: one that kept leading renewed at least that often.
    const leastRenewals = Math.max(1, Math.floor((last!.at - first!.at) / RENEW_DEADLINE_MS));
    console.log(`lease renewed ${during.length} times in ${Math.round(last!.at - first!.at)} ms of binding`);
    expect(during.length).toBeGreaterThanOrEqual(leastRenewals);
  });
});
