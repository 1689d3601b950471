// Delivers a store's events to its watchers, in-process: the memory backend and the SQLite backend (whose one
// process owns the database) both publish every committed write here. As kine's broadcaster: each watcher has a
// bounded queue, and a watcher that lets it fill up is dropped (onDropped) instead of holding everyone back. The
// queue drains every microtask into the listener; a listener that cannot keep up (the API server's watch handler
// when its client stops reading) closes its own watch rather than buffer without bound.
import type { StoreEvent, Watcher } from './store.js';

/** How many undelivered live events a watcher may have before it is dropped. */
export const DEFAULT_WATCH_CAPACITY = 1000;

interface Subscription {
  prefix: string;
  /** Only events with a revision above this one (the replay already covered the rest). */
  after: number;
  listener: (event: StoreEvent) => void;
  onDropped: (() => void) | undefined;
  queue: StoreEvent[];
  flushing: boolean;
}

export class WatchFanOut {
  private readonly subscriptions = new Set<Subscription>();

  constructor(private readonly capacity = DEFAULT_WATCH_CAPACITY) {}

  /**
   * Adds a watcher that first gets `replay` (events after `after`, in revision order, read in the same tick as this
   * call so nothing falls between), then every published event under `prefix`. Events arrive asynchronously.
   */
  subscribe(
    prefix: string,
    after: number,
    replay: StoreEvent[],
    listener: (event: StoreEvent) => void,
    onDropped?: () => void,
  ): Watcher {
    const subscription: Subscription = { prefix, after, listener, onDropped, queue: [...replay], flushing: false };
    this.subscriptions.add(subscription);
    if (replay.length > 0) this.schedule(subscription);
    return { close: () => this.remove(subscription) };
  }

  /** Hands a committed write to every watcher of its key; call in revision order. */
  publish(event: StoreEvent): void {
    for (const subscription of this.subscriptions) {
      if (!event.key.startsWith(subscription.prefix) || event.revision <= subscription.after) continue;
      if (subscription.queue.length >= this.capacity) {
        this.drop(subscription);
        continue;
      }
      subscription.queue.push(event);
      this.schedule(subscription);
    }
  }

  /** Ends every watch without calling onDropped (the store is closing). */
  closeAll(): void {
    this.subscriptions.clear();
  }

  private schedule(subscription: Subscription): void {
    if (subscription.flushing) return;
    subscription.flushing = true;
    queueMicrotask(() => this.flush(subscription));
  }

  private flush(subscription: Subscription): void {
    subscription.flushing = false;
    while (this.subscriptions.has(subscription)) {
      const event = subscription.queue.shift();
      if (!event) return;
      try {
        subscription.listener(event);
      } catch {
        // A listener that throws cannot keep up with anything: treat it as a slow watcher.
        this.drop(subscription);
      }
    }
  }

  private drop(subscription: Subscription): void {
    if (!this.remove(subscription)) return;
    const onDropped = subscription.onDropped;
    if (onDropped) queueMicrotask(onDropped);
  }

  private remove(subscription: Subscription): boolean {
    subscription.queue.length = 0;
    return this.subscriptions.delete(subscription);
  }
}
