import { describe, expect, it } from 'vitest';
import { runCycle } from '../../../server/scheduler/cycle.js';
import type { DecisionTrace } from '../../../server/scheduler/decision-trace.js';
import { defaultProfile, resolvePlugins } from '../../../server/scheduler/profile.js';
import { formatDecision, sameDecision, summarizeTrace } from '../../../server/scheduler/trace-summary.js';
import { makeNode, makePod, nodeInfo } from './helpers.js';

function cycle(nodeCount: number, podSpec = {}, requests?: Record<string, string>): DecisionTrace {
  const resolved = resolvePlugins(defaultProfile());
  if (!resolved.ok) throw new Error(resolved.error);
  const nodes = Array.from({ length: nodeCount }, (_, i) =>
    nodeInfo(
      makeNode(`node-${i}`, {
        metadata: { name: `node-${i}`, labels: { zone: i % 2 ? 'b' : 'a' } },
        spec: i % 3 === 0 ? { taints: [{ key: 'dedicated', value: 'lab', effect: 'NoSchedule' }] } : {},
      }),
    ),
  );
  const trace = runCycle(resolved.framework, makePod('p', podSpec, requests), nodes, {
    random: () => 0,
    percentageOfNodesToScore: 100,
  }).trace;
  return { ...trace, time: '2026-01-01T00:00:00.000Z' };
}

describe('summarizeTrace', () => {
  it('summarises a successful cycle: winner, filter verdicts, ranked scores with per-plugin normalised scores', () => {
    const summary = summarizeTrace(cycle(3));
    expect(summary).toMatchObject({
      pod: 'default/p',
      schedulerName: 'default-scheduler',
      winner: 'node-1',
      nodes: { total: 3, feasible: 2, shown: 3 },
      filters: {
        'node-0': 'TaintToleration: node(s) had untolerated taint {dedicated: lab}',
        'node-1': 'ok',
        'node-2': 'ok',
      },
      weights: { TaintToleration: 3, NodeResourcesFit: 1 },
    });
    expect(Object.keys(summary.filters)[0]).toBe('node-0');
    expect(summary.scores).toHaveLength(2);
    expect(summary.scores[0]?.node).toBe('node-1');
    expect(summary.scores[0]?.plugins.TaintToleration).toBe(100);
    expect(summary.skipped).toContain('InterPodAffinity');
    expect(summary.message).toBeUndefined();
  });

  it('keeps the FailedScheduling message of a failed cycle', () => {
    const summary = summarizeTrace(cycle(2, {}, { cpu: '100' }));
    expect(summary.winner).toBeUndefined();
    expect(summary.message).toMatch(/^0\/2 nodes are available: 1 Insufficient cpu, 1 node\(s\) had untolerated taint/);
    expect(summary.filters['node-1']).toBe('NodeResourcesFit: Insufficient cpu');
    expect(summary.nodes).toEqual({ total: 2, feasible: 0, shown: 2 });
  });

  it('shows at most 20 nodes and 5 scores, rejected nodes first', () => {
    const summary = summarizeTrace(cycle(300));
    expect(summary.nodes).toEqual({ total: 300, feasible: 200, shown: 20 });
    expect(Object.values(summary.filters).every((v) => v.startsWith('TaintToleration'))).toBe(true);
    expect(summary.scores).toHaveLength(5);
    const totals = summary.scores.map((s) => s.total);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
  });

  it('stays under 8 KiB for 1,000 nodes, and under a smaller limit by showing less', () => {
    const trace = cycle(1000);
    expect(Buffer.byteLength(formatDecision(trace))).toBeLessThanOrEqual(8192);
    const tight = summarizeTrace(trace, { maxBytes: 700 });
    expect(Buffer.byteLength(JSON.stringify(tight))).toBeLessThanOrEqual(700);
    expect(tight.nodes.shown).toBeLessThan(20);
    expect(tight.winner).toBe(trace.winner);
  });

  it('ranks the best totals as a full sort would, ties by node name', () => {
    const trace = cycle(40);
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) % 6;
    const totals = trace.scored.map((node) => ({ node, score: random() * 100 }));
    const sorted = [...totals].sort((a, b) => b.score - a.score || (a.node < b.node ? -1 : 1)).slice(0, 5);
    const summary = summarizeTrace({ ...trace, totals });
    expect(summary.scores.map((s) => [s.node, s.total])).toEqual(sorted.map((t) => [t.node, t.score]));
  });

  it('compares two annotations apart from their time', () => {
    const trace = cycle(3);
    const later = formatDecision({ ...trace, time: '2026-01-01T00:01:00.000Z' });
    expect(sameDecision(formatDecision(trace), later)).toBe(true);
    expect(sameDecision(formatDecision(trace), formatDecision({ ...trace, winner: 'node-2' }))).toBe(false);
    expect(sameDecision('not json', later)).toBe(false);
  });
});
