import { afterEach, describe, expect, it } from 'vitest';
import type { Node, Pod, Taint, Toleration } from '../../../server/api/types/core.js';
import { FakeClock } from '../../support/fake-clock.js';
import {
  NodeLifecycleController,
  UNREACHABLE_TAINT,
  evictionTime,
} from '../../../server/controllers/node-lifecycle.js';
import { toleratesTaint } from '../../../server/api/taints.js';
import { silentLogger } from '../../../server/log.js';
import { FakeClient } from '../../support/fake-client.js';

const T0 = Date.parse('2024-01-01T00:00:00Z');
const node: Node = {
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'n1' },
  spec: {},
  status: { conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: '2024-01-01T00:00:00Z' }] },
};
const lease = {
  apiVersion: 'coordination.k8s.io/v1',
  kind: 'Lease',
  metadata: { name: 'n1', namespace: 'kube-node-lease' },
  spec: { renewTime: '2024-01-01T00:00:00.000000Z' },
};
const pod = (name: string, tolerations: Toleration[] = []): Pod =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'ns', uid: `${name}-uid` },
    spec: { containers: [], nodeName: 'n1', tolerations },
  }) as Pod;
const unreachableFor = (seconds: number): Toleration => ({
  key: UNREACHABLE_TAINT,
  operator: 'Exists',
  effect: 'NoExecute',
  tolerationSeconds: seconds,
});

let controller: NodeLifecycleController | undefined;
afterEach(() => controller?.stop());

function setup(...pods: Pod[]) {
  const fake = new FakeClient();
  const clock = new FakeClock(T0);
  fake.seed('nodes', node);
  fake.seed('leases', lease);
  fake.seed('pods', ...pods);
  controller = new NodeLifecycleController({
    client: fake.client,
    informers: fake.factory,
    log: silentLogger,
    clock,
    gracePeriodMs: 40_000,
  });
  return { fake, clock };
}

const stored = (fake: FakeClient) => fake.find<Node>('nodes', 'n1')!;
const ready = (n: Node) =>
  (n.status?.conditions as { type: string; status: string; reason?: string; message?: string }[])[0];

describe('NodeLifecycleController.sync', () => {
  it('leaves a node alone within the grace period', async () => {
    const { fake, clock } = setup(pod('p'));
    await controller!.sync('n1');
    clock.advance(39_000);
    await controller!.sync('n1');
    expect(fake.writes()).toEqual([]);
  });

  it('marks a silent node Unknown, taints it unreachable and evicts untolerating pods', async () => {
    const { fake, clock } = setup(pod('p'));
    await controller!.sync('n1');
    clock.advance(40_000);
    await controller!.sync('n1');
    expect(fake.writes().map((a) => `${a.verb} ${a.resource}${a.subresource ? `/${a.subresource}` : ''}`)).toEqual([
      'update nodes/status',
      'update nodes',
      'delete pods',
    ]);
    expect(ready(stored(fake))).toMatchObject({
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
    });
    expect(stored(fake).spec?.taints?.map((t) => `${t.key}:${t.effect}`)).toEqual([
      `${UNREACHABLE_TAINT}:NoSchedule`,
      `${UNREACHABLE_TAINT}:NoExecute`,
    ]);
    await expect
      .poll(() => fake.events('Node/n1').map((e) => e.message))
      .toEqual(['Node n1 status is now: NodeNotReady']);
    await expect
      .poll(() => fake.events('Pod/p').map((e) => `${e.reason} ${e.message}`))
      .toEqual(['TaintManagerEviction Marking for deletion Pod ns/p']);
  });

  it('evicts a tolerating pod only once its tolerationSeconds have run out', async () => {
    const { fake, clock } = setup(pod('p', [unreachableFor(300)]));
    await controller!.sync('n1');
    clock.advance(40_000);
    await controller!.sync('n1');
    expect(fake.writes('pods')).toEqual([]);
    clock.advance(299_000);
    await controller!.sync('n1');
    expect(fake.writes('pods')).toEqual([]);
    clock.advance(1_000);
    await controller!.sync('n1');
    expect(fake.writes('pods').map((a) => a.name)).toEqual(['p']);
  });

  it('a renewed Lease keeps the node healthy', async () => {
    const { fake, clock } = setup();
    await controller!.sync('n1');
    clock.advance(30_000);
    fake
      .informer('leases')
      .update({ ...lease, metadata: { ...lease.metadata, resourceVersion: '99' }, spec: { renewTime: 'later' } });
    await controller!.sync('n1');
    clock.advance(30_000);
    await controller!.sync('n1');
    expect(fake.writes()).toEqual([]);
  });

  it('removes the taints when the node reports Ready again', async () => {
    const { fake, clock } = setup();
    await controller!.sync('n1');
    clock.advance(40_000);
    await controller!.sync('n1');
    const back = stored(fake);
    await fake.client.nodes().updateStatus({
      ...back,
      status: { conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: '2024-01-01T00:01:00Z' }] },
    });
    await controller!.sync('n1');
    expect(stored(fake).spec?.taints).toEqual([]);
  });

  it('does nothing for a node that is gone', async () => {
    const { fake } = setup();
    await controller!.sync('n2');
    expect(fake.writes()).toEqual([]);
  });
});

describe('evictionTime', () => {
  const taint: Taint = { key: UNREACHABLE_TAINT, effect: 'NoExecute', timeAdded: '2024-01-01T00:00:00Z' };
  it.each([
    ['no toleration: now', [], 0],
    ['tolerated for 30 s', [unreachableFor(30)], T0 + 30_000],
    ['tolerated forever', [{ key: UNREACHABLE_TAINT, operator: 'Exists' }], Infinity],
    ['shortest of two', [unreachableFor(300), unreachableFor(5)], T0 + 5_000],
    ['tolerates everything', [{ operator: 'Exists' }], Infinity],
    ['wrong effect', [{ key: UNREACHABLE_TAINT, operator: 'Exists', effect: 'NoSchedule' }], 0],
  ] as [string, Toleration[], number][])('%s', (_name, tolerations, expected) => {
    expect(evictionTime(tolerations, [taint])).toBe(expected);
  });

  it('matches Equal tolerations by value', () => {
    const t: Taint = { key: 'k', value: 'v', effect: 'NoExecute' };
    expect(toleratesTaint({ key: 'k', operator: 'Equal', value: 'v' }, t)).toBe(true);
    expect(toleratesTaint({ key: 'k', value: 'w' }, t)).toBe(false);
  });
});
