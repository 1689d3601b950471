// The ReplicaSet controller, as upstream's pkg/controller/replicaset/replica_set.go: keep spec.replicas active pods
// that match the selector, adopting orphans and releasing pods that stopped matching, and report what it sees in
// status. Expectations make sure a burst of events never makes it create or delete the same pod twice.
// The same code reconciles ReplicationControllers (replication-controller.ts), as upstream's NewBaseController:
// a ReplicaSetKind says which resource it watches and how one of its objects reads as a ReplicaSet.
import { labelSelectorAsSelector, matchesSelector } from '../api/labels.js';
import type { KubeObject } from '../api/meta.js';
import type { ReplicaSet } from '../api/types/apps.js';
import type { Pod } from '../api/types/core.js';
import { COMMON_RESOURCES, NAMESPACE_INDEX, keyOf, type Informer, type ResourceRef } from '../client/index.js';
import { Controller, type ControllerOptions } from './lib/controller.js';
import { ControllerExpectations } from './lib/expectations.js';
import {
  claimObjects,
  getControllerOf,
  newControllerRef,
  resolveControllerRef,
  type OwnerKind,
} from './lib/owner-refs.js';
import { PodControl, getPodFromTemplate } from './lib/pod-control.js';
import { compareForDeletion, isPodActive, isPodAvailable, isPodReady, msUntilAvailable } from './lib/pod-utils.js';
import { writeStatus } from './lib/status.js';

/** At most this many creations or deletions per sync (upstream's BurstReplicas). */
export const BURST_REPLICAS = 500;

/**
 * The kind a BaseReplicaSetController manages: its name (also the events' source), the kind its pods' controllerRef
 * names, the resource it watches and writes, and how one of its objects reads as a ReplicaSet (upstream's
 * conversion adapter; the object itself for ReplicaSets).
 */
export interface ReplicaSetKind<T extends KubeObject> {
  name: string;
  ownerKind: OwnerKind;
  resource: ResourceRef;
  toReplicaSet(object: T): ReplicaSet;
}

