// The ReplicaSet controller, as upstream's pkg/controller/replicaset/replica_set.go: keep spec.replicas active pods
// that match the selector, adopting orphans and releasing pods that stopped matching, and report what it sees in
// status. Expectations make sure a burst of events never makes it create or delete the same pod twice.
import { writeStatus } from './lib/status.js';
import { labelSelectorAsSelector, matchesSelector } from '../api/labels.js';
import type { KubeObject } from '../api/meta.js';
import type { ReplicaSet } from '../api/types/apps.js';
import type { Pod } from '../api/types/core.js';
import {
  EventRecorder,
  NAMESPACE_INDEX,
  isNotFound,
  keyOf,
  type Client,
  type Informer,
  type SharedInformerFactory,
  type WorkQueue,
} from '../client/index.js';
import type { Logger } from '../log.js';
import { Controller } from './lib/controller.js';
import { ControllerExpectations } from './lib/expectations.js';
import { claimObjects, getControllerOf, newControllerRef, resolveControllerRef } from './lib/owner-refs.js';
import { PodControl } from './lib/pod-control.js';
import { compareForDeletion, isPodActive, isPodAvailable, isPodReady, msUntilAvailable } from './lib/pod-utils.js';

const RS_KIND = { apiVersion: 'apps/v1', kind: 'ReplicaSet' };
/** At most this many creations or deletions per sync (upstream's BurstReplicas). */
export const BURST_REPLICAS = 500;

export interface ReplicaSetControllerOptions {
  client: Client;
  informers: SharedInformerFactory;
  log: Logger;
  /** The clock pod availability is judged by; tests pass a fixed one. */
  now?: () => Date;
  queue?: WorkQueue<string>;
  burstReplicas?: number;
}

/** Status fields a ReplicaSet reports (apps/v1 ReplicaSetStatus). */
export interface ReplicaSetStatus {
  replicas: number;
  fullyLabeledReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  observedGeneration?: number;
  [field: string]: unknown;
}

/** Creates and deletes pods so that each ReplicaSet has spec.replicas of them; writes replicasets/status. */
export class ReplicaSetController extends Controller {
  readonly name = 'replicaset-controller';
  readonly expectations: ControllerExpectations;
  private readonly client: Client;
  private readonly podControl: PodControl;
  private readonly rsInformer: Informer<ReplicaSet>;
  private readonly podInformer: Informer<Pod>;
  private readonly now: () => Date;
  private readonly burstReplicas: number;

  constructor(options: ReplicaSetControllerOptions) {
    super(options.log, options.queue);
    this.client = options.client;
    this.now = options.now ?? (() => new Date());
    this.burstReplicas = options.burstReplicas ?? BURST_REPLICAS;
    this.podControl = new PodControl(
      this.client,
      new EventRecorder(this.client, this.name, options.log, { now: this.now }),
    );
    this.expectations = new ControllerExpectations(() => this.now().getTime());
    this.rsInformer = options.informers.informerFor('replicasets');
    this.podInformer = options.informers.informerFor('pods');
    this.rsInformer.addEventHandler({
      onAdd: (rs) => this.enqueue(rs),
      onUpdate: (_, rs) => this.enqueue(rs),
      onDelete: (rs) => {
        this.expectations.delete(keyOf(rs));
        this.enqueue(rs);
      },
    });
    this.podInformer.addEventHandler({
      onAdd: (pod) => this.podAdded(pod),
      onUpdate: (old, pod) => this.podUpdated(old, pod),
      onDelete: (pod) => this.podDeleted(pod),
    });
  }

  protected informers(): Informer<KubeObject>[] {
    return [this.rsInformer, this.podInformer] as unknown as Informer<KubeObject>[];
  }

  async sync(key: string): Promise<void> {
    const rs = this.rsInformer.get(key);
    if (!rs) return this.expectations.delete(key);
    const parsed = labelSelectorAsSelector(rs.spec.selector ?? {});
    if (!parsed.ok || parsed.selector.length === 0) return this.log.warn('invalid selector', { key });
    const namespace = rs.metadata.namespace ?? '';
    const needsSync = this.expectations.satisfied(key);
    const active = this.podInformer.byIndex(NAMESPACE_INDEX, namespace).filter(isPodActive);
    const pods = await claimObjects({
      owner: rs,
      ownerKind: RS_KIND,
      selector: parsed.selector,
      client: this.client.pods(namespace),
      canAdopt: () => this.recheck(rs),
      objects: active,
    });
    let manageError: unknown;
    if (needsSync && !rs.metadata.deletionTimestamp) {
      try {
        await this.manageReplicas(key, rs, pods);
      } catch (error) {
        manageError = error;
      }
    }
    await this.writeStatus(rs, calculateStatus(rs, pods, this.now()));
    if (manageError) throw manageError;
    this.requeueForAvailability(key, rs, pods);
  }

  /** Creates or deletes the difference between spec.replicas and `pods`, at most burstReplicas at a time. */
  private async manageReplicas(key: string, rs: ReplicaSet, pods: Pod[]): Promise<void> {
    const diff = pods.length - (rs.spec.replicas ?? 1);
    if (diff < 0) {
      const count = Math.min(-diff, this.burstReplicas);
      this.expectations.expectCreations(key, count);
      const created = await slowStartBatch(count, () => this.podControl.create(rs, podFromTemplate(rs)));
      // Creations that failed or were skipped will never be observed.
      for (let i = created; i < count; i++) this.expectations.creationObserved(key);
      if (created < count) throw new Error(`created ${created} of ${count} pods`);
    } else if (diff > 0) {
      const victims = [...pods].sort(compareForDeletion).slice(0, Math.min(diff, this.burstReplicas));
      this.expectations.expectDeletions(key, victims.map(keyOf));
      const results = await Promise.allSettled(victims.map((pod) => this.podControl.delete(rs, pod)));
      results.forEach((result, i) => {
        if (result.status === 'rejected') this.expectations.deletionObserved(key, keyOf(victims[i]!));
      });
      const failed = results.find((r) => r.status === 'rejected' && !isNotFound(r.reason));
      if (failed) throw (failed as PromiseRejectedResult).reason;
    }
  }

