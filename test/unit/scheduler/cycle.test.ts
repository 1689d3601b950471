import { describe, expect, it } from 'vitest';
import { numFeasibleNodesToFind, runCycle, selectHost } from '../../../server/scheduler/cycle.js';
import { fitErrorMessage } from '../../../server/scheduler/decision-trace.js';
import { Status, type Framework, type NodeInfo, type ScorePlugin } from '../../../server/scheduler/framework.js';
import { defaultProfile, parseSchedulerConfig, resolvePlugins } from '../../../server/scheduler/profile.js';
import { makeNode, makePod, nodeInfo } from './helpers.js';

function defaultFramework(): Framework {
  const resolved = resolvePlugins(defaultProfile());
  if (!resolved.ok) throw new Error(resolved.error);
  return resolved.framework;
}

/** A score plugin that returns fixed raw scores by node name. */
function fixed(name: string, raw: Record<string, number>, normalize?: ScorePlugin['normalizeScore']): ScorePlugin {
  return { name, score: (_s, _p, node) => raw[node.name] ?? 0, normalizeScore: normalize };
}

const bare = (score: Framework['score']): Framework => ({
  schedulerName: 'test',
  preFilter: [],
  filter: [],
  postFilter: [],
  preScore: [],
  score,
});
const three: NodeInfo[] = ['a', 'b', 'c'].map((n) => nodeInfo(makeNode(n)));

describe('runCycle', () => {
  it('reports the upstream aggregate message when no node fits', () => {
    const taint = { spec: { taints: [{ key: 'dedicated', value: 'lab', effect: 'NoSchedule' }] } };
    const nodes = [
      nodeInfo(makeNode('node-1', { allocatable: { cpu: '1', memory: '1Gi', pods: '10' } })),
      nodeInfo(makeNode('node-2', taint)),
      nodeInfo(makeNode('node-3', taint)),
    ];
    const result = runCycle(defaultFramework(), makePod('big', {}, { cpu: '2' }), nodes);
    expect(result.ok).toBe(false);
    if (result.ok || !('fitError' in result)) throw new Error('expected a FitError');
    expect(result.fitError.message).toBe(
      '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {dedicated: lab}. ' +
        'preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, ' +
        '2 Preemption is not helpful for scheduling..',
    );
    expect(result.trace.rejected[0]).toEqual({
      node: 'node-1',
      filters: [
        { plugin: 'NodeUnschedulable', code: 'Success', reasons: [] },
        { plugin: 'NodeName', code: 'Success', reasons: [] },
        { plugin: 'TaintToleration', code: 'Success', reasons: [] },
        { plugin: 'NodeResourcesFit', code: 'Unschedulable', reasons: ['Insufficient cpu'] },
      ],
    });
    expect(result.trace.skipped).toEqual(['NodeAffinity', 'NodePorts', 'PodTopologySpread', 'InterPodAffinity']);
    expect(result.trace.filters).toEqual(['NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeResourcesFit']);
  });

  it('lists a plugin skipped at both PreFilter and PreScore once', () => {
    const result = runCycle(defaultFramework(), makePod('p', {}, { cpu: '100m' }), three);
    expect(result.trace.skipped).toEqual(['NodeAffinity', 'NodePorts', 'PodTopologySpread', 'InterPodAffinity']);
  });

  it('takes the node preemption nominated for the pod when it fits there, without looking further', () => {
    const busy = nodeInfo(makeNode('busy'), makePod('q', { nodeName: 'busy' }, { cpu: '3' }));
    const pod = { ...makePod('preemptor', {}, { cpu: '500m' }), status: { nominatedNodeName: 'busy' } };
    const result = runCycle(defaultFramework(), pod, [...three, busy]);
    expect(result.ok && result.nodeName).toBe('busy');
    expect([result.trace.feasible, result.trace.rejected]).toEqual([['busy'], []]);
  });

  it('counts pods nominated to a node against pods of no higher priority, not against more important ones', () => {
    const node = nodeInfo(makeNode('only', { allocatable: { cpu: '1', memory: '1Gi', pods: '10' } }));
    const waiting = {
      ...makePod('waiting', { priority: 100 }, { cpu: '800m' }),
      status: { nominatedNodeName: 'only' },
    };
    const nominatedPods = (name: string) => (name === 'only' ? [waiting] : []);
    const equal = runCycle(defaultFramework(), makePod('equal', { priority: 100 }, { cpu: '500m' }), [node], {
      nominatedPods,
    });
    expect(equal.ok).toBe(false);
    expect(equal.trace.message).toMatch(/^0\/1 nodes are available: 1 Insufficient cpu\./);
    const higher = runCycle(defaultFramework(), makePod('higher', { priority: 1000 }, { cpu: '500m' }), [node], {
      nominatedPods,
    });
    expect(higher.ok && higher.nodeName).toBe('only');
    expect(runCycle(defaultFramework(), waiting, [node], { nominatedPods }).ok).toBe(true);
  });

  it('says there are no nodes, as upstream, when the cluster has none', () => {
    const result = runCycle(defaultFramework(), makePod('lonely'), []);
    expect(result).toMatchObject({ ok: false, noNodes: 'no nodes available to schedule pods' });
    expect(result.trace.message).toBe('no nodes available to schedule pods');
  });

  it('adds the PostFilter message after the filter reasons', () => {
    const statuses = new Map([['a', Status.unschedulable('Insufficient cpu')]]);
    expect(fitErrorMessage({ numAllNodes: 1, statuses, postFilterMessage: 'preemption: not helpful' })).toBe(
      '0/1 nodes are available: 1 Insufficient cpu. preemption: not helpful.',
    );
  });

  it('multiplies normalised scores by weights and picks the highest total', () => {
    const framework = bare([
      { plugin: fixed('A', { a: 100, b: 0, c: 50 }), weight: 1 },
      { plugin: fixed('B', { a: 0, b: 100, c: 0 }), weight: 2 },
    ]);
    const result = runCycle(framework, makePod('p'), three);
    expect(result.ok && result.nodeName).toBe('b');
    expect(result.trace.totals).toEqual([
      { node: 'a', score: 100 },
      { node: 'b', score: 200 },
      { node: 'c', score: 50 },
    ]);
  });

  it('records raw and normalised scores per plugin', () => {
    const normalize: ScorePlugin['normalizeScore'] = (_s, _p, scores) => {
      for (const s of scores) s.score = s.score * 10;
      return Status.success();
    };
    const result = runCycle(
      bare([{ plugin: fixed('N', { a: 1, b: 2, c: 3 }, normalize), weight: 3 }]),
      makePod('p'),
      three,
    );
    expect(result.trace.scored).toEqual(['a', 'b', 'c']);
    expect(result.trace.scores).toEqual([{ plugin: 'N', weight: 3, raw: [1, 2, 3], normalized: [10, 20, 30] }]);
    expect(result.ok && result.nodeName).toBe('c');
  });

  it('breaks ties with the injected random', () => {
    const tie = bare([{ plugin: fixed('T', { a: 5, b: 9, c: 9 }), weight: 1 }]);
    expect(runCycle(tie, makePod('p'), three, { random: () => 0 }).trace.winner).toBe('b');
    expect(runCycle(tie, makePod('p'), three, { random: () => 0.99 }).trace.winner).toBe('c');
    expect(selectHost([{ node: 'only', score: 0 }], () => 0.5)).toBe('only');
  });

  it('spreads pods to the emptier node with the default plugins', () => {
    const busy = nodeInfo(makeNode('busy'), makePod('q', {}, { cpu: '3', memory: '6Gi' }));
    const result = runCycle(defaultFramework(), makePod('p', {}, { cpu: '500m', memory: '1Gi' }), [busy, ...three]);
    expect(result.ok && result.nodeName).not.toBe('busy');
  });
});

