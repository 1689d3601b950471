import { describe, expect, it } from 'vitest';
import type { DaemonSet } from '../../../server/api/types/apps.js';
import type { Node, Pod, Taint } from '../../../server/api/types/core.js';
import {
  DaemonSetController,
  defaultTolerations,
  nodeShouldRunDaemonPod,
  targetNodeName,
} from '../../../server/controllers/daemonset.js';
import { silentLogger } from '../../../server/log.js';
import { FakeClient } from '../../support/fake-client.js';

const labels = { app: 'agent' };

function daemonSet(spec: Partial<DaemonSet['spec']> = {}, image = 'agent:1'): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'kube-system', uid: 'ds-uid', generation: 1 },
    spec: {
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'c', image }] } },
      ...spec,
    },
  };
}

function node(name: string, nodeLabels: Record<string, string> = {}, taints: Taint[] = []): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: nodeLabels }, spec: { taints } };
}

function setup(ds: DaemonSet, ...nodes: Node[]) {
  const fake = new FakeClient();
  fake.seed('daemonsets', ds);
  fake.seed('nodes', ...nodes);
  const dsc = new DaemonSetController({ client: fake.client, informers: fake.factory, log: silentLogger });
  const sync = () => dsc.sync('kube-system/agent');
  const podNodes = () => fake.list<Pod>('pods').map(targetNodeName).sort();
  const status = () => fake.find<DaemonSet>('daemonsets', 'kube-system/agent')!.status;
  return { fake, sync, podNodes, status };
}

/** Plays kubelet: binds every daemon pod to its node, Running and Ready. */
function markReady(fake: FakeClient): void {
  const ready = { type: 'Ready', status: 'True', lastTransitionTime: '2024-01-01T00:00:00Z' };
  for (const pod of fake.list<Pod>('pods'))
    if (!pod.spec.nodeName)
      fake.put('pods', {
        ...pod,
        spec: { ...pod.spec, nodeName: targetNodeName(pod) },
        status: { phase: 'Running', conditions: [ready] },
      });
}

describe('nodeShouldRunDaemonPod', () => {
  const unreachable = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };
  const cases: [string, Node, DaemonSet, boolean][] = [
    ['a plain node', node('n'), daemonSet(), true],
    ['a node matching the nodeSelector', node('n', { disk: 'ssd' }), daemonSet(nsel({ disk: 'ssd' })), true],
    ['a node not matching the nodeSelector', node('n', { disk: 'hdd' }), daemonSet(nsel({ disk: 'ssd' })), false],
    ['an unreachable node (default toleration)', node('n', {}, [unreachable]), daemonSet(), true],
    [
      'a cordoned node',
      node('n', {}, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]),
      daemonSet(),
      true,
    ],
    [
      'a node with a foreign NoSchedule taint',
      node('n', {}, [{ key: 'gpu', effect: 'NoSchedule' }]),
      daemonSet(),
      false,
    ],
    [
      'a node with a PreferNoSchedule taint',
      node('n', {}, [{ key: 'gpu', effect: 'PreferNoSchedule' }]),
      daemonSet(),
      true,
    ],
    [
      'a tainted node the template tolerates',
      node('n', {}, [{ key: 'gpu', effect: 'NoSchedule' }]),
      daemonSet(tolerate('gpu')),
      true,
    ],
  ];
  it.each(cases)('on %s is %s', (_, n, ds, expected) => expect(nodeShouldRunDaemonPod(n, ds)).toBe(expected));

  it('adds network-unavailable only for hostNetwork pods', () => {
    const keys = (hostNetwork: boolean) => defaultTolerations(hostNetwork).map((t) => t.key);
    expect(keys(false)).not.toContain('node.kubernetes.io/network-unavailable');
    expect(keys(true)).toContain('node.kubernetes.io/network-unavailable');
  });
});

function nsel(nodeSelector: Record<string, string>): Partial<DaemonSet['spec']> {
  return { template: { metadata: { labels }, spec: { containers: [], nodeSelector } } };
}

function tolerate(key: string): Partial<DaemonSet['spec']> {
  return { template: { metadata: { labels }, spec: { containers: [], tolerations: [{ key, operator: 'Exists' }] } } };
}

describe('DaemonSetController', () => {
  it('creates one pod per eligible node, pinned by node affinity rather than nodeName', async () => {
    const { fake, sync, podNodes, status } = setup(
      daemonSet(nsel({ role: 'worker' })),
      node('a', { role: 'worker' }),
      node('b', { role: 'worker' }),
      node('c', { role: 'control-plane' }),
    );
    await sync();
    await sync();
    expect(podNodes()).toEqual(['a', 'b']);
    const pod = fake.list<Pod>('pods')[0]!;
    expect(pod.spec.nodeName).toBeUndefined();
    expect(pod.spec.tolerations).toEqual(expect.arrayContaining(defaultTolerations(false)));
    expect(pod.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'DaemonSet', uid: 'ds-uid' });
    markReady(fake);
    await sync();
    expect(status()).toMatchObject({
      desiredNumberScheduled: 2,
      currentNumberScheduled: 2,
      numberReady: 2,
      updatedNumberScheduled: 2,
      numberAvailable: 2,
      numberMisscheduled: 0,
      observedGeneration: 1,
    });
  });

  it('removes the pod from a node that no longer matches, and adds one to a new node', async () => {
    const { fake, sync, podNodes, status } = setup(daemonSet(nsel({ role: 'worker' })), node('a', { role: 'worker' }));
    await sync();
    markReady(fake);
    fake.put('nodes', node('a', { role: 'gone' }));
    fake.put('nodes', node('b', { role: 'worker' }));
    await sync();
    expect(podNodes()).toEqual(['b']);
    await sync();
    expect(status()).toMatchObject({ desiredNumberScheduled: 1, currentNumberScheduled: 1 });
  });

  it('records the template as a ControllerRevision and rolls pods one node at a time', async () => {
    const { fake, sync, podNodes } = setup(daemonSet(), node('a'), node('b'));
    await sync();
    markReady(fake);
    expect(fake.list('controllerrevisions')).toHaveLength(1);
    const updated = daemonSet({}, 'agent:2');
    fake.put('daemonsets', { ...updated, metadata: { ...updated.metadata, generation: 2 } });
    await sync();
    expect(fake.list('controllerrevisions').map((cr) => cr.revision)).toEqual([1, 2]);
    expect(fake.list<Pod>('pods')).toHaveLength(1);
    await sync();
    expect(podNodes()).toEqual(['a', 'b']);
    markReady(fake);
    await sync();
    expect(fake.list<Pod>('pods')).toHaveLength(1);
    await sync();
    const images = fake.list<Pod>('pods').map((p) => p.spec.containers[0]?.image);
    expect(images).toEqual(['agent:2', 'agent:2']);
  });
});
