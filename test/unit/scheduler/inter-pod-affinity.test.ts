import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '../../../server/api/types/core.js';
import { CycleState, type NodeInfo, type NodeScore } from '../../../server/scheduler/framework.js';
import * as interPodAffinity from '../../../server/scheduler/plugins/inter-pod-affinity.js';
import { makeNode, makePod, nodeInfo } from './helpers.js';

const zoned = (name: string, zone?: string): Node =>
  makeNode(name, {
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(zone ? { zone } : {}) } },
  });
const labelled = (
  name: string,
  labels: Record<string, string>,
  spec: Partial<Pod['spec']> = {},
  namespace = 'default',
) => {
  const pod = makePod(name, spec);
  return { ...pod, metadata: { ...pod.metadata, labels, namespace } };
};
const term = (app: string, topologyKey: string, extra: object = {}) => ({
  labelSelector: { matchLabels: { app } },
  topologyKey,
  ...extra,
});
const anti = (...terms: object[]) => ({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms } });
const affinity = (...terms: object[]) => ({ podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms } });

/** PreFilter over every node, then Filter on each; returns node → [code, reasons] (or 'Skip'). */
function filterAll(pod: Pod, nodes: NodeInfo[]): Record<string, string> {
  const plugin = interPodAffinity.create();
  const state = new CycleState();
  if (plugin.preFilter(state, pod, nodes).code === 'Skip') return { all: 'Skip' };
  return Object.fromEntries(
    nodes.map((node) => {
      const status = plugin.filter(state, pod, node);
      return [node.name, [status.code, ...status.reasons].join(': ')];
    }),
  );
}

const web = (name: string) => labelled(name, { app: 'web' });
const OK = 'Success';
const ANTI = `Unschedulable: ${interPodAffinity.ANTI_AFFINITY_REASON}`;
const EXISTING = `Unschedulable: ${interPodAffinity.EXISTING_ANTI_AFFINITY_REASON}`;
const AFFINITY = `UnschedulableAndUnresolvable: ${interPodAffinity.AFFINITY_REASON}`;

describe('InterPodAffinity.Filter', () => {
  const cases: { name: string; pod: Pod; nodes: NodeInfo[]; want: Record<string, string> }[] = [
    {
      name: 'skips a pod without terms when no placed pod has anti-affinity',
      pod: web('p'),
      nodes: [nodeInfo(zoned('n1', 'a'), web('w1'))],
      want: { all: 'Skip' },
    },
    {
      name: 'anti-affinity by hostname rejects only the node holding a matching pod',
      pod: labelled('p', { app: 'web' }, { affinity: anti(term('web', 'kubernetes.io/hostname')) }),
      nodes: [nodeInfo(zoned('n1', 'a'), web('w1')), nodeInfo(zoned('n2', 'a'))],
      want: { n1: ANTI, n2: OK },
    },
    {
      name: 'anti-affinity by zone rejects every node of the zone',
      pod: labelled('p', {}, { affinity: anti(term('web', 'zone')) }),
      nodes: [nodeInfo(zoned('n1', 'a'), web('w1')), nodeInfo(zoned('n2', 'a')), nodeInfo(zoned('n3', 'b'))],
      want: { n1: ANTI, n2: ANTI, n3: OK },
    },
    {
      name: 'affinity admits only nodes in a zone with a matching pod',
      pod: labelled('p', {}, { affinity: affinity(term('web', 'zone')) }),
      nodes: [nodeInfo(zoned('n1', 'a'), web('w1')), nodeInfo(zoned('n2', 'a')), nodeInfo(zoned('n3', 'b'))],
      want: { n1: OK, n2: OK, n3: AFFINITY },
    },
    {
      name: 'affinity rejects a node without the topology key',
      pod: labelled('p', {}, { affinity: affinity(term('web', 'zone')) }),
      nodes: [nodeInfo(zoned('n1', 'a'), web('w1')), nodeInfo(zoned('n2'))],
      want: { n1: OK, n2: AFFINITY },
    },
    {
      name: 'the first pod of a group with affinity to itself may go anywhere',
      pod: labelled('p', { app: 'web' }, { affinity: affinity(term('web', 'zone')) }),
      nodes: [nodeInfo(zoned('n1', 'a')), nodeInfo(zoned('n2', 'b'))],
      want: { n1: OK, n2: OK },
    },
    {
      name: 'affinity with no matching pod anywhere rejects a pod that does not match its own terms',
      pod: labelled('p', { app: 'db' }, { affinity: affinity(term('web', 'zone')) }),
      nodes: [nodeInfo(zoned('n1', 'a'))],
      want: { n1: AFFINITY },
    },
    {
      name: "a placed pod's anti-affinity keeps the incoming pod out of its domain",
      pod: web('p'),
      nodes: [
        nodeInfo(zoned('n1', 'a'), labelled('db', { app: 'db' }, { affinity: anti(term('web', 'zone')) })),
        nodeInfo(zoned('n2', 'a')),
        nodeInfo(zoned('n3', 'b')),
      ],
      want: { n1: EXISTING, n2: EXISTING, n3: OK },
    },
    {
      name: "terms look in the pod's own namespace by default",
      pod: labelled('p', {}, { affinity: anti(term('web', 'zone')) }),
      nodes: [nodeInfo(zoned('n1', 'a'), labelled('w', { app: 'web' }, {}, 'other'))],
      want: { n1: OK },
    },
    {
      name: 'terms look in the namespaces they list',
      pod: labelled('p', {}, { affinity: anti(term('web', 'zone', { namespaces: ['other'] })) }),
      nodes: [nodeInfo(zoned('n1', 'a'), labelled('w', { app: 'web' }, {}, 'other'))],
      want: { n1: ANTI },
    },
    {
      name: 'an empty namespaceSelector selects every namespace',
      pod: labelled('p', {}, { affinity: anti(term('web', 'zone', { namespaceSelector: {} })) }),
      nodes: [nodeInfo(zoned('n1', 'a'), labelled('w', { app: 'web' }, {}, 'other'))],
      want: { n1: ANTI },
    },
    {
      name: 'a namespaceSelector matches kubernetes.io/metadata.name',
      pod: labelled(
        'p',
        {},
        {
          affinity: anti(
            term('web', 'zone', { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'third' } } }),
          ),
        },
      ),
      nodes: [nodeInfo(zoned('n1', 'a'), labelled('w', { app: 'web' }, {}, 'other'))],
      want: { n1: OK },
    },
  ];
  for (const c of cases) it(c.name, () => expect(filterAll(c.pod, c.nodes)).toEqual(c.want));
});

