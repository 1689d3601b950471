import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../server/api/types/core.js';
import { CycleState, podRequests, type FilterPlugin, type NodeInfo } from '../../../server/scheduler/framework.js';
import * as nodeAffinity from '../../../server/scheduler/plugins/node-affinity.js';
import * as nodeName from '../../../server/scheduler/plugins/node-name.js';
import * as nodePorts from '../../../server/scheduler/plugins/node-ports.js';
import * as balanced from '../../../server/scheduler/plugins/node-resources-balanced-allocation.js';
import * as fit from '../../../server/scheduler/plugins/node-resources-fit.js';
import * as nodeUnschedulable from '../../../server/scheduler/plugins/node-unschedulable.js';
import * as taintToleration from '../../../server/scheduler/plugins/taint-toleration.js';
import { makeNode, makePod, nodeInfo } from './helpers.js';

/** Runs PreFilter (if any) then Filter, as the cycle does; returns [code, reasons]. */
function runFilter(plugin: FilterPlugin & { preFilter?: unknown }, pod: Pod, node: NodeInfo): [string, string[]] {
  const state = new CycleState();
  const pre = (plugin as { preFilter?: (s: CycleState, p: Pod, n: NodeInfo[]) => { code: string } }).preFilter;
  if (pre && pre(state, pod, [node]).code === 'Skip') return ['Skip', []];
  const status = plugin.filter(state, pod, node);
  return [status.code, [...status.reasons]];
}

const TAINTED = makeNode('n', { spec: { taints: [{ key: 'dedicated', value: 'lab', effect: 'NoSchedule' }] } });
const ZONED = makeNode('node-a', { metadata: { name: 'node-a', labels: { zone: 'a', gen: '5', disk: 'ssd' } } });
const term = (key: string, operator: string, values?: string[]) => ({
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [{ matchExpressions: [{ key, operator, values }] }],
    },
  },
});

