// The scheduling framework, as kube-scheduler's pkg/scheduler/framework/interface.go: what a plugin may implement
// (one small interface per extension point), what it answers with (a Status, never an exception, for "does not
// fit"). Plugins read nodes through NodeInfo (node-info.ts, re-exported here); the cycle that calls them is in
// cycle.ts.
import type { Pod } from '../api/types/core.js';
import type { NodeInfo } from './node-info.js';

export {
  DEFAULT_MEMORY_REQUEST,
  DEFAULT_MILLI_CPU_REQUEST,
  NodeInfo,
  addTo,
  podHostPorts,
  podKey,
  podRequests,
  toResources,
  type HostPort,
  type Resources,
} from './node-info.js';

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
