// Events about objects, as client-go's tools/record: a component says `recorder.event(pod, 'Normal', 'Scheduled',
// '...')` and goes on; one writer sends the queued Events to the API server in order, one at a time. An event the
// recorder already wrote (same object, type, reason and message) bumps that Event's count instead of adding one,
// so `kubectl describe` says "(x4 over 2m)". Writes are rate limited, 50 a second after a burst of 100, as
// kube-scheduler's event client is by default (--kube-api-qps, --kube-api-burst). Events are best effort: a failed
// write is logged, and when writes fall behind a burst, at most MAX_QUEUED_EVENTS wait and the rest are dropped
// (upstream's broadcaster queues 1000 and drops when full), so events never slow the work itself.
import type { KubeObject } from '../api/meta.js';
import { rfc3339 } from '../api/time.js';
import type { Logger } from '../log.js';
import { isNotFound } from './http.js';
import type { CommonTypes, ResourceClient } from './resource-client.js';

/** How many events may wait to be written (upstream's maxQueuedEvents). */
export const MAX_QUEUED_EVENTS = 1000;
/** How many written events are remembered for counting repeats (upstream's maxLruCacheEntries). */
const REMEMBERED_EVENTS = 4096;

interface QueuedEvent {
  metadata: { name: string; namespace: string };
  involvedObject: Record<string, string | undefined>;
  type: string;
  reason: string;
  message: string;
  lastTimestamp: string;
  [field: string]: unknown;
}

/** What makes two events the same one, repeated (upstream's getEventKey, without the timestamps). */
function repeatKey(event: QueuedEvent): string {
  const { kind, namespace, name, uid } = event.involvedObject;
  return JSON.stringify([kind, namespace, name, uid, event.type, event.reason, event.message]);
}

/** The object an event is about (or the `related` one): a reference as core/v1 ObjectReference. */
function referenceTo(object: KubeObject): Record<string, string | undefined> {
  const { namespace, name, uid, resourceVersion } = object.metadata;
  return { apiVersion: object.apiVersion, kind: object.kind, namespace, name, uid, resourceVersion };
}

/**
 * What the recorder writes through: the events of a namespace. A KubeClient is one; naming only this (rather than
 * KubeClient, from index.ts, which re-exports this file) keeps the client package free of import cycles.
 */
export interface EventSink {
  typed(name: 'events', namespace: string): ResourceClient<CommonTypes['events']>;
}

export interface EventRecorderOptions {
  /** What the events' timestamps read; the real time by default. */
  now?: () => Date;
  /** Writes a second once the burst is spent (50), and the burst (100). */
  qps?: number;
  burst?: number;
  /** Waits for the rate limit: real timers by default, tests pass their own. */
  sleep?: (ms: number) => Promise<void>;
}

export interface EventOptions {
  /** The Event's `action` (events.k8s.io): what was done, e.g. "Binding". */
  action?: string;
  /** A second object the event involves (the preemptor of a preempted pod). */
  related?: KubeObject;
}

/** Records core/v1 Events from one component (`source.component`, e.g. "default-scheduler"). */
export class EventRecorder {
  private readonly queue: QueuedEvent[] = [];
  /** Written events by repeatKey, oldest first: the Event's name and its count so far. */
  private readonly written = new Map<string, { name: string; count: number }>();
  private writing = false;
  /** Events dropped since the writer last caught up. */
  private dropped = 0;
  private sequence = 0;

  private readonly now: () => Date;
  private readonly qps: number;
  private readonly burst: number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** The token bucket of the rate limit: tokens left, and when it was last filled. */
  private tokens: number;
  private filledAt: number;

  constructor(
    private readonly client: EventSink,
    private readonly component: string,
    private readonly log: Logger,
    options: EventRecorderOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.qps = options.qps ?? 50;
    this.burst = options.burst ?? 100;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.tokens = this.burst;
    this.filledAt = this.now().getTime();
  }

  /** Queues an Event about `object`; never throws and never waits. */
  event(object: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, options: EventOptions = {}) {
    if (this.queue.length >= MAX_QUEUED_EVENTS) {
      if (this.dropped++ === 0) this.log.warn('event queue full, dropping events', { limit: MAX_QUEUED_EVENTS });
      return;
    }
    const time = this.now();
    const now = rfc3339(time);
    const { namespace = 'default', name = '' } = object.metadata;
    // As upstream's name.<hex of the time in ns>; the sequence stands in for the nanoseconds, so names never collide.
    const suffix = (BigInt(time.getTime()) * 1_000_000n + BigInt(this.sequence++ % 1_000_000)).toString(16);
    this.queue.push({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${name}.${suffix}`, namespace },
      involvedObject: referenceTo(object),
      reason,
      message,
      type,
      source: { component: this.component },
      reportingComponent: this.component,
      reportingInstance: this.component,
      ...(options.action && { action: options.action }),
      ...(options.related && { related: referenceTo(options.related) }),
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    });
    if (!this.writing) void this.write();
  }

  /** Resolves once every queued event has been written (or has failed). */
  async flush(): Promise<void> {
    while (this.writing || this.queue.length) await new Promise((resolve) => setImmediate(resolve));
  }

  private async write(): Promise<void> {
    this.writing = true;
    for (let event = this.queue.shift(); event; event = this.queue.shift()) {
      try {
        await this.takeToken();
        await this.writeOne(event);
      } catch (error) {
        this.log.warn('recording event failed', { reason: event.reason, error: String(error) });
      }
    }
    this.writing = false;
    if (this.dropped) {
      this.log.warn('events dropped while the queue was full', { dropped: this.dropped });
      this.dropped = 0;
    }
  }

  /** Waits until the rate limit allows one more write (client-go's token bucket). */
  private async takeToken(): Promise<void> {
    if (!Number.isFinite(this.qps)) return;
    const now = this.now().getTime();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.filledAt) / 1000) * this.qps);
    this.filledAt = now;
    if (this.tokens < 1) {
      await this.sleep(((1 - this.tokens) * 1000) / this.qps);
      this.tokens = 1;
      this.filledAt = this.now().getTime();
    }
    this.tokens -= 1;
  }

  /** Creates the Event, or bumps the count of the same one written before (created anew if it has expired). */
  private async writeOne(event: QueuedEvent): Promise<void> {
    const events = this.client.typed('events', event.metadata.namespace);
    const key = repeatKey(event);
    const seen = this.written.get(key);
    this.written.delete(key);
    if (seen) {
      const patch = { count: seen.count + 1, lastTimestamp: event.lastTimestamp };
      const bumped = await events.patch(seen.name, { type: 'merge', patch }).then(
        () => true,
        (error: unknown) => {
          if (isNotFound(error)) return false;
          throw error;
        },
      );
      if (bumped) return void this.remember(key, { name: seen.name, count: patch.count });
    }
    await events.create(event as never);
    this.remember(key, { name: event.metadata.name, count: 1 });
  }

  private remember(key: string, written: { name: string; count: number }): void {
    this.written.set(key, written);
    if (this.written.size > REMEMBERED_EVENTS) this.written.delete(this.written.keys().next().value!);
  }
}
