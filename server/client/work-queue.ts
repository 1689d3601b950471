// The work queue every controller drains, as client-go's workqueue.RateLimitingInterface (Add, Get, Done, AddAfter,
// AddRateLimited, Forget, NumRequeues, ShutDown): a key queued twice is held once, a key being processed is not
// handed to a second worker (added again meanwhile, it comes back after done()), failed keys come back after a
// per-key exponential back-off, and delayed adds wait on an injected clock so tests need no sleeps.
import { realClock, type Clock } from './clock.js';

/** Says how long a failed key waits before it is retried. */
export interface RateLimiter<K> {
  /** The delay before `key`'s next retry (counts one more failure). */
  when(key: K): number;
  /** Failures counted for `key` since the last forget. */
  numRequeues(key: K): number;
  /** `key` succeeded: its back-off starts over. */
  forget(key: K): void;
}

/** base · 2^failures, capped at max: client-go's ItemExponentialFailureRateLimiter (default 5 ms to 1000 s). */
export class ExponentialFailureRateLimiter<K> implements RateLimiter<K> {
  private readonly failures = new Map<K, number>();

  constructor(
    private readonly baseMs = 5,
    private readonly maxMs = 1_000_000,
  ) {}

  when(key: K): number {
    const failures = this.failures.get(key) ?? 0;
    this.failures.set(key, failures + 1);
    return Math.min(this.baseMs * 2 ** failures, this.maxMs);
  }

  numRequeues(key: K): number {
    return this.failures.get(key) ?? 0;
  }

  forget(key: K): void {
    this.failures.delete(key);
  }
}

export interface WorkQueueOptions<K> {
  clock?: Clock;
  rateLimiter?: RateLimiter<K>;
}

/**
 * A rate-limited work queue of keys (usually "namespace/name"). A worker loops: `key = await get()`; sync it;
 * `forget(key)` on success or `addRateLimited(key)` on failure; always `done(key)`. `get()` resolves undefined once
 * the queue is shut down and drained.
 */
export class WorkQueue<K = string> {
  private readonly queue: K[] = [];
  /** Keys waiting to be processed (queued, or re-added while processing). */
  private readonly dirty = new Set<K>();
  private readonly processing = new Set<K>();
  private readonly waiters: ((key: K | undefined) => void)[] = [];
  /** Delayed adds: when each key is due and its timer (only the earliest is kept). */
  private readonly delayed = new Map<K, { at: number; timer: unknown }>();
  private shuttingDown = false;
  private readonly clock: Clock;
  private readonly rateLimiter: RateLimiter<K>;

  constructor(options: WorkQueueOptions<K> = {}) {
    this.clock = options.clock ?? realClock;
    this.rateLimiter = options.rateLimiter ?? new ExponentialFailureRateLimiter<K>();
  }

  /** Queues `key` unless it is already waiting; a key being processed is queued again after its done(). */
  add(key: K): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    this.queue.push(key);
    this.dispatch();
  }

  /** The next key, waiting for one if need be; undefined after shutdown once nothing is left. */
  get(): Promise<K | undefined> {
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.dispatch();
    });
  }

  /** Marks `key` processed; if it was added meanwhile it is queued again. */
  done(key: K): void {
    this.processing.delete(key);
    if (this.dirty.has(key)) {
      this.queue.push(key);
      this.dispatch();
    }
  }

  /** Adds `key` after `delayMs`; of several pending delays for one key the earliest wins. */
  addAfter(key: K, delayMs: number): void {
    if (this.shuttingDown) return;
    if (delayMs <= 0) return this.add(key);
    const at = this.clock.now() + delayMs;
    const existing = this.delayed.get(key);
    if (existing && existing.at <= at) return;
    if (existing) this.clock.clearTimeout(existing.timer);
    const timer = this.clock.setTimeout(() => {
      this.delayed.delete(key);
      this.add(key);
    }, delayMs);
    this.delayed.set(key, { at, timer });
  }

  /** Adds `key` after its rate limiter's back-off (5 ms, 10 ms, 20 ms, ... by default). */
  addRateLimited(key: K): void {
    this.addAfter(key, this.rateLimiter.when(key));
  }

  /** Resets `key`'s back-off: call after a successful sync. */
  forget(key: K): void {
    this.rateLimiter.forget(key);
  }

  numRequeues(key: K): number {
    return this.rateLimiter.numRequeues(key);
  }

  /** Keys queued and not yet handed out. */
  len(): number {
    return this.queue.length;
  }

  /** Stops accepting keys and cancels delayed adds; workers get what is queued, then undefined. */
  shutdown(): void {
    this.shuttingDown = true;
    for (const { timer } of this.delayed.values()) this.clock.clearTimeout(timer);
    this.delayed.clear();
    this.dispatch();
  }

  isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  private dispatch(): void {
    while (this.waiters.length > 0 && this.queue.length > 0) {
      const key = this.queue.shift()!;
      this.dirty.delete(key);
      this.processing.add(key);
      this.waiters.shift()!(key);
    }
    if (this.shuttingDown && this.queue.length === 0) for (const waiter of this.waiters.splice(0)) waiter(undefined);
  }
}
