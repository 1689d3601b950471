// The scheduling framework, as kube-scheduler's pkg/scheduler/framework/interface.go: what a plugin may implement
// (one small interface per extension point), what it answers with (a Status, never an exception, for "does not
// fit"), and the per-node view every plugin reads (NodeInfo). The cycle that calls the plugins is in cycle.ts.
import { parseQuantity, quantityMilliValue, quantityValue } from '../api/quantity.js';
import type { Node, Pod } from '../api/types/core.js';

/** The highest score a Score plugin may give a node (after NormalizeScore); upstream's MaxNodeScore. */
export const MAX_NODE_SCORE = 100;

/** What a plugin's answer means for the pod, as upstream's framework.Code. */
export type Code =
  /** Go on: the node fits, or the hook has nothing to object to. */
  | 'Success'
  /** Does not fit now, but preemption (PostFilter) could make room, e.g. "Insufficient cpu". */
  | 'Unschedulable'
  /** Does not fit and preempting pods would not help, e.g. an untolerated taint. */
  | 'UnschedulableAndUnresolvable'
  /** This plugin has nothing to do for this pod: from PreFilter or PreScore, its Filter or Score is not called. */
  | 'Skip'
  /** Something went wrong (not a verdict about the pod): the cycle stops and the pod is retried. */
  | 'Error';

/** A plugin's verdict: a code, the human reasons (they become the FailedScheduling message) and who said it. */
export class Status {
  constructor(
    readonly code: Code,
    readonly reasons: readonly string[] = [],
    /** The plugin that returned it; the cycle fills it in. */
    readonly plugin = '',
  ) {}

  static success(): Status {
    return SUCCESS;
  }
  static skip(): Status {
    return new Status('Skip');
  }
  static unschedulable(...reasons: string[]): Status {
    return new Status('Unschedulable', reasons);
  }
  static unresolvable(...reasons: string[]): Status {
    return new Status('UnschedulableAndUnresolvable', reasons);
  }
  static error(message: string): Status {
    return new Status('Error', [message]);
  }

  isSuccess(): boolean {
    return this.code === 'Success';
  }
  /** True for both "does not fit" codes. */
  isRejected(): boolean {
    return this.code === 'Unschedulable' || this.code === 'UnschedulableAndUnresolvable';
  }
  /** The same verdict, signed by `plugin`. */
  withPlugin(plugin: string): Status {
    return new Status(this.code, this.reasons, plugin);
  }
}
const SUCCESS = new Status('Success');

/**
 * Data one scheduling cycle shares between the hooks of the same plugin (upstream's CycleState): PreFilter computes
 * the pod's requests once, Filter reads them for every node. A fresh CycleState per pod per attempt.
 */
export class CycleState {
  private readonly data = new Map<string, unknown>();

  write(key: string, value: unknown): void {
    this.data.set(key, value);
  }
  read<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
}

/** Amounts by resource name: `cpu` in millicores, every other resource (`memory`, `pods`, ...) in whole units. */
export type Resources = Record<string, number>;

/** Reads a `{cpu: "500m", memory: "1Gi"}` map into numbers (cpu in millicores); unparsable values count as 0. */
export function toResources(list: Readonly<Record<string, string>> | undefined): Resources {
  const resources: Resources = {};
  for (const [name, text] of Object.entries(list ?? {})) {
    const parsed = parseQuantity(String(text));
    if (!parsed.ok) continue;
    resources[name] = name === 'cpu' ? quantityMilliValue(parsed.quantity) : quantityValue(parsed.quantity);
  }
  return resources;
}

/** What a pod without a cpu/memory request is taken to use when scoring (upstream's DefaultMilliCPURequest etc.). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/**
 * What a pod asks of its node, as upstream's resourcehelper.PodRequests: for each resource the larger of the sum over
 * its containers (plus sidecars, i.e. init containers with restartPolicy Always) and the largest init container
 * (plus the sidecars started before it), then the pod's overhead on top. With `nonZero`, a container without a cpu
 * or memory request counts the defaults above (what scoring uses, so that empty pods still spread out).
 */
