// One scheduling cycle for one pod, as kube-scheduler's schedulePod (schedule_one.go): findNodesThatFitPod (PreFilter,
// the nominated node, Filter on the nodes), PostFilter if none fits, then prioritizeNodes (PreScore, Score,
// NormalizeScore, the weighted sum) and selectHost (ties broken at random). Pure: it reads a snapshot of NodeInfos
// and returns a result and a decision trace; assuming and binding are the scheduler's (scheduler.ts).
import type { Pod } from '../api/types/core.js';
import { fitErrorMessage, record, type DecisionTrace, type FitError } from './decision-trace.js';
import {
  CycleState,
  Status,
  podKey,
  type FilterPlugin,
  type Framework,
  type NodeInfo,
  type NodeScore,
} from './framework.js';

export type CycleResult =
  /** `evaluated`: how many nodes were filtered before enough were feasible (the next cycle starts after them). */
  | { ok: true; nodeName: string; trace: DecisionTrace; evaluated: number }
  | { ok: false; fitError: FitError; nominatedNodeName?: string; trace: DecisionTrace }
  /** No node at all (upstream's ErrNoNodesAvailable): unschedulable, like a FitError, until a node comes. */
  | { ok: false; noNodes: string; trace: DecisionTrace }
  | { ok: false; error: string; trace: DecisionTrace };

/** Upstream's ErrNoNodesAvailable message. */
export const NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

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

/**
 * Schedules `pod` onto one of `nodes` with the plugins of `framework`, as upstream's schedulePod: the chosen node,
 * or why none fits (a FitError, with the node preemption nominated if it made room), or an error.
 */
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
  const fit = findNodesThatFitPod(framework, state, pod, nodes, options, trace);
  if ('error' in fit) return error(fit.error);
  if ('rejected' in fit) {
    // A PreFilter rejection rejects every node with the same status.
    trace.preFilter = record(fit.rejected);
    const statuses = new Map(nodes.map((node) => [node.name, fit.rejected]));
    return fail({ numAllNodes: nodes.length, statuses, preFilterMessage: fit.rejected.reasons.join(', ') });
  }
  const { feasible, statuses, evaluated } = fit;
  if (feasible.length === 0) {
    const post = runPostFilterPlugins(framework, state, pod, nodes, statuses);
    if ('error' in post) return error(post.error);
    const { message: postFilterMessage, nominatedNodeName } = post;
    return fail({ numAllNodes: nodes.length, statuses, postFilterMessage }, nominatedNodeName);
  }
  const scored = prioritizeNodes(framework, state, pod, feasible, trace);
  if ('error' in scored) return error(scored.error);
  trace.totals = scored.totals;
  const best = selectHost(scored.totals, options.random ?? Math.random);
  trace.winner = best;
  return { ok: true, nodeName: best, trace, evaluated };
}

/** What PreFilter decided: the plugins that skip this pod, or a rejection of every node, or an error. */
type PreFilterResult = { skip: Set<string> } | { rejected: Status } | { error: Status };

/** As upstream's RunPreFilterPlugins: each PreFilter in order; the first rejection or error ends it. */
function runPreFilterPlugins(
  framework: Framework,
  state: CycleState,
  pod: Pod,
  nodes: readonly NodeInfo[],
): PreFilterResult {
  const skip = new Set<string>();
  for (const plugin of framework.preFilter) {
    const status = plugin.preFilter(state, pod, nodes).withPlugin(plugin.name);
    if (status.code === 'Skip') skip.add(plugin.name);
    else if (status.code === 'Error') return { error: status };
    else if (status.isRejected()) return { rejected: status };
  }
  return { skip };
}

/** The nodes that passed every filter, the status that rejected each other node, and how many nodes were filtered. */
type Filtered = { feasible: NodeInfo[]; statuses: Map<string, Status>; evaluated: number };

/**
 * As upstream's findNodesThatFitPod: PreFilter; then a pod that preemption made room for tries its nominated node
 * first and takes it if it fits (upstream's evaluateNominatedNode); otherwise findNodesThatPassFilters.
 */
