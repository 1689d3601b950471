// PodTopologySpread's system default constraints through the real thing: the API server, scheduler and
// controller-manager as processes, 3 equal API-only nodes, and a Deployment of 3 replicas created with kubectl.
// Its pods land one per node, and each decision shows PodTopologySpread's scores (before, it had nothing to score
// for pods without constraints of their own).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '../../../server/api/types/core.js';
import { SchedulingDecision, DECISION_ANNOTATION } from '../../../server/protocol/cluster.js';
import { createNodes, startCluster, type TestCluster } from '../../support/cluster.js';
import { kubectl } from '../../support/kubectl.js';

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startCluster();
  await createNodes(cluster.client, ['node-1', 'node-2', 'node-3']);
}, 60_000);
afterAll(() => cluster?.close());

describe('default topology spreading', () => {
  it('places the 3 replicas of a Deployment on 3 equal nodes, one per node', async () => {
    await kubectl(cluster.kubeconfig, ['create', 'deployment', 'spread', '--image=nginx', '--replicas=3']);
    const bound = async () =>
      ((await cluster.client.pods('default').list({ labelSelector: 'app=spread' })).items as Pod[]).filter(
        (pod) => pod.spec.nodeName,
      );
    await expect.poll(async () => (await bound()).length, { timeout: 30_000, interval: 200 }).toBe(3);
    const pods = await bound();
    expect(pods.map((pod) => pod.spec.nodeName).sort()).toEqual(['node-1', 'node-2', 'node-3']);
    for (const pod of pods) {
      const decision = SchedulingDecision.parse(JSON.parse(pod.metadata.annotations?.[DECISION_ANNOTATION] ?? '{}'));
      expect(Object.keys(decision.scores[0]?.plugins ?? {})).toContain('PodTopologySpread');
    }
  });
});