export function podRequests(pod: Pod, options: { nonZero?: boolean } = {}): Resources {
  const requestsOf = (container: { resources?: { requests?: Record<string, string> } }): Resources => {
    const requests = toResources(container.resources?.requests);
    if (options.nonZero) {
      requests.cpu ??= DEFAULT_MILLI_CPU_REQUEST;
      requests.memory ??= DEFAULT_MEMORY_REQUEST;
    }
    return requests;
  };
  const total: Resources = {};
  for (const container of pod.spec.containers ?? []) addTo(total, requestsOf(container));
  const sidecars: Resources = {};
  const initMax: Resources = {};
  for (const init of pod.spec.initContainers ?? []) {
    const requests = requestsOf(init);
    if (init.restartPolicy === 'Always') {
      addTo(total, requests);
      addTo(sidecars, requests);
      continue;
    }
    const running = { ...sidecars };
    addTo(running, requests);
    for (const [name, value] of Object.entries(running)) initMax[name] = Math.max(initMax[name] ?? 0, value);
  }
  for (const [name, value] of Object.entries(initMax)) total[name] = Math.max(total[name] ?? 0, value);
  addTo(total, toResources(pod.spec.overhead as Record<string, string> | undefined));
  return total;
}

/** Adds `more` into `into`, resource by resource. */
export function addTo(into: Resources, more: Resources, sign = 1): void {
  for (const [name, value] of Object.entries(more)) into[name] = (into[name] ?? 0) + sign * value;
}

/** A host port a pod holds on its node: what NodePorts compares. */
export interface HostPort {
  hostIP: string;
  protocol: string;
  port: number;
}

/** The host ports a pod asks for (containers' ports with a hostPort), defaults filled in. */
export function podHostPorts(pod: Pod): HostPort[] {
  const ports: HostPort[] = [];
  for (const container of [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])])
    for (const port of container.ports ?? [])
      if ((port.hostPort ?? 0) > 0)
        ports.push({ hostIP: port.hostIP || '0.0.0.0', protocol: port.protocol || 'TCP', port: port.hostPort! });
  return ports;
}

/**
 * One node as the scheduler sees it (upstream's NodeInfo): the Node object, the pods on it (bound or assumed), and
 * running totals of what those pods request, so that a plugin does not add them up again for every pod.
 */
export class NodeInfo {
  readonly pods = new Map<string, Pod>();
  /** The pods with pod affinity or anti-affinity terms (upstream's PodsWithAffinity): most pods have none. */
  readonly podsWithAffinity = new Map<string, Pod>();
  /** The sum of the pods' requests. */
  readonly requested: Resources = {};
  /** The same with the scoring defaults for containers that request no cpu or memory. */
  readonly nonZeroRequested: Resources = {};
  readonly usedPorts: HostPort[] = [];
  private allocatableCache: Resources;

  constructor(public node: Node) {
    this.allocatableCache = toResources(node.status?.allocatable);
  }

  get name(): string {
    return this.node.metadata.name ?? '';
  }
  /** What the node offers pods (status.allocatable), read once per Node version. */
  get allocatable(): Resources {
    return this.allocatableCache;
  }

  /** Replaces the Node object (after an update), keeping the pods. */
  setNode(node: Node): void {
    this.node = node;
    this.allocatableCache = toResources(node.status?.allocatable);
  }

  addPod(pod: Pod): void {
    const key = podKey(pod);
    if (this.pods.has(key)) this.removePod(pod);
    this.pods.set(key, pod);
    if (hasPodAffinity(pod)) this.podsWithAffinity.set(key, pod);
    addTo(this.requested, podRequests(pod));
    addTo(this.nonZeroRequested, podRequests(pod, { nonZero: true }));
    this.usedPorts.push(...podHostPorts(pod));
  }

  removePod(pod: Pod): void {
    const key = podKey(pod);
    const old = this.pods.get(key);
    if (!old) return;
    this.pods.delete(key);
    this.podsWithAffinity.delete(key);
    addTo(this.requested, podRequests(old), -1);
    addTo(this.nonZeroRequested, podRequests(old, { nonZero: true }), -1);
    for (const port of podHostPorts(old)) {
      const index = this.usedPorts.findIndex(
        (used) => used.hostIP === port.hostIP && used.protocol === port.protocol && used.port === port.port,
      );
      if (index >= 0) this.usedPorts.splice(index, 1);
    }
  }
}

