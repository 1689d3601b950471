// One scheduling cycle for one pod, as kube-scheduler's schedulePod: PreFilter, Filter on every node, PostFilter if
// none fits, then PreScore, Score, NormalizeScore, the weighted sum, and the best node (ties broken at random).
// Pure: it reads a snapshot of NodeInfos and returns a result and a decision trace; binding is the caller's.
import type { Pod } from '../api/types/core.js';
import {
  CycleState,
  Status,
  podKey,
  type FilterPlugin,
  type Framework,
  type NodeInfo,
  type NodeScore,
} from './framework.js';

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

export type CycleResult =
  /** `evaluated`: how many nodes were filtered before enough were feasible (the next cycle starts after them). */
  | { ok: true; nodeName: string; trace: DecisionTrace; evaluated: number }
  | { ok: false; fitError: FitError; nominatedNodeName?: string; trace: DecisionTrace }
  /** No node at all (upstream's ErrNoNodesAvailable): unschedulable, like a FitError, until a node comes. */
  | { ok: false; noNodes: string; trace: DecisionTrace }
  | { ok: false; error: string; trace: DecisionTrace };

/** Upstream's ErrNoNodesAvailable message. */
export const NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

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

export interface CycleOptions {
  /** A number in [0, 1) to break ties; Math.random by default. */
  random?: () => number;
  /** Where in `nodes` filtering starts, so successive cycles share the work round the cluster (upstream's nextStartNodeIndex). */
  startIndex?: number;
  /** Stop filtering once this share of nodes is feasible; 0 (default) is upstream's adaptive share. */
  percentageOfNodesToScore?: number;
  /** The pods nominated to a node (see nominator.ts), counted there for pods of no higher priority. */
  nominatedPods?: (nodeName: string) => readonly Pod[];
}

const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE = 5;

/**
 * How many feasible nodes are enough to choose from, as kube-scheduler's numFeasibleNodesToFind: all of them in a
 * small cluster; in a large one a share that shrinks as the cluster grows (50 % minus 1 % per 125 nodes, at least
 * 5 % and 100 nodes). Scoring every node of a big cluster buys little and costs a lot.
 */
export function numFeasibleNodesToFind(numAllNodes: number, percentage = 0): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let share = percentage;
  if (share <= 0) share = Math.max(50 - Math.floor(numAllNodes / 125), MIN_FEASIBLE_NODES_PERCENTAGE);
  if (share >= 100) return numAllNodes;
  return Math.max(Math.floor((numAllNodes * share) / 100), MIN_FEASIBLE_NODES_TO_FIND);
}

/** Schedules `pod` onto one of `nodes` with the plugins of `framework`. */
export function runCycle(
  framework: Framework,
  pod: Pod,
  nodes: readonly NodeInfo[],
  options: CycleOptions = {},
): CycleResult {
  const state = new CycleState();
  const trace: DecisionTrace = {
    pod: podKey(pod),
    schedulerName: framework.schedulerName,
    time: '',
    skipped: [],
    filters: [],
    feasible: [],
    rejected: [],
    scored: [],
    scores: [],
    totals: [],
  };
  const fail = (fitError: Omit<FitError, 'message'>, nominatedNodeName?: string): CycleResult => {
    const message = fitErrorMessage(fitError);
    trace.message = message;
    trace.nominatedNodeName = nominatedNodeName;
    return { ok: false, fitError: { ...fitError, message }, nominatedNodeName, trace };
  };
  const error = (status: Status): CycleResult => {
    trace.message = `${status.plugin}: ${status.reasons.join(', ')}`;
    return { ok: false, error: trace.message, trace };
  };

  if (nodes.length === 0) {
    trace.message = NO_NODES_AVAILABLE;
    return { ok: false, noNodes: NO_NODES_AVAILABLE, trace };
  }

  // PreFilter: a rejection here rejects every node with the same status.
  const skipFilter = new Set<string>();
  for (const plugin of framework.preFilter) {
    const status = plugin.preFilter(state, pod, nodes).withPlugin(plugin.name);
    if (status.code === 'Skip') skipFilter.add(plugin.name);
    else if (status.code === 'Error') return error(status);
    else if (status.isRejected()) {
      trace.preFilter = record(status);
      const statuses = new Map(nodes.map((node) => [node.name, status]));
      return fail({ numAllNodes: nodes.length, statuses, preFilterMessage: status.reasons.join(', ') });
    }
  }
  trace.skipped.push(...skipFilter);

  const filtered = findFeasibleNodes(framework, state, pod, nodes, skipFilter, options, trace);
  if ('error' in filtered) return error(filtered.error);
  const { feasible, statuses, evaluated } = filtered;

  // PostFilter: only when nothing fits; its message joins the aggregate one.
  if (feasible.length === 0) {
    let postFilterMessage: string | undefined;
    let nominatedNodeName: string | undefined;
    for (const plugin of framework.postFilter) {
      const result = plugin.postFilter(state, pod, nodes, statuses);
      if (result.status.code === 'Error') return error(result.status.withPlugin(plugin.name));
      if (result.status.isSuccess()) {
        nominatedNodeName = result.nominatedNodeName;
        break;
      }
      postFilterMessage = result.status.reasons.join(', ') || postFilterMessage;
    }
    return fail({ numAllNodes: nodes.length, statuses, postFilterMessage }, nominatedNodeName);
  }

  const scored = scoreNodes(framework, state, pod, feasible, trace);
  if ('error' in scored) return error(scored.error);
  trace.totals = scored.totals;
  const best = selectHost(scored.totals, options.random ?? Math.random);
  trace.winner = best;
  return { ok: true, nodeName: best, trace, evaluated };
}