describe('filter plugins', () => {
  const cases: { name: string; plugin: FilterPlugin; pod: Pod; node: NodeInfo; code: string; reasons?: string[] }[] = [
    {
      name: 'NodeUnschedulable lets a schedulable node pass',
      plugin: nodeUnschedulable.create(),
      pod: makePod('p'),
      node: nodeInfo(makeNode('n')),
      code: 'Success',
    },
    {
      name: 'NodeUnschedulable rejects a cordoned node',
      plugin: nodeUnschedulable.create(),
      pod: makePod('p'),
      node: nodeInfo(makeNode('n', { spec: { unschedulable: true } })),
      code: 'UnschedulableAndUnresolvable',
      reasons: ['node(s) were unschedulable'],
    },
    {
      name: 'NodeUnschedulable admits a pod tolerating the unschedulable taint',
      plugin: nodeUnschedulable.create(),
      pod: makePod('p', {
        tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }],
      }),
      node: nodeInfo(makeNode('n', { spec: { unschedulable: true } })),
      code: 'Success',
    },
    {
      name: 'NodeName passes the named node',
      plugin: nodeName.create(),
      pod: makePod('p', { nodeName: 'n' }),
      node: nodeInfo(makeNode('n')),
      code: 'Success',
    },
    {
      name: 'NodeName rejects another node',
      plugin: nodeName.create(),
      pod: makePod('p', { nodeName: 'm' }),
      node: nodeInfo(makeNode('n')),
      code: 'UnschedulableAndUnresolvable',
      reasons: ["node(s) didn't match the requested node name"],
    },
    {
      name: 'NodePorts rejects a host port already taken',
      plugin: nodePorts.create(),
      pod: makePod('p', { containers: [{ name: 'c', ports: [{ containerPort: 80, hostPort: 8080 }] }] }),
      node: nodeInfo(
        makeNode('n'),
        makePod('q', {
          containers: [{ name: 'c', ports: [{ containerPort: 80, hostPort: 8080, hostIP: '10.0.0.1' }] }],
        }),
      ),
      code: 'Unschedulable',
      reasons: ["node(s) didn't have free ports for the requested pod ports"],
    },
    {
      name: 'NodePorts allows the same port over another protocol',
      plugin: nodePorts.create(),
      pod: makePod('p', { containers: [{ name: 'c', ports: [{ containerPort: 53, hostPort: 53, protocol: 'UDP' }] }] }),
      node: nodeInfo(
        makeNode('n'),
        makePod('q', { containers: [{ name: 'c', ports: [{ containerPort: 53, hostPort: 53 }] }] }),
      ),
      code: 'Success',
    },
    {
      name: 'NodePorts skips pods without host ports',
      plugin: nodePorts.create(),
      pod: makePod('p'),
      node: nodeInfo(makeNode('n')),
      code: 'Skip',
    },
    {
      name: 'NodeResourcesFit passes a pod that fits',
      plugin: fit.create(),
      pod: makePod('p', {}, { cpu: '1' }),
      node: nodeInfo(makeNode('n')),
      code: 'Success',
    },
    {
      name: 'NodeResourcesFit counts the pods already there',
      plugin: fit.create(),
      pod: makePod('p', {}, { cpu: '2', memory: '1Gi' }),
      node: nodeInfo(makeNode('n'), makePod('a', {}, { cpu: '3', memory: '7.5Gi' })),
      code: 'Unschedulable',
      reasons: ['Insufficient cpu', 'Insufficient memory'],
    },
    {
      name: 'NodeResourcesFit checks ephemeral-storage and extended resources',
      plugin: fit.create(),
      pod: makePod('p', {}, { 'ephemeral-storage': '1Gi', 'example.com/gpu': '1' }),
      node: nodeInfo(makeNode('n')),
      code: 'Unschedulable',
      reasons: ['Insufficient ephemeral-storage', 'Insufficient example.com/gpu'],
    },
    {
      name: 'NodeResourcesFit rejects a node with no pod slot left',
      plugin: fit.create(),
      pod: makePod('p'),
      node: nodeInfo(makeNode('n', { allocatable: { cpu: '1', memory: '1Gi', pods: '1' } }), makePod('a')),
      code: 'Unschedulable',
      reasons: ['Too many pods'],
    },
    {
      name: 'TaintToleration rejects an untolerated NoSchedule taint',
      plugin: taintToleration.create(),
      pod: makePod('p'),
      node: nodeInfo(TAINTED),
      code: 'UnschedulableAndUnresolvable',
      reasons: ['node(s) had untolerated taint {dedicated: lab}'],
    },
    {
      name: 'TaintToleration passes a tolerated taint',
      plugin: taintToleration.create(),
      pod: makePod('p', { tolerations: [{ key: 'dedicated', operator: 'Exists' }] }),
      node: nodeInfo(TAINTED),
      code: 'Success',
    },
    {
      name: 'TaintToleration ignores PreferNoSchedule taints in Filter',
      plugin: taintToleration.create(),
      pod: makePod('p'),
      node: nodeInfo(makeNode('n', { spec: { taints: [{ key: 'k', effect: 'PreferNoSchedule' }] } })),
      code: 'Success',
    },
    {
      name: 'NodeAffinity rejects a node without the nodeSelector label',
      plugin: nodeAffinity.create(),
      pod: makePod('p', { nodeSelector: { disk: 'hdd' } }),
      node: nodeInfo(ZONED),
      code: 'UnschedulableAndUnresolvable',
      reasons: ["node(s) didn't match Pod's node affinity/selector"],
    },
    {
      name: 'NodeAffinity passes a matching nodeSelector',
      plugin: nodeAffinity.create(),
      pod: makePod('p', { nodeSelector: { disk: 'ssd' } }),
      node: nodeInfo(ZONED),
      code: 'Success',
    },
    {
      name: 'NodeAffinity In',
      plugin: nodeAffinity.create(),
      pod: makePod('p', { affinity: term('zone', 'In', ['a', 'b']) }),
      node: nodeInfo(ZONED),
      code: 'Success',
    },
    {
      name: 'NodeAffinity NotIn',
      plugin: nodeAffinity.create(),
      pod: makePod('p', { affinity: term('zone', 'NotIn', ['a']) }),
      node: nodeInfo(ZONED),
      code: 'UnschedulableAndUnresolvable',
    },
    {
      name: 'NodeAffinity Exists',
      plugin: nodeAffinity.create(),
      pod: makePod('p', { affinity: term('zone', 'Exists') }),
      node: nodeInfo(ZONED),
      code: 'Success',
    },
    {
      name: 'NodeAffinity DoesNotExist',
      plugin: nodeAffinity.create(),
      pod: makePod('p', { affinity: term('zone', 'DoesNotExist') }),
      node: nodeInfo(ZONED),
      code: 'UnschedulableAndUnresolvable',
    },
    {
      name: 'NodeAffinity Gt',
      plugin: nodeAffinity.create(),
      pod: makePod('p', { affinity: term('gen', 'Gt', ['4']) }),
      node: nodeInfo(ZONED),
      code: 'Success',
    },
    {
      name: 'NodeAffinity Lt',
      plugin: nodeAffinity.create(),
      pod: makePod('p', { affinity: term('gen', 'Lt', ['5']) }),
      node: nodeInfo(ZONED),
      code: 'UnschedulableAndUnresolvable',
    },
    {
      name: 'NodeAffinity matchFields metadata.name',
      plugin: nodeAffinity.create(),
      pod: makePod('p', {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-b'] }] },
                { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-a'] }] },
              ],
            },
          },
        },
      }),
      node: nodeInfo(ZONED),
      code: 'Success',
    },
    {
      name: 'NodeAffinity skips a pod without requirements',
      plugin: nodeAffinity.create(),
      pod: makePod('p'),
      node: nodeInfo(ZONED),
      code: 'Skip',
    },
  ];
  it.each(cases)('$name', ({ plugin, pod, node, code, reasons }) => {
    const [gotCode, gotReasons] = runFilter(plugin, pod, node);
    expect(gotCode).toBe(code);
    if (reasons) expect(gotReasons).toEqual(reasons);
  });
});