function hasPodAffinity(pod: Pod): boolean {
  const affinity = pod.spec.affinity as { podAffinity?: unknown; podAntiAffinity?: unknown } | undefined;
  return Boolean(affinity?.podAffinity || affinity?.podAntiAffinity);
}

/** "namespace/name" of a pod: how the scheduler names pods in its queue, cache and traces. */
export function podKey(pod: { metadata: { name?: string; namespace?: string } }): string {
  return `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name ?? ''}`;
}

/** Every plugin has a name, upstream's where we mirror upstream (`NodeResourcesFit`). */
export interface Plugin {
  readonly name: string;
}

/**
 * Runs once per pod before any Filter. Returns Success, Skip (this plugin's Filter is not called for this pod),
 * Unschedulable/UnschedulableAndUnresolvable (the pod fits nowhere; its reasons become the whole message), or Error.
 */
export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status;
}

/**
 * Says whether the pod fits on one node. Returns Success, Unschedulable (could fit if pods were preempted),
 * UnschedulableAndUnresolvable (cannot fit whatever is evicted), or Error. Must not change the NodeInfo.
 */
export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: Pod, node: NodeInfo): Status;
}

/** What a PostFilter plugin found: Success with a node to nominate, or Unschedulable with why it did not help. */
export interface PostFilterResult {
  status: Status;
  nominatedNodeName?: string;
}

/**
 * Runs only when no node passed Filter (preemption lives here). Gets every node's rejecting status. Returns Success
 * with nominatedNodeName when it made room (the pod is retried later), Unschedulable with a message that is appended
 * to the FailedScheduling message ("preemption: ..."), or Error.
 */
export interface PostFilterPlugin extends Plugin {
  postFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[], statuses: Map<string, Status>): PostFilterResult;
}

/** Runs once before scoring with the feasible nodes. Returns Success, Skip (its Score is not called) or Error. */
export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status;
}

/** A node's score from one plugin. */
export interface NodeScore {
  node: string;
  score: number;
}

/**
 * Ranks one feasible node. Returns a number from 0 to MAX_NODE_SCORE, or, if the plugin has normalizeScore, any
 * non-negative number that normalizeScore maps into that range. Higher is better.
 */
export interface ScorePlugin extends Plugin {
  score(state: CycleState, pod: Pod, node: NodeInfo): number;
  /** Rewrites `scores` in place into 0..MAX_NODE_SCORE, seeing every node's raw score. Returns Success or Error. */
  normalizeScore?(state: CycleState, pod: Pod, scores: NodeScore[]): Status;
}

/**
 * Maps raw scores onto 0..MAX_NODE_SCORE proportionally to the highest one; `reverse` makes the lowest raw score
 * best (upstream's helper.DefaultNormalizeScore). When every score is 0, all get 0 (or MAX_NODE_SCORE if reversed).
 */
export function defaultNormalizeScore(scores: NodeScore[], reverse: boolean): Status {
  const max = Math.max(0, ...scores.map((s) => s.score));
  for (const s of scores) {
    if (max === 0) s.score = reverse ? MAX_NODE_SCORE : 0;
    else {
      s.score = Math.floor((MAX_NODE_SCORE * s.score) / max);
      if (reverse) s.score = MAX_NODE_SCORE - s.score;
    }
  }
  return Status.success();
}

/** A score plugin and how much its normalised score counts in the weighted sum. */
export interface WeightedScorePlugin {
  plugin: ScorePlugin;
  weight: number;
}

/**
 * The plugins of one profile, in order per extension point (upstream's frameworkImpl): what a cycle runs for pods
 * whose spec.schedulerName is `schedulerName`. Built from a profile config by profile.ts.
 */
export interface Framework {
  schedulerName: string;
  preFilter: PreFilterPlugin[];
  filter: FilterPlugin[];
  postFilter: PostFilterPlugin[];
  preScore: PreScorePlugin[];
  score: WeightedScorePlugin[];
}
