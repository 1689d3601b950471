// How controllers create and delete their pods, as upstream's controller_utils.go: RealPodControl writes through the
// API and records on the owner the events `kubectl describe` shows (SuccessfulCreate "Created pod: web-x2k4",
// FailedCreate, ...); GetPodFromTemplate makes the pod a template describes; creations go in slow-start batches and
// both creations and deletions are counted in the owner's ControllerExpectations, so a sync that runs before the
// informer has seen them does not act twice.
import type { KubeObject, OwnerReference } from '../../api/meta.js';
import type { Pod, PodTemplateSpec } from '../../api/types/core.js';
import { isNotFound, keyOf, type Client, type EventRecorder } from '../../client/index.js';
import type { ControllerExpectations } from './expectations.js';

/** An error's message without its class name, as events show it. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The pod `template` describes for `parent` (upstream's GetPodFromTemplate): generateName `<parent>-`, the
 * template's labels, annotations and a copy of its spec, and `controllerRef` as its only owner.
 */
export function getPodFromTemplate(template: PodTemplateSpec, parent: KubeObject, controllerRef: OwnerReference): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${parent.metadata.name ?? ''}-`,
      namespace: parent.metadata.namespace,
      labels: { ...(template.metadata?.labels ?? {}) },
      annotations: { ...(template.metadata?.annotations ?? {}) },
      ownerReferences: [controllerRef],
    },
    spec: structuredClone(template.spec),
  };
}

/**
 * Runs `count` calls in batches of 1, 2, 4, ... and stops after the first batch with a failure, so a quota or
 * admission error costs one failed call rather than hundreds (upstream's slowStartBatch). Each call gets its index,
 * 0 to count-1, in order. Returns the number of successes.
 */
async function slowStartBatch(count: number, call: (index: number) => Promise<unknown>): Promise<number> {
  let done = 0;
  let next = 0;
  for (let batch = Math.min(1, count); done < count; batch = Math.min(batch * 2, count - done)) {
    const results = await Promise.allSettled(Array.from({ length: batch }, () => call(next++)));
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    done += ok;
    if (ok < batch) return done;
  }
  return done;
}

/** Creates and deletes the pods of controllers (upstream's RealPodControl), recording events on their owners. */
export class PodControl {
  constructor(
    private readonly client: Client,
    private readonly events: EventRecorder,
  ) {}

  /** Creates `pod` for `owner`: SuccessfulCreate, or FailedCreate and the error rethrown. */
  async create(owner: KubeObject, pod: Pod): Promise<Pod> {
    try {
      const created = await this.client.pods(pod.metadata.namespace ?? owner.metadata.namespace).create(pod);
      this.events.event(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
      return created;
    } catch (error) {
      this.events.event(owner, 'Warning', 'FailedCreate', `Error creating: ${errorText(error)}`);
      throw error;
    }
  }

  /** Deletes `pod` of `owner`: SuccessfulDelete, or FailedDelete and the error rethrown (NotFound without event). */
  async delete(owner: KubeObject, pod: Pod): Promise<void> {
    const name = pod.metadata.name ?? '';
    try {
      await this.client.pods(pod.metadata.namespace).delete(name);
      this.events.event(owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
    } catch (error) {
      if (!isNotFound(error))
        this.events.event(owner, 'Warning', 'FailedDelete', `Error deleting: ${errorText(error)}`);
      throw error;
    }
  }

  /**
   * Creates `pods` for the owner under `key` in slow-start batches, expecting them first; the creations that
   * failed or were skipped are counted off at once (they will never be seen). Throws if any was not created.
   */
  async createPods(expectations: ControllerExpectations, key: string, owner: KubeObject, pods: Pod[]): Promise<void> {
    expectations.expectCreations(key, pods.length);
    const created = await slowStartBatch(pods.length, (i) => this.create(owner, pods[i]!));
    for (let i = created; i < pods.length; i++) expectations.creationObserved(key);
    if (created < pods.length) throw new Error(`created ${created} of ${pods.length} pods`);
  }

  /**
   * Deletes `pods` of the owner under `key` at once, expecting their deletion first; a failed delete is counted
   * off at once. Throws the first error other than NotFound (a pod already gone is what we wanted).
   */
  async deletePods(expectations: ControllerExpectations, key: string, owner: KubeObject, pods: Pod[]): Promise<void> {
    if (pods.length === 0) return;
    expectations.expectDeletions(key, pods.map(keyOf));
    const results = await Promise.allSettled(pods.map((pod) => this.delete(owner, pod)));
    results.forEach((r, i) => r.status === 'rejected' && expectations.deletionObserved(key, keyOf(pods[i]!)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected' && !isNotFound(r.reason));
    if (failed) throw failed.reason;
  }
}