describe('InterPodAffinity.Score', () => {
  /** PreFilter, PreScore, Score and NormalizeScore over all nodes; returns node → normalised score or 'Skip'. */
  function scoreAll(pod: Pod, nodes: NodeInfo[]): Record<string, number> | 'Skip' {
    const plugin = interPodAffinity.create();
    const state = new CycleState();
    plugin.preFilter(state, pod, nodes);
    if (plugin.preScore(state, pod, nodes).code === 'Skip') return 'Skip';
    const scores: NodeScore[] = nodes.map((node) => ({ node: node.name, score: plugin.score(state, pod, node) }));
    plugin.normalizeScore!(state, pod, scores);
    return Object.fromEntries(scores.map((s) => [s.node, s.score]));
  }
  const preferred = (kind: 'podAffinity' | 'podAntiAffinity', weight: number) => ({
    [kind]: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight, podAffinityTerm: term('web', 'zone') }] },
  });
  const nodes = () => [nodeInfo(zoned('n1', 'a'), web('w1')), nodeInfo(zoned('n2', 'a')), nodeInfo(zoned('n3', 'b'))];

  it('prefers the zone of matching pods for preferred affinity', () => {
    expect(scoreAll(labelled('p', {}, { affinity: preferred('podAffinity', 10) }), nodes())).toEqual({
      n1: 100,
      n2: 100,
      n3: 0,
    });
  });
  it('prefers other zones for preferred anti-affinity', () => {
    expect(scoreAll(labelled('p', {}, { affinity: preferred('podAntiAffinity', 10) }), nodes())).toEqual({
      n1: 0,
      n2: 0,
      n3: 100,
    });
  });
  it("counts placed pods' required affinity to the incoming pod (hardPodAffinityWeight)", () => {
    const placed = labelled('db', { app: 'db' }, { affinity: affinity(term('web', 'zone')) });
    expect(scoreAll(web('p'), [nodeInfo(zoned('n1', 'a')), nodeInfo(zoned('n2', 'b'), placed)])).toEqual({
      n1: 0,
      n2: 100,
    });
  });
  it('skips scoring when no term applies', () => {
    expect(scoreAll(web('p'), nodes())).toBe('Skip');
  });
});
