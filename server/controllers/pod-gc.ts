// The pod garbage collector, as upstream's pkg/controller/podgc (its gcOrphaned): pods bound to a node that no
// longer exists have no kubelet to run or finish them, so after a quarantine (in case the node is only being
// registered again) they are deleted at once, grace period 0. (Unscheduled pods need no collector here: the API
// server deletes them immediately, as upstream's does.)
import type { Node, Pod } from '../api/types/core.js';
import { isNotFound, keyOf, type Informer } from '../client/index.js';
import { Controller, type ControllerOptions } from './lib/controller.js';

/** How long a node must be gone before its pods are deleted (upstream's quarantineTime). */
export const QUARANTINE_MS = 40_000;

export interface PodGCOptions extends ControllerOptions {
  quarantineMs?: number;
}

/** Force-deletes the pods of nodes that are gone. */
export class PodGCController extends Controller {
  private readonly pods: Informer<Pod>;
  private readonly nodes: Informer<Node>;
  private readonly quarantineMs: number;

  constructor(options: PodGCOptions) {
    super('pod-garbage-collector', options);
    this.quarantineMs = options.quarantineMs ?? QUARANTINE_MS;
    this.pods = options.informers.informerFor('pods');
    this.nodes = options.informers.informerFor('nodes');
    this.pods.addEventHandler({ onAdd: (pod) => this.check(pod), onUpdate: (_old, pod) => this.check(pod) });
    this.nodes.addEventHandler({
      onDelete: (node) => {
        for (const pod of this.pods.list()) if (pod.spec.nodeName === node.metadata.name) this.check(pod);
      },
    });
  }

  protected informers() {
    return [this.pods, this.nodes];
  }

  /** As upstream's PodGCController.gcOrphaned for one pod: force-deleted once the API server says its node is gone. */
  async sync(key: string): Promise<void> {
    const pod = this.pods.get(key);
    if (!pod?.spec.nodeName || this.nodes.get(pod.spec.nodeName)) return;
    // Not in the cache; ask the API server before deleting anything (upstream's discoverDeletedNodes).
    const gone = await this.client
      .nodes()
      .get(pod.spec.nodeName)
      .then(
        () => false,
        (error: unknown) => {
          if (isNotFound(error)) return true;
          throw error;
        },
      );
    if (gone) await this.forceDelete(pod);
  }

  /** Queues a pod whose node is not known, to be looked at again once the quarantine is over. */
  private check(pod: Pod): void {
    if (pod.spec.nodeName && !this.nodes.get(pod.spec.nodeName)) this.queue.addAfter(keyOf(pod), this.quarantineMs);
  }

  private async forceDelete(pod: Pod): Promise<void> {
    const { name = '', namespace, uid } = pod.metadata;
    this.log.info('deleting pod of a node that is gone', { pod: keyOf(pod), node: pod.spec.nodeName });
    try {
      await this.client.pods(namespace).delete(name, { gracePeriodSeconds: 0, preconditions: { uid } });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}