function findNodesThatFitPod(
  framework: Framework,
  state: CycleState,
  pod: Pod,
  nodes: readonly NodeInfo[],
  options: CycleOptions,
  trace: DecisionTrace,
): Filtered | { rejected: Status } | { error: Status } {
  const pre = runPreFilterPlugins(framework, state, pod, nodes);
  if (!('skip' in pre)) return pre;
  trace.skipped.push(...pre.skip);
  const plugins = framework.filter.filter((plugin) => !pre.skip.has(plugin.name));
  trace.filters = plugins.map((plugin) => plugin.name);
  const passed = plugins.map((plugin) => record(Status.success().withPlugin(plugin.name)));
  const filtered: Filtered = { feasible: [], statuses: new Map(), evaluated: 0 };
  /** Filters one node into `feasible` or `statuses`; the status of a plugin that answered Error. */
  const visit = (node: NodeInfo): Status | undefined => {
    const rejection = runFilterPlugins(plugins, state, pod, addNominatedPods(node, pod, options.nominatedPods));
    if (rejection?.status.code === 'Error') return rejection.status;
    if (rejection) {
      const filters = [...passed.slice(0, rejection.index), record(rejection.status)];
      trace.rejected.push({ node: node.name, filters });
      filtered.statuses.set(node.name, rejection.status);
    } else {
      trace.feasible.push(node.name);
      filtered.feasible.push(node);
    }
    return undefined;
  };
  const nominated = nodes.find((node) => node.name === pod.status?.nominatedNodeName);
  if (nominated) {
    const failed = visit(nominated);
    if (failed) return { error: failed };
    if (filtered.feasible.length > 0) return filtered;
  }
  const failed = findNodesThatPassFilters(nodes, nominated, options, filtered, visit);
  return failed ? { error: failed } : filtered;
}

/**
 * As upstream's findNodesThatPassFilters: nodes in turn from startIndex (skipping the nominated one, already
 * visited) until enough are feasible (numFeasibleNodesToFind); counts them in `filtered.evaluated`.
 */
function findNodesThatPassFilters(
  nodes: readonly NodeInfo[],
  nominated: NodeInfo | undefined,
  options: CycleOptions,
  filtered: Filtered,
  visit: (node: NodeInfo) => Status | undefined,
): Status | undefined {
  const enough = numFeasibleNodesToFind(nodes.length, options.percentageOfNodesToScore);
  const start = (options.startIndex ?? 0) % nodes.length;
  for (; filtered.evaluated < nodes.length && filtered.feasible.length < enough; filtered.evaluated++) {
    const node = nodes[(start + filtered.evaluated) % nodes.length]!;
    if (node === nominated) continue;
    const failed = visit(node);
    if (failed) return failed;
  }
  return undefined;
}

/**
 * As upstream's addNominatedPods: `node` with the pods nominated to it that matter as much as `pod` or more,
 * counted as if placed there (a copy; the snapshot is not changed).
 */
function addNominatedPods(node: NodeInfo, pod: Pod, nominatedPods: CycleOptions['nominatedPods']): NodeInfo {
  const nominated = nominatedPods?.(node.name) ?? [];
  if (nominated.length === 0) return node;
  const priority = pod.spec.priority ?? 0;
  const others = nominated.filter((other) => (other.spec.priority ?? 0) >= priority && podKey(other) !== podKey(pod));
  if (others.length === 0) return node;
  const copy = node.clone();
  for (const other of others) copy.addPod({ ...other, spec: { ...other.spec, nodeName: node.name } });
  return copy;
}

/**
 * As upstream's RunFilterPlugins: the filters on one node until one does not answer Success: that status (signed)
 * and its place, or none.
 */
function runFilterPlugins(
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

/**
 * As upstream's RunPostFilterPlugins, when no node fits: each PostFilter (preemption) until one succeeds, with the
 * node it nominated; otherwise the last message, which joins the FailedScheduling message.
 */
function runPostFilterPlugins(
  framework: Framework,
  state: CycleState,
  pod: Pod,
  nodes: readonly NodeInfo[],
  statuses: Map<string, Status>,
): { message?: string; nominatedNodeName?: string } | { error: Status } {
  let message: string | undefined;
  for (const plugin of framework.postFilter) {
    const result = plugin.postFilter(state, pod, nodes, statuses);
    if (result.status.code === 'Error') return { error: result.status.withPlugin(plugin.name) };
    if (result.status.isSuccess()) return { message, nominatedNodeName: result.nominatedNodeName };
    message = result.status.reasons.join(', ') || message;
  }
  return { message };
}

/**
 * As upstream's prioritizeNodes: RunPreScorePlugins, then RunScorePlugins (Score and NormalizeScore per plugin, in
 * the trace), then each node's weighted sum.
 */
function prioritizeNodes(
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
 * As upstream's selectHost: the node with the highest total; among equals each is equally likely (upstream keeps
 * the n-th equal with probability 1/n, reservoir sampling, which comes to the same).
 */
export function selectHost(totals: readonly NodeScore[], random: () => number): string {
  const max = Math.max(...totals.map((t) => t.score));
  const best = totals.filter((t) => t.score === max);
  return best[Math.min(best.length - 1, Math.floor(random() * best.length))]?.node ?? '';
}
