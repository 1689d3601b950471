// The skeleton every controller shares, as upstream's (sample-controller, ReplicaSetController): informer handlers
// only enqueue keys; workers take keys from a rate-limited queue and call sync(key), which compares desired and
// actual state and acts through the API. A failed sync is retried with back-off; "not found" means done.
// Every controller is built from one options object (ControllerOptions, plus its own settings) and reads time
// only from its Clock, so a test can build any of them with a FakeClient and a FakeClock.
import type { KubeObject } from '../../api/meta.js';
import {
  EventRecorder,
  keyOf,
  realClock,
  WorkQueue,
  type Client,
  type Clock,
  type SharedInformerFactory,
} from '../../client/index.js';
import type { InformerSynced } from '../../client/informer.js';
import type { Logger } from '../../log.js';

/** What every controller is built from; a controller's own options extend it. */
export interface ControllerOptions {
  client: Client;
  /** The process's shared informers: every controller reads the same caches. */
  informers: SharedInformerFactory;
  log: Logger;
  /** Time and timers (the queue's delays, events, conditions); the real clock unless a test passes a FakeClock. */
  clock?: Clock;
}

export abstract class Controller {
  protected readonly client: Client;
  protected readonly log: Logger;
  protected readonly clock: Clock;
  protected readonly queue: WorkQueue<string>;
  /** Records the events `kubectl describe` shows, with this controller's name as their source. */
  protected readonly recorder: EventRecorder;

  /** `name` is upstream's name for the controller, e.g. `replicaset-controller`: used in logs and as event source. */
  constructor(
    readonly name: string,
    options: ControllerOptions,
  ) {
    this.client = options.client;
    this.log = options.log;
    this.clock = options.clock ?? realClock;
    this.queue = new WorkQueue<string>({ clock: this.clock });
    this.recorder = new EventRecorder(this.client, name, this.log, { now: () => this.now() });
  }

  /** Brings the object named by `key` ("namespace/name") toward its desired state. Throws to be retried later. */
  abstract sync(key: string): Promise<void>;

  /** The informers this controller reads; run() waits until they have synced. */
  protected abstract informers(): InformerSynced[];

  /** The clock's time as a Date: the only "now" a controller reads. */
  protected now(): Date {
    return new Date(this.clock.now());
  }

  /** Queues an object's key: the one thing event handlers do. */
  protected enqueue(object: KubeObject): void {
    this.queue.add(keyOf(object));
  }

  /** Runs `workers` loops until stop() is called. */
  async run(workers = 1): Promise<void> {
    await Promise.all(this.informers().map((informer) => informer.waitForSync()));
    await Promise.all(Array.from({ length: workers }, () => this.worker()));
  }

  stop(): void {
    this.queue.shutdown();
  }

  private async worker(): Promise<void> {
    for (let key = await this.queue.get(); key !== undefined; key = await this.queue.get()) {
      try {
        await this.sync(key);
        this.queue.forget(key);
      } catch (error) {
        this.log.warn('sync failed; retrying', { controller: this.name, key, error: String(error) });
        this.queue.addRateLimited(key);
      } finally {
        this.queue.done(key);
      }
    }
  }
}
