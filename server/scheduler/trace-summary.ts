// The decision trace as the API shows it: a compact JSON summary in the pod's annotation
// scheduler.kubelab.dev/decision (through the Binding's annotations after a success, a metadata patch after a
// failure), so that `kubectl get pod x -o jsonpath='{.metadata.annotations.scheduler\.kubelab\.dev/decision}'` and the
// workbook can read why the pod went where it went. Kept under 8 KiB whatever the cluster size.
import { DECISION_ANNOTATION, type SchedulingDecision } from '../protocol/cluster.js';
import type { DecisionTrace } from './decision-trace.js';
import type { NodeScore } from './framework.js';

export { DECISION_ANNOTATION };

/** The summary (its shape is the wire format the workbook validates: protocol/cluster.ts). */
export type DecisionSummary = SchedulingDecision;

export interface SummaryLimits {
  maxNodes?: number;
  maxScores?: number;
  maxBytes?: number;
}

const MAX_REASON = 200;

/**
 * Summarises `trace` within the limits (20 nodes, 5 scores, 8 KiB by default), halving them until it fits. The
 * pod carries it in every later write and watch event, so it stays small: about 1 KiB in a big cluster.
 */
export function summarizeTrace(trace: DecisionTrace, limits?: SummaryLimits): DecisionSummary {
  return fit(trace, limits).summary;
}

function fit(trace: DecisionTrace, limits: SummaryLimits = {}): { summary: DecisionSummary; text: string } {
  let maxNodes = limits.maxNodes ?? 20;
  let maxScores = limits.maxScores ?? 5;
  const maxBytes = limits.maxBytes ?? 8192;
  for (;;) {
    const summary = summarize(trace, maxNodes, maxScores);
    const text = JSON.stringify(summary);
    if (Buffer.byteLength(text) <= maxBytes || (maxNodes === 0 && maxScores === 0)) return { summary, text };
    maxNodes = Math.floor(maxNodes / 2);
    maxScores = Math.floor(maxScores / 2);
  }
}

/** The annotation value: the summary as one line of JSON. */
export function formatDecision(trace: DecisionTrace, limits?: SummaryLimits): string {
  return fit(trace, limits).text;
}

/** Two decision annotations say the same, apart from when (so an unchanged one is not patched again). */
export function sameDecision(a: string, b: string): boolean {
  const strip = (text: string) => {
    try {
      return JSON.stringify({ ...(JSON.parse(text) as object), time: '' });
    } catch {
      return text;
    }
  };
  return strip(a) === strip(b);
}

function summarize(trace: DecisionTrace, maxNodes: number, maxScores: number): DecisionSummary {
  const filters: Record<string, string> = {};
  for (const { node, filters: verdicts } of trace.rejected.slice(0, maxNodes)) {
    const last = verdicts.at(-1);
    filters[node] = last ? clip(`${last.plugin}: ${last.reasons.join(', ') || last.code}`) : 'ok';
  }
  for (const node of trace.feasible.slice(0, Math.max(0, maxNodes - trace.rejected.length))) filters[node] = 'ok';
  const shown = Object.keys(filters).length;
  const evaluated = trace.rejected.length + trace.feasible.length;
  if (trace.preFilter && evaluated === 0) filters['*'] = clip(`${trace.preFilter.plugin}: ${trace.message}`);
  const weights = Object.fromEntries(trace.scores.map((s) => [s.plugin, s.weight]));
  const scores = best(trace.totals, maxScores).map(({ node, score }) => {
    const index = trace.scored.indexOf(node);
    return {
      node,
      total: score,
      plugins: Object.fromEntries(trace.scores.map((s) => [s.plugin, s.normalized[index] ?? 0])),
    };
  });
  const summary: DecisionSummary = {
    pod: trace.pod,
    schedulerName: trace.schedulerName,
    time: trace.time,
    nodes: { total: evaluated, feasible: trace.feasible.length, shown },
    filters,
    weights,
    scores,
    skipped: [...trace.skipped],
  };
  if (trace.winner) summary.winner = trace.winner;
  if (trace.message) summary.message = clip(trace.message, 1024);
  if (trace.nominatedNodeName) summary.nominatedNodeName = trace.nominatedNodeName;
  return summary;
}

/** The `count` best totals, best first (ties by node name): one pass, not a sort of hundreds of nodes. */
function best(totals: readonly NodeScore[], count: number): NodeScore[] {
  const before = (a: NodeScore, b: NodeScore) => a.score > b.score || (a.score === b.score && a.node < b.node);
  const kept: NodeScore[] = [];
  if (count <= 0) return kept;
  for (const total of totals) {
    if (kept.length === count && !before(total, kept[count - 1]!)) continue;
    let at = kept.length < count ? kept.length : count - 1;
    while (at > 0 && before(total, kept[at - 1]!)) at--;
    kept.splice(at, 0, total);
    if (kept.length > count) kept.pop();
  }
  return kept;
}

function clip(text: string, max = MAX_REASON): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