describe('profile config', () => {
  it('defaults to upstream weights', () => {
    const weights = Object.fromEntries(defaultFramework().score.map((s) => [s.plugin.name, s.weight]));
    expect(weights).toEqual({
      TaintToleration: 3,
      NodeAffinity: 2,
      NodeResourcesFit: 1,
      PodTopologySpread: 2,
      InterPodAffinity: 2,
      NodeResourcesBalancedAllocation: 1,
    });
  });

  it('reads profiles with enabled, disabled and weights from YAML', () => {
    const parsed = parseSchedulerConfig(`
apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
  - schedulerName: default-scheduler
  - schedulerName: packing-scheduler
    plugins:
      score:
        disabled: [{ name: NodeResourcesBalancedAllocation }]
        enabled: [{ name: NodeResourcesFit, weight: 5 }]
    pluginConfig:
      - name: NodeResourcesFit
        args: { scoringStrategy: { type: MostAllocated } }
`);
    if (!parsed.ok) throw new Error(parsed.error);
    const packing = resolvePlugins(parsed.config.profiles[1]!);
    if (!packing.ok) throw new Error(packing.error);
    expect(packing.framework.score.map((s) => [s.plugin.name, s.weight])).toEqual([
      ['TaintToleration', 3],
      ['NodeAffinity', 2],
      ['NodeResourcesFit', 5],
      ['PodTopologySpread', 2],
      ['InterPodAffinity', 2],
    ]);
    const busy = nodeInfo(makeNode('busy'), makePod('q', {}, { cpu: '3', memory: '6Gi' }));
    const result = runCycle(packing.framework, makePod('p', {}, { cpu: '500m' }), [busy, ...three]);
    expect(result.ok && result.nodeName).toBe('busy');
  });

  it('returns errors for unknown plugins and bad input', () => {
    expect(resolvePlugins({ schedulerName: 'x', plugins: { filter: { enabled: [{ name: 'Nope' }] } } })).toEqual({
      ok: false,
      error: 'profile x: unknown plugin "Nope"',
    });
    expect(parseSchedulerConfig('profiles: [{schedulerName: 3}]').ok).toBe(false);
    expect(parseSchedulerConfig('profiles: [{schedulerName: a}, {schedulerName: a}]')).toEqual({
      ok: false,
      error: 'profiles: duplicate schedulerName "a"',
    });
  });
});

describe('numFeasibleNodesToFind', () => {
  it.each([
    [50, 0, 50],
    [100, 0, 100],
    [1000, 0, 420],
    [5000, 0, 500],
    [10000, 0, 500],
    [1000, 10, 100],
    [1000, 100, 1000],
  ])(
    'stops filtering %i nodes (percentage %i) once %i are feasible, as kube-scheduler',
    (nodes, percentage, expected) => {
      expect(numFeasibleNodesToFind(nodes, percentage)).toBe(expected);
    },
  );
});