/**
 * Filter: a pod that preemption made room for tries its nominated node first, and takes it if it fits (upstream's
 * evaluateNominatedNode); otherwise nodes in turn from startIndex, each plugin until one rejects the node, until
 * enough nodes are feasible. Pods nominated to a node count there for pods of no higher priority.
 */
function findFeasibleNodes(
  framework: Framework,
  state: CycleState,
  pod: Pod,
  nodes: readonly NodeInfo[],
  skip: ReadonlySet<string>,
  options: CycleOptions,
  trace: DecisionTrace,
): { feasible: NodeInfo[]; statuses: Map<string, Status>; evaluated: number } | { error: Status } {
  const plugins = framework.filter.filter((plugin) => !skip.has(plugin.name));
  trace.filters = plugins.map((plugin) => plugin.name);
  const passed = plugins.map((plugin) => record(Status.success().withPlugin(plugin.name)));
  const feasible: NodeInfo[] = [];
  const statuses = new Map<string, Status>();
  /** Filters one node into `feasible` or `statuses`; the status of a plugin that answered Error. */
  const visit = (node: NodeInfo): Status | undefined => {
    const rejection = filterNode(plugins, state, pod, withNominatedPods(node, pod, options.nominatedPods));
    if (rejection?.status.code === 'Error') return rejection.status;
    if (rejection) {
      const filters = [...passed.slice(0, rejection.index), record(rejection.status)];
      trace.rejected.push({ node: node.name, filters });
      statuses.set(node.name, rejection.status);
    } else {
      trace.feasible.push(node.name);
      feasible.push(node);
    }
    return undefined;
  };
  const nominated = nodes.find((node) => node.name === pod.status?.nominatedNodeName);
  if (nominated) {
    const failed = visit(nominated);
    if (failed) return { error: failed };
    if (feasible.length > 0) return { feasible, statuses, evaluated: 0 };
  }
  const enough = numFeasibleNodesToFind(nodes.length, options.percentageOfNodesToScore);
  const start = nodes.length ? (options.startIndex ?? 0) % nodes.length : 0;
  let evaluated = 0;
  for (; evaluated < nodes.length && feasible.length < enough; evaluated++) {
    const node = nodes[(start + evaluated) % nodes.length]!;
    if (node === nominated) continue;
    const failed = visit(node);
    if (failed) return { error: failed };
  }
  return { feasible, statuses, evaluated };
}

/** `node` with the pods nominated to it that matter as much as `pod` or more, counted as if placed there. */
function withNominatedPods(node: NodeInfo, pod: Pod, nominatedPods: CycleOptions['nominatedPods']): NodeInfo {
  const nominated = nominatedPods?.(node.name) ?? [];
  if (nominated.length === 0) return node;
  const priority = pod.spec.priority ?? 0;
  const others = nominated.filter((other) => (other.spec.priority ?? 0) >= priority && podKey(other) !== podKey(pod));
  if (others.length === 0) return node;
  const copy = node.clone();
  for (const other of others) copy.addPod({ ...other, spec: { ...other.spec, nodeName: node.name } });
  return copy;
}

/** Runs the filters on one node until one does not answer Success: that status (signed) and its place, or none. */
function filterNode(
  plugins: readonly FilterPlugin[],
  state: CycleState,
  pod: Pod,
  node: NodeInfo,
): { index: number; status: Status } | undefined {
  for (let index = 0; index < plugins.length; index++) {
    const plugin = plugins[index]!;
    const status = plugin.filter(state, pod, node);
    if (!status.isSuccess()) return { index, status: status.withPlugin(plugin.name) };
  }
  return undefined;
}

function record(status: Status): FilterRecord {
  return { plugin: status.plugin, code: status.code, reasons: [...status.reasons] };
}

/** PreScore, Score and NormalizeScore for every score plugin, then each node's weighted sum. */
function scoreNodes(
  framework: Framework,
  state: CycleState,
  pod: Pod,
  feasible: NodeInfo[],
  trace: DecisionTrace,
): { totals: NodeScore[] } | { error: Status } {
  const skipScore = new Set<string>();
  for (const plugin of framework.preScore) {
    const status = plugin.preScore(state, pod, feasible).withPlugin(plugin.name);
    if (status.code === 'Skip') skipScore.add(plugin.name);
    else if (!status.isSuccess()) return { error: status };
  }
  for (const name of skipScore) if (!trace.skipped.includes(name)) trace.skipped.push(name);
  trace.scored = feasible.map((node) => node.name);
  const totals = trace.scored.map((node) => ({ node, score: 0 }));
  for (const { plugin, weight } of framework.score) {
    if (skipScore.has(plugin.name)) continue;
    const scores = feasible.map((node) => ({ node: node.name, score: plugin.score(state, pod, node) }));
    const raw = scores.map((s) => s.score);
    if (plugin.normalizeScore) {
      const status = plugin.normalizeScore(state, pod, scores).withPlugin(plugin.name);
      if (!status.isSuccess()) return { error: status };
    }
    const normalized = scores.map((s) => s.score);
    trace.scores.push({ plugin: plugin.name, weight, raw, normalized });
    normalized.forEach((score, i) => (totals[i]!.score += score * weight));
  }
  return { totals };
}

/**
 * The node with the highest total; among equals each is equally likely (upstream's selectHost keeps the n-th
 * equal with probability 1/n, reservoir sampling, which comes to the same).
 */
export function selectHost(totals: readonly NodeScore[], random: () => number): string {
  const max = Math.max(...totals.map((t) => t.score));
  const best = totals.filter((t) => t.score === max);
  return best[Math.min(best.length - 1, Math.floor(random() * best.length))]?.node ?? '';
}
