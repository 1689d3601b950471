// The scheduling queue, as kube-scheduler's PriorityQueue: pending pods wait in one of three places.
//   active         ready to be scheduled, highest spec.priority first, then oldest first;
//   backoff        failed recently, waiting 1 s, 2 s, 4 s ... (at most 10 s) per attempt before going back to active;
//   unschedulable  fitted nowhere; they wait until a cluster event could change that (a node added or updated, a pod
//                  deleted: moveAllToActiveOrBackoffQueue), or for 5 minutes at most.
// Time comes from an injected Clock, so tests drive the back-off with a FakeClock.
import type { Pod } from '../api/types/core.js';
import { realClock, type Clock } from '../client/index.js';
import { podKey } from './framework.js';
import { DECISION_ANNOTATION } from './trace-summary.js';

/** A pod in the queue and its scheduling history. */
export interface QueuedPodInfo {
  pod: Pod;
  key: string;
  /** When it last entered the queue (orders pods of equal priority). */
  timestamp: number;
  /** Times it was popped for scheduling. */
  attempts: number;
  /** When its last attempt failed. */
  failedAt?: number;
}

export interface SchedulingQueueOptions {
  clock?: Clock;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** How long a pod may sit in unschedulable without any event before it is retried anyway. */
  maxUnschedulableMs?: number;
}

export class SchedulingQueue {
  /** Sorted so that the next pod to schedule is last. */
  private readonly active: QueuedPodInfo[] = [];
  /** The keys in `active`, so that asking whether a pod is there does not walk thousands of pending pods. */
  private readonly activeKeys = new Set<string>();
  private readonly backoff = new Map<string, { info: QueuedPodInfo; timer: unknown }>();
  private readonly unschedulable = new Map<string, QueuedPodInfo>();
  /** Popped and being scheduled: updates land here so a failed attempt requeues the newest pod. */
  private readonly inFlight = new Map<string, QueuedPodInfo>();
  private readonly waiters: ((info: QueuedPodInfo | undefined) => void)[] = [];
  private readonly clock: Clock;
  private cycle = 0;
  private moveRequestCycle = -1;
  private closed = false;

  constructor(private readonly options: SchedulingQueueOptions = {}) {
    this.clock = options.clock ?? realClock;
  }

  /** The number of pods popped so far: the cycle number of the latest pop. */
  get schedulingCycle(): number {
    return this.cycle;
  }

  /** A new pending pod: straight to active (upstream's PriorityQueue.Add). */
  add(pod: Pod): void {
    const key = podKey(pod);
    if (this.has(key)) return this.update(pod, pod);
    this.pushActive({ pod, key, timestamp: this.clock.now(), attempts: 0 });
  }

  /** A pending pod changed; an unschedulable pod whose spec or labels changed is worth another try (Update). */
  update(oldPod: Pod, pod: Pod): void {
    const key = podKey(pod);
    const inFlight = this.inFlight.get(key);
    if (inFlight) inFlight.pod = pod;
    if (this.activeKeys.has(key)) {
      const info = this.removeActive(key);
      if (info) this.pushActive({ ...info, pod });
    } else if (this.backoff.has(key)) this.backoff.get(key)!.info.pod = pod;
    else if (this.unschedulable.has(key)) {
      const info = this.unschedulable.get(key)!;
      info.pod = pod;
      if (specOrLabelsChanged(oldPod, pod)) {
        this.unschedulable.delete(key);
        this.activeOrBackoff(info);
      }
    } else if (!inFlight) this.add(pod);
  }

  /** The pod is gone (or was bound elsewhere): forget it everywhere (Delete). */
  delete(pod: Pod): void {
    const key = podKey(pod);
    if (this.activeKeys.has(key)) this.removeActive(key);
    const backingOff = this.backoff.get(key);
    if (backingOff) this.clock.clearTimeout(backingOff.timer);
    this.backoff.delete(key);
    this.unschedulable.delete(key);
    this.inFlight.delete(key);
  }

  /** The next pod to schedule, or undefined when nothing is active right now. */
  tryPop(): QueuedPodInfo | undefined {
    const info = this.active.pop();
    if (!info) return undefined;
    this.activeKeys.delete(info.key);
    info.attempts++;
    this.cycle++;
    this.inFlight.set(info.key, info);
    return info;
  }

  /** The next pod to schedule, waiting for one; undefined once the queue is closed (upstream's Pop). */
  pop(): Promise<QueuedPodInfo | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    const info = this.tryPop();
    if (info) return Promise.resolve(info);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The pod's attempt ended in a binding: it leaves the queue (Done). */
  done(key: string): void {
    this.inFlight.delete(key);
  }

