import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '../../../server/api/types/core.js';
import { CycleState, type NodeInfo, type NodeScore } from '../../../server/scheduler/framework.js';
import * as spread from '../../../server/scheduler/plugins/pod-topology-spread.js';
import { makeNode, makePod, nodeInfo } from './helpers.js';

const zoned = (name: string, zone?: string, extra: Record<string, string> = {}): Node =>
  makeNode(name, { metadata: { name, labels: { ...(zone ? { zone } : {}), ...extra } } });
const web = (name: string, spec: Partial<Pod['spec']> = {}, labels: Record<string, string> = { app: 'web' }): Pod => {
  const pod = makePod(name, spec);
  return { ...pod, metadata: { ...pod.metadata, labels } };
};
const constraint = (extra: Partial<spread.TopologySpreadConstraint> = {}): spread.TopologySpreadConstraint => ({
  maxSkew: 1,
  topologyKey: 'zone',
  whenUnsatisfiable: 'DoNotSchedule',
  labelSelector: { matchLabels: { app: 'web' } },
  ...extra,
});
const spreading = (...constraints: spread.TopologySpreadConstraint[]) =>
  web('p', { topologySpreadConstraints: constraints });

/** PreFilter over every node, then Filter on each: node → "Code: reason" (or all: 'Skip'). */
function filterAll(pod: Pod, nodes: NodeInfo[]): Record<string, string> {
  const plugin = spread.create();
  const state = new CycleState();
  if (plugin.preFilter(state, pod, nodes).code === 'Skip') return { all: 'Skip' };
  return Object.fromEntries(
    nodes.map((node) => {
      const status = plugin.filter(state, pod, node);
      return [node.name, [status.code, ...status.reasons].join(': ')];
    }),
  );
}

const SKEW = `Unschedulable: ${spread.REASON}`;
const MISSING = `UnschedulableAndUnresolvable: ${spread.MISSING_LABEL_REASON}`;
const twoZones = () => [
  nodeInfo(zoned('a1', 'a'), web('w1'), web('w2')),
  nodeInfo(zoned('a2', 'a')),
  nodeInfo(zoned('b1', 'b'), web('w3')),
];

describe('PodTopologySpread.Filter', () => {
  const cases: { name: string; pod: Pod; nodes: NodeInfo[]; want: Record<string, string> }[] = [
    { name: 'skips a pod without DoNotSchedule constraints', pod: web('p'), nodes: twoZones(), want: { all: 'Skip' } },
    {
      name: 'maxSkew 1 rejects the fuller zone (2+1-1 > 1) and admits the emptier',
      pod: spreading(constraint()),
      nodes: twoZones(),
      want: { a1: SKEW, a2: SKEW, b1: 'Success' },
    },
    {
      name: 'maxSkew 2 admits both zones',
      pod: spreading(constraint({ maxSkew: 2 })),
      nodes: twoZones(),
      want: { a1: 'Success', a2: 'Success', b1: 'Success' },
    },
    {
      name: 'a node without the topology key is rejected as unresolvable',
      pod: spreading(constraint()),
      nodes: [nodeInfo(zoned('a1', 'a')), nodeInfo(zoned('x'))],
      want: { a1: 'Success', x: MISSING },
    },
    {
      name: 'with fewer domains than minDomains the global minimum is 0',
      pod: spreading(constraint({ minDomains: 3 })),
      nodes: [nodeInfo(zoned('a1', 'a'), web('w1')), nodeInfo(zoned('b1', 'b'), web('w2'))],
      want: { a1: SKEW, b1: SKEW },
    },
    {
      name: 'an incoming pod that its own selector does not match adds nothing to the skew',
      pod: web('p', { topologySpreadConstraints: [constraint()] }, { app: 'other' }),
      nodes: twoZones(),
      want: { a1: 'Success', a2: 'Success', b1: 'Success' },
    },
    {
      name: "nodes outside the pod's nodeSelector do not count as domains (nodeAffinityPolicy Honor)",
      pod: web('p', { topologySpreadConstraints: [constraint()], nodeSelector: { disk: 'ssd' } }),
      nodes: [
        nodeInfo(zoned('a1', 'a', { disk: 'ssd' }), web('w1')),
        nodeInfo(zoned('b1', 'b', { disk: 'ssd' }), web('w2')),
        nodeInfo(zoned('c1', 'c')),
      ],
      want: { a1: 'Success', b1: 'Success', c1: 'Success' },
    },
    {
      name: 'with nodeAffinityPolicy Ignore an empty zone outside the nodeSelector sets the minimum to 0',
      pod: web('p', {
        topologySpreadConstraints: [constraint({ nodeAffinityPolicy: 'Ignore' })],
        nodeSelector: { disk: 'ssd' },
      }),
      nodes: [
        nodeInfo(zoned('a1', 'a', { disk: 'ssd' }), web('w1')),
        nodeInfo(zoned('b1', 'b', { disk: 'ssd' }), web('w2')),
        nodeInfo(zoned('c1', 'c')),
      ],
      want: { a1: SKEW, b1: SKEW, c1: 'Success' },
    },
    {
      name: 'terminating pods do not count',
      pod: spreading(constraint()),
      nodes: [
        nodeInfo(zoned('a1', 'a'), { ...web('w1'), metadata: { ...web('w1').metadata, deletionTimestamp: 'x' } }),
        nodeInfo(zoned('b1', 'b')),
      ],
      want: { a1: 'Success', b1: 'Success' },
    },
  ];
  for (const c of cases) it(c.name, () => expect(filterAll(c.pod, c.nodes)).toEqual(c.want));
});

describe('PodTopologySpread.Score', () => {
  function scoreAll(pod: Pod, nodes: NodeInfo[]): Record<string, number> | 'Skip' {
    const plugin = spread.create();
    const state = new CycleState();
    plugin.preFilter(state, pod, nodes);
    if (plugin.preScore(state, pod, nodes).code === 'Skip') return 'Skip';
    const scores: NodeScore[] = nodes.map((node) => ({ node: node.name, score: plugin.score(state, pod, node) }));
    plugin.normalizeScore!(state, pod, scores);
    return Object.fromEntries(scores.map((s) => [s.node, s.score]));
  }
  it('ranks nodes in emptier domains higher (ScheduleAnyway)', () => {
    // raw: zone a 2 pods × log(2 domains + 2) ≈ 3, zone b ≈ 1; normalised 100 × (max + min - raw) / max
    const scores = scoreAll(spreading(constraint({ whenUnsatisfiable: 'ScheduleAnyway' })), twoZones());
    expect(scores).toEqual({ a1: 33, a2: 33, b1: 100 });
  });
  it('gives nodes without the topology key 0', () => {
    const scores = scoreAll(spreading(constraint({ whenUnsatisfiable: 'ScheduleAnyway' })), [
      nodeInfo(zoned('a1', 'a'), web('w1')),
      nodeInfo(zoned('x')),
    ]);
    expect(scores).toEqual({ a1: 100, x: 0 });
  });
  it('skips scoring without ScheduleAnyway constraints', () => {
    expect(scoreAll(spreading(constraint()), twoZones())).toBe('Skip');
  });
});
