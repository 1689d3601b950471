// The skeleton every controller shares, as upstream's (sample-controller, ReplicaSetController): informer handlers
// only enqueue keys; workers take keys from a rate-limited queue and call sync(key), which compares desired and
// actual state and acts through the API. A failed sync is retried with back-off; "not found" means done.
import type { KubeObject } from '../../api/meta.js';
import { keyOf, WorkQueue, type Informer } from '../../client/index.js';
import type { Logger } from '../../log.js';

export abstract class Controller {
  /** Upstream's name for this controller, e.g. `replicaset-controller`: used in logs, events and leader election. */
  abstract readonly name: string;
  protected readonly queue: WorkQueue<string>;

  constructor(
    protected readonly log: Logger,
    queue = new WorkQueue<string>(),
  ) {
    this.queue = queue;
  }

  /** Brings the object named by `key` ("namespace/name") toward its desired state. Throws to be retried later. */
  abstract sync(key: string): Promise<void>;

  /** The informers this controller reads; run() waits until they have synced. */
  protected abstract informers(): Informer<KubeObject>[];

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