describe('podRequests', () => {
  it('takes the larger of the containers sum and the largest init container, plus overhead', () => {
    const pod = makePod('p', {
      containers: [
        { name: 'a', resources: { requests: { cpu: '200m', memory: '100Mi' } } },
        { name: 'b', resources: { requests: { cpu: '300m', memory: '100Mi' } } },
      ],
      initContainers: [{ name: 'init', resources: { requests: { cpu: '1', memory: '50Mi' } } }],
      overhead: { cpu: '100m' },
    });
    expect(podRequests(pod)).toEqual({ cpu: 1100, memory: 200 * 1024 * 1024 });
  });

  it('counts the scoring defaults for containers without requests when asked', () => {
    expect(podRequests(makePod('p'), { nonZero: true })).toEqual({ cpu: 100, memory: 200 * 1024 * 1024 });
  });
});

describe('score plugins', () => {
  it('NodeResourcesFit (LeastAllocated) prefers the emptier node', () => {
    const plugin = fit.create();
    const pod = makePod('p', {}, { cpu: '1', memory: '2Gi' });
    const empty = nodeInfo(makeNode('a'));
    const busy = nodeInfo(makeNode('b'), makePod('q', {}, { cpu: '2', memory: '4Gi' }));
    // (4000-1000)/4000 = 75, (8-2)/8 = 75 → 75; busy: 25, 25 → 25
    expect(plugin.score(new CycleState(), pod, empty)).toBe(75);
    expect(plugin.score(new CycleState(), pod, busy)).toBe(25);
    expect(fit.create({ scoringStrategy: { type: 'MostAllocated' } }).score(new CycleState(), pod, busy)).toBe(75);
  });

  it('NodeResourcesBalancedAllocation prefers equal cpu and memory fractions', () => {
    expect(balanced.balancedScore([2000, 4 * 2 ** 30], [4000, 8 * 2 ** 30])).toBe(100);
    expect(balanced.balancedScore([4000, 0], [4000, 8 * 2 ** 30])).toBe(50);
    const plugin = balanced.create();
    expect(plugin.preScore(new CycleState(), makePod('p'), []).code).toBe('Skip');
  });

  it('TaintToleration counts intolerable PreferNoSchedule taints and reverses them', () => {
    const plugin = taintToleration.create();
    const pod = makePod('p', { tolerations: [{ key: 'a', operator: 'Exists', effect: 'PreferNoSchedule' }] });
    const taints = (...keys: string[]) => ({
      spec: { taints: keys.map((key) => ({ key, effect: 'PreferNoSchedule' })) },
    });
    const state = new CycleState();
    plugin.preScore(state, pod, []);
    const scores = [
      { node: 'x', score: plugin.score(state, pod, nodeInfo(makeNode('x', taints('a')))) },
      { node: 'y', score: plugin.score(state, pod, nodeInfo(makeNode('y', taints('a', 'b')))) },
      { node: 'z', score: plugin.score(state, pod, nodeInfo(makeNode('z', taints('b', 'c')))) },
    ];
    expect(scores.map((s) => s.score)).toEqual([0, 1, 2]);
    plugin.normalizeScore?.(state, pod, scores);
    expect(scores.map((s) => s.score)).toEqual([100, 50, 0]);
  });

  it('NodeAffinity sums the weights of matching preferred terms, normalised to the best', () => {
    const plugin = nodeAffinity.create();
    const pod = makePod('p', {
      affinity: {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 10, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } },
            { weight: 30, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } },
          ],
        },
      },
    });
    const other = makeNode('node-b', { metadata: { name: 'node-b', labels: { zone: 'a' } } });
    const state = new CycleState();
    expect(plugin.preScore(state, pod, []).code).toBe('Success');
    const scores = [
      { node: 'node-a', score: plugin.score(state, pod, nodeInfo(ZONED)) },
      { node: 'node-b', score: plugin.score(state, pod, nodeInfo(other)) },
    ];
    expect(scores.map((s) => s.score)).toEqual([40, 10]);
    plugin.normalizeScore?.(state, pod, scores);
    expect(scores.map((s) => s.score)).toEqual([100, 25]);
  });
});
