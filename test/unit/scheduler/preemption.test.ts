import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../server/api/types/core.js';
import { runCycle } from '../../../server/scheduler/cycle.js';
import type { NodeInfo } from '../../../server/scheduler/framework.js';
import { moreImportant, pickOneNode, type Candidate } from '../../../server/scheduler/plugins/default-preemption.js';
import { defaultProfile, defaultRegistry, resolvePlugins } from '../../../server/scheduler/profile.js';
import { makeNode, makePod, nodeInfo } from './helpers.js';

/** A pod asking for `cpu` with `priority`. */
function prio(name: string, priority: number, cpu: string, spec: Partial<Pod['spec']> = {}): Pod {
  return makePod(name, { priority, ...spec }, { cpu });
}
const small = (name: string) => makeNode(name, { allocatable: { cpu: '2', memory: '8Gi', pods: '110' } });

/** Runs a default-profile cycle with a handle that records preemptions instead of calling the API. */
function schedule(pod: Pod, nodes: NodeInfo[]) {
  const preempted: string[] = [];
  const resolved = resolvePlugins(defaultProfile(), defaultRegistry(), {
    preempt: (victim, preemptor, node) =>
      preempted.push(`${victim.metadata.name}@${node} by ${preemptor.metadata.name}`),
  });
  if (!resolved.ok) throw new Error(resolved.error);
  const result = runCycle(resolved.framework, pod, nodes, { random: () => 0 });
  return {
    ok: result.ok,
    nominated: 'fitError' in result ? result.nominatedNodeName : undefined,
    message: result.trace.message,
    preempted,
  };
}

describe('DefaultPreemption', () => {
  it('evicts the fewest lowest-priority pods on the best node and nominates it', () => {
    const result = schedule(prio('vip', 1000, '1500m'), [
      nodeInfo(small('n1'), prio('mid-a', 500, '1'), prio('mid-b', 500, '1')),
      nodeInfo(small('n2'), prio('low-a', 10, '1'), prio('low-b', 20, '1')),
    ]);
    expect(result).toEqual({
      ok: false,
      nominated: 'n2',
      message: '0/2 nodes are available: 2 Insufficient cpu.',
      preempted: ['low-b@n2 by vip', 'low-a@n2 by vip'],
    });
  });

  it('keeps back every victim the pod fits beside, the most important first', () => {
    const result = schedule(prio('vip', 1000, '1'), [
      nodeInfo(small('n1'), prio('low', 10, '1'), prio('lower', 5, '1')),
    ]);
    expect(result.preempted).toEqual(['lower@n1 by vip']);
    expect(result.nominated).toBe('n1');
  });

  it('prefers the node whose most important victim matters least over fewer victims', () => {
    const result = schedule(prio('vip', 1000, '2'), [
      nodeInfo(small('n1'), prio('mid', 500, '2')),
      nodeInfo(small('n2'), prio('low-a', 10, '1'), prio('low-b', 10, '1')),
    ]);
    expect(result.nominated).toBe('n2');
  });

  const failures: { name: string; pod: Pod; nodes: NodeInfo[]; message: string }[] = [
    {
      name: 'finds no victims among pods of equal or higher priority',
      pod: prio('p', 100, '1500m'),
      nodes: [nodeInfo(small('n1'), prio('same', 100, '1')), nodeInfo(small('n2'), prio('higher', 200, '1'))],
      message:
        '0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: ' +
        '2 No preemption victims found for incoming pod..',
    },
    {
      name: 'does not help where the rejection is unresolvable',
      pod: prio('p', 100, '1500m'),
      nodes: [
        nodeInfo(makeNode('t', { spec: { taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] } })),
        nodeInfo(small('n1'), prio('same', 100, '1')),
      ],
      message:
        '0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {k: v}. preemption: ' +
        '0/2 nodes are available: 1 No preemption victims found for incoming pod, ' +
        '1 Preemption is not helpful for scheduling..',
    },
    {
      name: 'reports the filter that still fails when even all lower-priority pods would not be enough',
      pod: prio('p', 100, '3'),
      nodes: [nodeInfo(small('n1'), prio('low', 1, '1'))],
      message: '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 Insufficient cpu..',
    },
    {
      name: 'never preempts for a pod with preemptionPolicy Never',
      pod: prio('p', 100, '1500m', { preemptionPolicy: 'Never' }),
      nodes: [nodeInfo(small('n1'), prio('low', 1, '1'))],
      message: '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never..',
    },
    {
      name: 'waits while a victim is still terminating on the nominated node',
      pod: { ...prio('p', 100, '1500m'), status: { nominatedNodeName: 'n1' } },
      nodes: [nodeInfo(small('n1'), { ...prio('low', 1, '1'), metadata: { name: 'low', deletionTimestamp: 'x' } })],
      message:
        '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to a terminating pod on the ' +
        'nominated node..',
    },
  ];
  for (const c of failures)
    it(c.name, () => {
      const result = schedule(c.pod, c.nodes);
      expect(result).toMatchObject({ ok: false, nominated: undefined, message: c.message, preempted: [] });
    });
});

describe('pickOneNode', () => {
  const victims = (...specs: [number, string?][]) =>
    specs.map(([priority, start], i) => ({
      ...prio(`v${i}`, priority, '1'),
      status: start ? { startTime: start } : undefined,
    }));
  const cases: { name: string; candidates: Candidate[]; want: string }[] = [
    {
      name: 'the lowest highest-priority victim first',
      candidates: [
        { node: 'a', victims: victims([100]) },
        { node: 'b', victims: victims([50], [50], [50]) },
      ],
      want: 'b',
    },
    {
      name: 'then the smallest sum of priorities',
      candidates: [
        { node: 'a', victims: victims([50], [40]) },
        { node: 'b', victims: victims([50], [10]) },
      ],
      want: 'b',
    },
    {
      name: 'then the fewest victims',
      candidates: [
        { node: 'a', victims: victims([0], [0]) },
        { node: 'b', victims: victims([0]) },
      ],
      want: 'b',
    },
    {
      name: 'then the most important victim that started last',
      candidates: [
        { node: 'a', victims: victims([5, '2024-01-01T00:00:00Z']) },
        { node: 'b', victims: victims([5, '2024-06-01T00:00:00Z']) },
      ],
      want: 'b',
    },
    {
      name: 'else the first',
      candidates: [
        { node: 'a', victims: victims([1]) },
        { node: 'b', victims: victims([1]) },
      ],
      want: 'a',
    },
  ];
  for (const c of cases) it(c.name, () => expect(pickOneNode(c.candidates)?.node).toBe(c.want));

  it('orders pods by importance: priority, then earlier start', () => {
    const [a, b, c] = victims([1, '2024-01-02T00:00:00Z'], [1, '2024-01-01T00:00:00Z'], [9]);
    expect([a!, b!, c!].sort(moreImportant).map((p) => p.metadata.name)).toEqual(['v2', 'v1', 'v0']);
  });
});
