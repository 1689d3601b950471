// What a scheduling cycle found out, in the shapes the scheduler keeps and shows: each node's filter verdicts, each
// score plugin's scores (the decision trace the workbook and the pod's annotation summarise), and why a pod fits
// nowhere (upstream's FitError and its message).
import type { NodeScore, Status } from './framework.js';

/** One plugin's verdict on one node, as the trace shows it. */
export interface FilterRecord {
  plugin: string;
  code: Status['code'];
  reasons: string[];
}

/**
 * One plugin's scores, raw (from Score) and normalised (after NormalizeScore), in the order of the trace's
 * `scored` nodes; and the weight they count with.
 */
export interface ScoreRecord {
  plugin: string;
  weight: number;
  raw: number[];
  normalized: number[];
}

/**
 * Why a pod went where it went, or nowhere: each node's filter results (plugins run in order until one rejects the
 * node), each score plugin's scores, the weighted totals, and the winner or the FailedScheduling message.
 */
export interface DecisionTrace {
  pod: string;
  schedulerName: string;
  /** ISO time the cycle ran (filled in by the scheduler; empty from runCycle). */
  time: string;
  /** Plugins that returned Skip from PreFilter or PreScore for this pod. */
  skipped: string[];
  preFilter?: FilterRecord;
  /** The filter plugins that ran for this pod, in order: a feasible node passed every one of them. */
  filters: string[];
  /** Nodes that passed every filter, in the order they were filtered. */
  feasible: string[];
  /** Nodes a filter rejected, with the verdict of each filter that ran on it (the last one rejected it). */
  rejected: { node: string; filters: readonly FilterRecord[] }[];
  /** The nodes that were scored (the feasible ones), in the order of each ScoreRecord's numbers. */
  scored: string[];
  scores: ScoreRecord[];
  totals: NodeScore[];
  winner?: string;
  message?: string;
  nominatedNodeName?: string;
}

/** Why no node fits (upstream's FitError): every node's rejecting status, and the aggregate message. */
export interface FitError {
  numAllNodes: number;
  /** node name → the status that rejected it. */
  statuses: Map<string, Status>;
  preFilterMessage?: string;
  postFilterMessage?: string;
  message: string;
}

/**
 * The FailedScheduling message, as upstream's FitError.Error(): "0/3 nodes are available: 1 Insufficient cpu,
 * 2 node(s) had untolerated taint {dedicated: lab}." — each reason counted over nodes, sorted as strings; a
 * PostFilter's message (preemption's "preemption: 0/3 nodes are available: ...") follows, with its own full stop.
 */
export function fitErrorMessage(error: Omit<FitError, 'message'>): string {
  let message = `0/${error.numAllNodes} nodes are available:`;
  if (error.preFilterMessage) message += ` ${error.preFilterMessage}.`;
  else {
    const counts = new Map<string, number>();
    for (const status of error.statuses.values())
      for (const reason of status.reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
    const histogram = [...counts].map(([reason, count]) => `${count} ${reason}`).sort();
    message += ` ${histogram.join(', ')}.`;
  }
  if (error.postFilterMessage) message += ` ${error.postFilterMessage}.`;
  return message;
}

/** A status as the trace records it. */
export function record(status: Status): FilterRecord {
  return { plugin: status.plugin, code: status.code, reasons: [...status.reasons] };
}