/** apps/v1 ReplicaSets, as themselves. */
const REPLICA_SET_KIND: ReplicaSetKind<ReplicaSet> = {
  name: 'replicaset-controller',
  ownerKind: { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
  resource: COMMON_RESOURCES.replicasets,
  toReplicaSet: (rs) => rs,
};

/** Status fields a ReplicaSet reports (apps/v1 ReplicaSetStatus; a ReplicationController's are the same). */
export interface ReplicaSetStatus {
  replicas: number;
  fullyLabeledReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  observedGeneration?: number;
  [field: string]: unknown;
}

/**
 * Creates and deletes pods so that each object of its kind has spec.replicas of them; writes its status. Built
 * for a kind by a subclass, as upstream's NewBaseController: ReplicaSetController, ReplicationManager.
 */
export abstract class BaseReplicaSetController<T extends KubeObject> extends Controller {
  readonly expectations: ControllerExpectations;
  private readonly podControl: PodControl;
  private readonly rsInformer: Informer<T>;
  private readonly podInformer: Informer<Pod>;

  constructor(
    options: ControllerOptions,
    private readonly kind: ReplicaSetKind<T>,
  ) {
    super(kind.name, options);
    this.podControl = new PodControl(this.client, this.recorder);
    this.expectations = new ControllerExpectations(this.clock);
    this.rsInformer = options.informers.forResource<T>(kind.resource);
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

  protected informers() {
    return [this.rsInformer, this.podInformer];
  }

  /** As upstream's syncReplicaSet (the ReplicationManager runs the same code): claim pods, then manageReplicas. */
  async sync(key: string): Promise<void> {
    const cached = this.rsInformer.get(key);
    if (!cached) return this.expectations.delete(key);
    const rs = this.kind.toReplicaSet(cached);
    const parsed = labelSelectorAsSelector(rs.spec.selector ?? {});
    if (!parsed.ok || parsed.selector.length === 0) return this.log.warn('invalid selector', { key });
    const namespace = rs.metadata.namespace ?? '';
    const needsSync = this.expectations.satisfied(key);
    const active = this.podInformer.byIndex(NAMESPACE_INDEX, namespace).filter(isPodActive);
    const pods = await claimObjects({
      owner: rs,
      ownerKind: this.kind.ownerKind,
      selector: parsed.selector,
      client: this.client.pods(namespace),
      canAdopt: () => this.recheck(rs),
      objects: active,
    });
    let manageError: unknown;
    if (needsSync && !rs.metadata.deletionTimestamp) {
      try {
        await this.manageReplicas(key, rs, cached, pods);
      } catch (error) {
        manageError = error;
      }
    }
    // Written to the object as cached, so a ReplicationController's status goes back as one.
    await writeStatus(this.resourceClient(namespace), cached, calculateStatus(rs, pods, this.now()), { merge: true });
    if (manageError) throw manageError;
    this.requeueForAvailability(key, rs, pods);
  }

  /**
   * Creates or deletes the difference between spec.replicas and `pods`, at most burstReplicas at a time. The events
   * go on `owner`, the object as cached (a ReplicationController's on itself, as upstream's podControlAdapter).
   */
  private async manageReplicas(key: string, rs: ReplicaSet, owner: T, pods: Pod[]): Promise<void> {
    const diff = pods.length - (rs.spec.replicas ?? 1);
    if (diff < 0) {
      const ref = newControllerRef(rs, this.kind.ownerKind);
      const count = Math.min(-diff, BURST_REPLICAS);
      const wanted = Array.from({ length: count }, () => getPodFromTemplate(rs.spec.template, rs, ref));
      await this.podControl.createPods(this.expectations, key, owner, wanted);
    } else if (diff > 0) {
      const victims = [...pods].sort(compareForDeletion).slice(0, Math.min(diff, BURST_REPLICAS));
      await this.podControl.deletePods(this.expectations, key, owner, victims);
    }
  }

  /** With minReadySeconds, comes back when the next ready pod becomes available. */
  private requeueForAvailability(key: string, rs: ReplicaSet, pods: Pod[]): void {
    const minReady = rs.spec.minReadySeconds ?? 0;
    const waits = pods.map((pod) => msUntilAvailable(pod, minReady, this.now())).filter((w) => w !== undefined);
    if (waits.length > 0) this.queue.addAfter(key, Math.min(...waits) + 1);
  }

  /** Throws unless the object, read fresh from the API, is still the one we hold and is not being deleted. */
  private async recheck(rs: ReplicaSet): Promise<void> {
    const fresh = await this.resourceClient(rs.metadata.namespace).get(rs.metadata.name ?? '');
    if (fresh.metadata.uid !== rs.metadata.uid || fresh.metadata.deletionTimestamp)
      throw new Error(`${this.kind.ownerKind.kind} ${keyOf(rs)} changed or is being deleted; not adopting`);
  }

  private resourceClient(namespace: string | undefined) {
    return this.client.resource<T>(this.kind.resource, namespace);
  }

  /** The key of the ReplicaSet controlling `pod`, if one in the cache does. */
  private ownerKey(pod: Pod): string | undefined {
    return resolveControllerRef(pod, this.kind.ownerKind.kind, this.rsInformer);
  }

  /** Orphans wake every ReplicaSet whose selector matches them, any of which may adopt. */
  private enqueueMatching(pod: Pod): void {
    for (const cached of this.rsInformer.byIndex(NAMESPACE_INDEX, pod.metadata.namespace ?? '')) {
      const parsed = labelSelectorAsSelector(this.kind.toReplicaSet(cached).spec.selector ?? {});
      // As upstream: a ReplicaSet with an empty selector matches nothing.
      if (parsed.ok && parsed.selector.length > 0 && matchesSelector(parsed.selector, pod.metadata.labels))
        this.enqueue(cached);
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

/** The ReplicaSet controller proper: apps/v1 ReplicaSets, whose pods' controllerRef says kind ReplicaSet. */
export class ReplicaSetController extends BaseReplicaSetController<ReplicaSet> {
  constructor(options: ControllerOptions) {
    super(options, REPLICA_SET_KIND);
  }
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
