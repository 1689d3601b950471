// How many of the scheduler's own API writes (bindings, PodScheduled patches, preemption's deletes) may be in flight
// at once. The rest wait here, in order, instead of in the client's connection pool: a burst of 10,000 bindings then
// queues at most this many requests ahead of a Lease renewal, so the scheduler never misses its renew deadline behind
// its own work (upstream gets the same from client-side rate limits and a separate leader-election client).

/**
 * Writes in flight at most: enough to keep the API server busy (the client's pool has 16 connections), few enough
 * that a renewal queued behind them is answered in well under a second.
 */
const MAX_WRITES_IN_FLIGHT = 64;

/** A counting semaphore over async writes, first come first served. */
export class WriteLimit {
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit = MAX_WRITES_IN_FLIGHT) {}

  /** Runs `write` once fewer than the limit are in flight; its result or error. */
  async run<T>(write: () => Promise<T>): Promise<T> {
    // A freed slot passes straight to the next waiter, so `inFlight` only counts up when nobody waits.
    if (this.inFlight < this.limit) this.inFlight++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await write();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.inFlight--;
    }
  }
}