  /**
   * The pod's attempt (started at `podSchedulingCycle`) failed. It waits in unschedulable, unless a cluster event
   * came while it was being scheduled (that event may already have made room), in which case it backs off.
   * With `error` (not a verdict about the pod, e.g. a failed bind) it backs off as well. As upstream's
   * AddUnschedulableIfNotPresent: a pod deleted meanwhile is not added back.
   */
  addUnschedulableIfNotPresent(info: QueuedPodInfo, podSchedulingCycle: number, error = false): void {
    if (!this.inFlight.has(info.key)) return; // deleted meanwhile
    const latest = this.inFlight.get(info.key)!;
    this.inFlight.delete(info.key);
    latest.failedAt = this.clock.now();
    if (error || this.moveRequestCycle >= podSchedulingCycle) this.addBackoff(latest);
    else this.unschedulable.set(latest.key, latest);
  }

  /** A cluster event that could make unschedulable pods fit: retry them all (after their back-off), as upstream's. */
  moveAllToActiveOrBackoffQueue(): void {
    for (const info of this.unschedulable.values()) this.activeOrBackoff(info);
    this.unschedulable.clear();
    this.moveRequestCycle = this.cycle;
  }

  /** Retries pods that have been unschedulable longer than maxUnschedulableMs (default 5 minutes), as upstream's. */
  flushUnschedulablePodsLeftover(): void {
    const limit = this.options.maxUnschedulableMs ?? 5 * 60_000;
    for (const [key, info] of this.unschedulable)
      if (this.clock.now() - (info.failedAt ?? 0) >= limit) {
        this.unschedulable.delete(key);
        this.activeOrBackoff(info);
      }
  }

  /** How long a pod waits after its n-th failed attempt: initial · 2^(n−1), at most max (upstream's). */
  calculateBackoffDuration(info: QueuedPodInfo): number {
    const initial = this.options.initialBackoffMs ?? 1000;
    const max = this.options.maxBackoffMs ?? 10_000;
    return Math.min(initial * 2 ** Math.max(0, info.attempts - 1), max);
  }

  /** How many pods wait where (for logs, metrics and tests). */
  counts(): { active: number; backoff: number; unschedulable: number; inFlight: number } {
    return {
      active: this.active.length,
      backoff: this.backoff.size,
      unschedulable: this.unschedulable.size,
      inFlight: this.inFlight.size,
    };
  }

  /** Ends pop() for everyone waiting and cancels back-off timers. */
  close(): void {
    this.closed = true;
    for (const { timer } of this.backoff.values()) this.clock.clearTimeout(timer);
    for (const waiter of this.waiters.splice(0)) waiter(undefined);
  }

  private has(key: string): boolean {
    return this.inFlight.has(key) || this.backoff.has(key) || this.unschedulable.has(key) || this.activeKeys.has(key);
  }

  private removeActive(key: string): QueuedPodInfo | undefined {
    this.activeKeys.delete(key);
    const index = this.active.findIndex((info) => info.key === key);
    return index >= 0 ? this.active.splice(index, 1)[0] : undefined;
  }

  private activeOrBackoff(info: QueuedPodInfo): void {
    const remaining = (info.failedAt ?? 0) + this.calculateBackoffDuration(info) - this.clock.now();
    if (info.failedAt !== undefined && remaining > 0) this.addBackoff(info);
    else this.pushActive({ ...info, timestamp: this.clock.now() });
  }

  private addBackoff(info: QueuedPodInfo): void {
    const remaining = (info.failedAt ?? this.clock.now()) + this.calculateBackoffDuration(info) - this.clock.now();
    const timer = this.clock.setTimeout(() => {
      if (this.backoff.get(info.key)?.info !== info) return;
      this.backoff.delete(info.key);
      this.pushActive({ ...info, timestamp: this.clock.now() });
    }, remaining);
    this.backoff.set(info.key, { info, timer });
  }

  /** Inserts in order (upstream's PrioritySort: higher priority, then earlier timestamp) and wakes a waiter. */
  private pushActive(info: QueuedPodInfo): void {
    if (this.closed) return;
    const waiter = this.waiters.shift();
    if (waiter) {
      info.attempts++;
      this.cycle++;
      this.inFlight.set(info.key, info);
      return waiter(info);
    }
    // `before(a, b)`: a is scheduled before b. The array ends with the pod to schedule next.
    const before = (a: QueuedPodInfo, b: QueuedPodInfo) =>
      priorityOf(a.pod) !== priorityOf(b.pod) ? priorityOf(a.pod) > priorityOf(b.pod) : a.timestamp < b.timestamp;
    let low = 0;
    let high = this.active.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (before(this.active[mid]!, info)) high = mid;
      else low = mid + 1;
    }
    this.active.splice(low, 0, info);
    this.activeKeys.add(info.key);
  }
}

function priorityOf(pod: Pod): number {
  return pod.spec.priority ?? 0;
}

/**
 * True when a pod changed in a way that may change where it fits: not its status, nor the decision annotation the
 * scheduler itself writes after a failed attempt (that would only bring the pod straight back).
 */
function specOrLabelsChanged(a: Pod, b: Pod): boolean {
  const fitting = (pod: Pod) => {
    const { [DECISION_ANNOTATION]: _ours, ...annotations } = pod.metadata.annotations ?? {};
    return JSON.stringify([pod.spec, pod.metadata.labels, annotations]);
  };
  return fitting(a) !== fitting(b);
}