  /** Writes status through the status subresource when it changed (see lib/status.ts). */
  private writeStatus(rs: ReplicaSet, status: ReplicaSetStatus): Promise<void> {
    return writeStatus(this.client.replicasets(rs.metadata.namespace), rs, status, { merge: true });
  }

  /** With minReadySeconds, comes back when the next ready pod becomes available. */
  private requeueForAvailability(key: string, rs: ReplicaSet, pods: Pod[]): void {
    const minReady = rs.spec.minReadySeconds ?? 0;
    const waits = pods.map((pod) => msUntilAvailable(pod, minReady, this.now())).filter((w) => w !== undefined);
    if (waits.length > 0) this.queue.addAfter(key, Math.min(...waits) + 1);
  }

  /** Throws unless the ReplicaSet, read fresh from the API, is still the one we hold and is not being deleted. */
  private async recheck(rs: ReplicaSet): Promise<void> {
    const fresh = await this.client.replicasets(rs.metadata.namespace).get(rs.metadata.name ?? '');
    if (fresh.metadata.uid !== rs.metadata.uid || fresh.metadata.deletionTimestamp)
      throw new Error(`replicaset ${keyOf(rs)} changed or is being deleted; not adopting`);
  }

  /** The key of the ReplicaSet controlling `pod`, if one in the cache does. */
  private ownerKey(pod: Pod): string | undefined {
    return resolveControllerRef(pod, 'ReplicaSet', this.rsInformer);
  }

  /** Orphans wake every ReplicaSet whose selector matches them, any of which may adopt. */
  private enqueueMatching(pod: Pod): void {
    for (const rs of this.rsInformer.byIndex(NAMESPACE_INDEX, pod.metadata.namespace ?? '')) {
      const parsed = labelSelectorAsSelector(rs.spec.selector ?? {});
      // As upstream: a ReplicaSet with an empty selector matches nothing.
      if (parsed.ok && parsed.selector.length > 0 && matchesSelector(parsed.selector, pod.metadata.labels))
        this.enqueue(rs);
    }
  }

  private podAdded(pod: Pod): void {
    const key = this.ownerKey(pod);
    if (pod.metadata.deletionTimestamp) return this.podDeleted(pod);
    if (key) {
      this.expectations.creationObserved(key);
      this.queue.add(key);
    } else if (!getControllerOf(pod)) this.enqueueMatching(pod);
  }

  private podUpdated(old: Pod, pod: Pod): void {
    if (pod.metadata.deletionTimestamp && !old.metadata.deletionTimestamp) return this.podDeleted(pod);
    const oldKey = this.ownerKey(old);
    const key = this.ownerKey(pod);
    if (oldKey && oldKey !== key) this.queue.add(oldKey);
    if (key) this.queue.add(key);
    else if (!getControllerOf(pod)) this.enqueueMatching(pod);
  }

  private podDeleted(pod: Pod): void {
    const key = this.ownerKey(pod);
    if (!key) return;
    this.expectations.deletionObserved(key, keyOf(pod));
    this.queue.add(key);
  }
}

/** The pod a ReplicaSet creates: generateName `<rs>-`, the template's labels and spec, and our controllerRef. */
export function podFromTemplate(rs: ReplicaSet): Pod {
  const template = rs.spec.template;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${rs.metadata.name ?? ''}-`,
      namespace: rs.metadata.namespace,
      labels: { ...(template.metadata?.labels ?? {}) },
      annotations: { ...(template.metadata?.annotations ?? {}) },
      ownerReferences: [newControllerRef(rs, RS_KIND)],
    },
    spec: structuredClone(template.spec),
  };
}

/** The status `pods` give `rs` at `now` (calculateStatus). */
export function calculateStatus(rs: ReplicaSet, pods: Pod[], now: Date): ReplicaSetStatus {
  const templateLabels = Object.entries(rs.spec.template.metadata?.labels ?? {});
  const minReady = rs.spec.minReadySeconds ?? 0;
  return {
    replicas: pods.length,
    fullyLabeledReplicas: pods.filter((p) => templateLabels.every(([k, v]) => p.metadata.labels?.[k] === v)).length,
    readyReplicas: pods.filter(isPodReady).length,
    availableReplicas: pods.filter((p) => isPodAvailable(p, minReady, now)).length,
    observedGeneration: rs.metadata.generation,
  };
}

/**
 * Runs `count` calls in batches of 1, 2, 4, ... and stops after the first batch with a failure, so a quota or
 * admission error costs one failed call rather than hundreds (upstream's slowStartBatch). Returns the successes.
 */
export async function slowStartBatch(count: number, call: () => Promise<unknown>): Promise<number> {
  let done = 0;
  for (let batch = Math.min(1, count); done < count; batch = Math.min(batch * 2, count - done)) {
    const results = await Promise.allSettled(Array.from({ length: batch }, call));
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    done += ok;
    if (ok < batch) return done;
  }
  return done;
}
