// PodTopologySpread's system default constraints, as upstream's: a pod with no constraints of its own is spread
// (ScheduleAnyway, maxSkew 3 over hostnames, 5 over zones) among the pods its Services and controller select
// (DefaultSelector), so the replicas of a Deployment land on different nodes.
import { describe, expect, it } from 'vitest';
import type { OwnerReference } from '../../../server/api/meta.js';
import type { Node, Pod, Service } from '../../../server/api/types/core.js';
import type { LabelSelector } from '../../../server/api/types/label-selector.js';
import { runCycle } from '../../../server/scheduler/cycle.js';
import { CycleState, type NodeInfo, type NodeScore } from '../../../server/scheduler/framework.js';
import {
  defaultSelector,
  type SelectingController,
  type SpreadListers,
} from '../../../server/scheduler/plugins/helper/spread.js';
import * as spread from '../../../server/scheduler/plugins/pod-topology-spread.js';
import { defaultProfile, defaultRegistry, resolvePlugins } from '../../../server/scheduler/profile.js';
import { makeNode, makePod, nodeInfo } from './helpers.js';

const service = (name: string, selector: Record<string, string>, namespace = 'default'): Service =>
  ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { selector } }) as Service;
const controller = (kind: string, name: string, selector: SelectingController['spec']): SelectingController => ({
  apiVersion: kind === 'ReplicationController' ? 'v1' : 'apps/v1',
  kind,
  metadata: { name, namespace: 'default' },
  spec: selector,
});

/** Listers over fixed objects. */
function listers(services: Service[] = [], controllers: SelectingController[] = []): SpreadListers {
  return {
    services: (namespace) => services.filter((s) => s.metadata.namespace === namespace),
    controller: (kind, namespace, name) =>
      controllers.find((c) => c.kind === kind && c.metadata.namespace === namespace && c.metadata.name === name),
  };
}

const ownedBy = (kind: string, name: string): OwnerReference => ({
  apiVersion: kind === 'ReplicationController' ? 'v1' : 'apps/v1',
  kind,
  name,
  uid: `uid-${name}`,
  controller: true,
});
function labelled(
  name: string,
  labels: Record<string, string>,
  owner?: OwnerReference,
  spec: Partial<Pod['spec']> = {},
) {
  const pod = makePod(name, spec);
  return { ...pod, metadata: { ...pod.metadata, labels, ...(owner && { ownerReferences: [owner] }) } };
}

const web = { app: 'web', tier: 'front' };
const webRs = controller('ReplicaSet', 'web-5d4f', { selector: { matchLabels: { app: 'web' } } });

describe('DefaultSelector', () => {
  const cases: { name: string; pod: Pod; listers: SpreadListers; want: LabelSelector | undefined }[] = [
    {
      name: 'selects nothing for a bare pod no Service selects',
      pod: labelled('p', web),
      listers: listers(),
      want: undefined,
    },
    {
      name: 'takes the selector of a Service that selects the pod',
      pod: labelled('p', web),
      listers: listers([service('web', { app: 'web' })]),
      want: { matchLabels: { app: 'web' }, matchExpressions: [] },
    },
    {
      name: 'ignores Services of other namespaces, Services that do not select the pod and Services without a selector',
      pod: labelled('p', web),
      listers: listers([service('web', { app: 'web' }, 'other'), service('db', { app: 'db' }), service('ext', {})]),
      want: undefined,
    },
    {
      name: "adds the owning ReplicaSet's selector as requirements",
      pod: labelled('p', web, ownedBy('ReplicaSet', 'web-5d4f')),
      listers: listers([service('front', { tier: 'front' })], [webRs]),
      want: { matchLabels: { tier: 'front' }, matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] },
    },
    {
      name: "adds the owning StatefulSet's matchExpressions",
      pod: labelled('p', web, ownedBy('StatefulSet', 'db')),
      listers: listers(
        [],
        [controller('StatefulSet', 'db', { selector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] } })],
      ),
      want: { matchLabels: {}, matchExpressions: [{ key: 'app', operator: 'Exists' }] },
    },
    {
      name: "merges the owning ReplicationController's selector map",
      pod: labelled('p', web, ownedBy('ReplicationController', 'web-rc')),
      listers: listers([], [controller('ReplicationController', 'web-rc', { selector: { app: 'web' } })]),
      want: { matchLabels: { app: 'web' }, matchExpressions: [] },
    },
    {
      name: 'selects nothing when the owner is not in the cache yet',
      pod: labelled('p', web, ownedBy('ReplicaSet', 'web-5d4f')),
      listers: listers(),
      want: undefined,
    },
    {
      name: 'ignores owners of other kinds (a Job)',
      pod: labelled('p', web, { ...ownedBy('Job', 'batch'), apiVersion: 'batch/v1' }),
      listers: listers([], [controller('Job', 'batch', { selector: { matchLabels: { app: 'web' } } })]),
      want: undefined,
    },
  ];
  for (const c of cases) it(c.name, () => expect(defaultSelector(c.pod, c.listers)).toEqual(c.want));
});

const host = (name: string, zone?: string): Node =>
  makeNode(name, {
    metadata: {
      name,
      labels: { 'kubernetes.io/hostname': name, ...(zone && { 'topology.kubernetes.io/zone': zone }) },
    },
  });
const replica = (name: string) => labelled(name, web, ownedBy('ReplicaSet', 'web-5d4f'));

describe('PodTopologySpread with system default constraints', () => {
  function scoreAll(plugin: ReturnType<typeof spread.create>, pod: Pod, nodes: NodeInfo[]) {
    const state = new CycleState();
    if (plugin.preFilter(state, pod, nodes).code !== 'Skip') throw new Error('defaults are ScheduleAnyway only');
    if (plugin.preScore(state, pod, nodes).code === 'Skip') return 'Skip';
    const scores: NodeScore[] = nodes.map((node) => ({ node: node.name, score: plugin.score(state, pod, node) }));
    plugin.normalizeScore!(state, pod, scores);
    return Object.fromEntries(scores.map((s) => [s.node, s.score]));
  }
  const withReplica = () => [nodeInfo(host('a'), replica('w1')), nodeInfo(host('b')), nodeInfo(host('c'))];

  const cases: {
    name: string;
    args?: spread.PodTopologySpreadArgs;
    listers?: SpreadListers;
    pod: Pod;
    nodes: NodeInfo[];
    want: Record<string, number> | 'Skip';
  }[] = [
    {
      // raw: a = 1 pod × log(3 nodes + 2) + (3 - 1) ≈ 4, b and c = 2; normalised 100 × (4 + 2 - raw) / 4
      name: 'ranks nodes without a replica of the same ReplicaSet higher, by hostname',
      pod: replica('p'),
      nodes: withReplica(),
      want: { a: 50, b: 100, c: 100 },
    },
    {
      name: 'does not ignore nodes without a zone: the hostname constraint alone spreads them',
      pod: replica('p'),
      nodes: [nodeInfo(host('a', 'z1'), replica('w1')), nodeInfo(host('b')), nodeInfo(host('c', 'z1'))],
      // a: 1×log(3 nodes + 2)+2 (host) + 1×log(1 zone + 2)+4 (zone z1) ≈ 9; b: 2 (host only); c: 2 + 5.1 ≈ 7
      want: { a: 22, b: 100, c: 44 },
    },
    {
      name: 'counts only pods its selector matches (another ReplicaSet is not the same workload)',
      pod: replica('p'),
      nodes: [nodeInfo(host('a'), labelled('x', { app: 'api' })), nodeInfo(host('b'))],
      want: { a: 100, b: 100 },
    },
    { name: 'skips a bare pod nothing selects', pod: labelled('p', web), nodes: withReplica(), want: 'Skip' },
    {
      name: 'skips without listers to find the selector',
      pod: replica('p'),
      listers: undefined,
      nodes: withReplica(),
      want: 'Skip',
    },
    {
      name: 'skips with defaultingType List and no defaultConstraints',
      args: { defaultingType: 'List' },
      pod: replica('p'),
      nodes: withReplica(),
      want: 'Skip',
    },
    {
      name: "uses the pod's own constraints, not the defaults, when it has some",
      pod: labelled('p', web, ownedBy('ReplicaSet', 'web-5d4f'), {
        topologySpreadConstraints: [
          { maxSkew: 1, topologyKey: 'rack', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: web } },
        ],
      }),
      nodes: withReplica(),
      // no node has a rack label: all are ignored and score 0
      want: { a: 0, b: 0, c: 0 },
    },
  ];
  for (const c of cases)
    it(c.name, () => {
      const plugin = spread.create(c.args, 'listers' in c ? c.listers : listers([], [webRs]));
      expect(scoreAll(plugin, c.pod, c.nodes)).toEqual(c.want);
    });

  it('places the 3 replicas of a ReplicaSet on 3 equal nodes one per node, whatever the tie-breaks', () => {
    const resolved = resolvePlugins(defaultProfile(), defaultRegistry(), {
      preempt: () => {},
      listers: listers([], [webRs]),
    });
    if (!resolved.ok) throw new Error(resolved.error);
    for (const random of [() => 0, () => 0.5, () => 0.99]) {
      const nodes = ['node-1', 'node-2', 'node-3'].map((name) => nodeInfo(host(name)));
      const placed: string[] = [];
      for (const name of ['web-1', 'web-2', 'web-3']) {
        const result = runCycle(resolved.framework, replica(name), nodes, { random });
        if (!result.ok) throw new Error('expected a node');
        expect(result.trace.scores.map((s) => s.plugin)).toContain(spread.NAME);
        placed.push(result.nodeName);
        nodes
          .find((node) => node.name === result.nodeName)!
          .addPod({ ...replica(name), spec: { ...replica(name).spec, nodeName: result.nodeName } });
      }
      expect(new Set(placed).size).toBe(3);
    }
  });
});
