// The garbage collector, as upstream's pkg/controller/garbagecollector: objects name their owners in
// metadata.ownerReferences, and this controller acts on the three ways an owner can be deleted (`kubectl delete
// --cascade=...`):
//   background  the owner goes at once; dependents whose owners are all gone are then deleted here;
//   foreground  the owner waits (deletionTimestamp + finalizer `foregroundDeletion`) while its dependents are
//               deleted; once no dependent with blockOwnerDeletion is left, the finalizer is removed;
//   orphan      the owner waits (finalizer `orphan`) while its ownerReference is removed from every dependent.
// The work queue holds uids, not "namespace/name" keys: an owner and its dependents may be of any resource.
import type { KubeObject, OwnerReference } from '../api/meta.js';
import { isNotFound, type ResourceRef } from '../client/index.js';
import { Controller, type ControllerOptions } from './lib/controller.js';
import { OwnerGraph, blocksOwner, ownerResource, type GraphNode } from './gc/graph.js';

export const FOREGROUND_FINALIZER = 'foregroundDeletion';
export const ORPHAN_FINALIZER = 'orphan';

export interface GarbageCollectorOptions extends ControllerOptions {
  /** The resources to watch for owners and dependents; default MONITORED_RESOURCES. */
  resources?: ResourceRef[];
}

/** Deletes dependents whose owners are gone and carries out foreground and orphan deletion. */
export class GarbageCollector extends Controller {
  private readonly graph: OwnerGraph;

  constructor(options: GarbageCollectorOptions) {
    super('garbage-collector-controller', options);
    this.graph = new OwnerGraph(options.informers, options.resources);
    for (const { informer } of this.graph.informers) {
      informer.addEventHandler({
        onAdd: (object) => this.enqueueWithOwners(object),
        onUpdate: (_old, object) => this.enqueueWithOwners(object),
        // A deleted owner: its dependents may now be garbage. A deleted dependent: its owner may be unblocked.
        onDelete: (object) => {
          this.enqueueWithOwners(object);
          for (const dependent of this.graph.dependents(object.metadata.uid ?? '')) this.enqueueUid(dependent.object);
        },
      });
    }
  }

  protected informers() {
    return this.graph.informers.map(({ informer }) => informer);
  }

  /** `uid` is an object's uid; an object no cache holds any more needs nothing. */
  async sync(uid: string): Promise<void> {
    const node = this.graph.find(uid);
    if (!node) return;
    const finalizers = node.object.metadata.finalizers ?? [];
    if (node.object.metadata.deletionTimestamp && finalizers.includes(ORPHAN_FINALIZER)) {
      return this.orphanDependents(node);
    }
    if (node.object.metadata.deletionTimestamp && finalizers.includes(FOREGROUND_FINALIZER)) {
      return this.deleteDependentsFirst(node);
    }
    return this.collectIfOwnersGone(node);
  }

  /** Orphan: drop the owner from every dependent's ownerReferences, then drop the `orphan` finalizer. */
  private async orphanDependents(owner: GraphNode): Promise<void> {
    const uid = owner.object.metadata.uid!;
    for (const dependent of this.graph.dependents(uid)) {
      await this.updateMetadata(dependent, (metadata) => {
        metadata.ownerReferences = metadata.ownerReferences?.filter((ref) => ref.uid !== uid);
        if (metadata.ownerReferences?.length === 0) delete metadata.ownerReferences;
      });
    }
    await this.removeFinalizer(owner, ORPHAN_FINALIZER);
  }

  /** Foreground: delete the dependents (foreground too, when they block us); finish once none blocks us. */
  private async deleteDependentsFirst(owner: GraphNode): Promise<void> {
    const uid = owner.object.metadata.uid!;
    const dependents = this.graph.dependents(uid);
    for (const dependent of dependents) {
      if (dependent.object.metadata.deletionTimestamp) continue;
      const policy = blocksOwner(dependent.object, uid) ? 'Foreground' : 'Background';
      await this.deleteObject(dependent, policy);
    }
    // Dependents going away are heard by the informers, which queue this owner again.
    if (dependents.some((dependent) => blocksOwner(dependent.object, uid))) return;
    await this.removeFinalizer(owner, FOREGROUND_FINALIZER);
  }

  /** Background: an object all of whose owners are gone is garbage; owners that are gone are forgotten. */
  private async collectIfOwnersGone(node: GraphNode): Promise<void> {
    const owners = node.object.metadata.ownerReferences ?? [];
    if (owners.length === 0 || node.object.metadata.deletionTimestamp) return;
    const absent: string[] = [];
    for (const owner of owners) if (!(await this.ownerExists(node, owner))) absent.push(owner.uid);
    if (absent.length === owners.length) {
      this.log.info('deleting object whose owners are gone', { uid: node.object.metadata.uid });
      await this.deleteObject(node, 'Background');
    } else if (absent.length > 0) {
      await this.updateMetadata(node, (metadata) => {
        metadata.ownerReferences = metadata.ownerReferences?.filter((ref) => !absent.includes(ref.uid));
      });
    }
  }

  /** True if the owner exists with the referenced uid: the cache first, then (as upstream) a live GET. */
  private async ownerExists(dependent: GraphNode, owner: OwnerReference): Promise<boolean> {
    if (this.graph.find(owner.uid)) return true;
    const ref = ownerResource(owner);
    if (!ref) return true; // a kind we cannot look up: never delete on a guess
    const namespace = ref.namespaced ? dependent.object.metadata.namespace : undefined;
    if (ref.namespaced && !namespace) return false; // a cluster-scoped object cannot have a namespaced owner
    try {
      const live = await this.client.resource(ref, namespace).get(owner.name);
      return live.metadata.uid === owner.uid;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  private async deleteObject(node: GraphNode, propagationPolicy: 'Foreground' | 'Background'): Promise<void> {
    const { name, namespace, uid } = node.object.metadata;
    try {
      await this.client.resource(node.ref, namespace).delete(name!, { propagationPolicy, preconditions: { uid } });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  private removeFinalizer(node: GraphNode, finalizer: string): Promise<void> {
    return this.updateMetadata(node, (metadata) => {
      metadata.finalizers = metadata.finalizers?.filter((f) => f !== finalizer);
      if (metadata.finalizers?.length === 0) delete metadata.finalizers;
    });
  }

  /** Reads the object fresh, changes its metadata and writes it back (409 on a race: the sync is retried). */
  private async updateMetadata(node: GraphNode, change: (metadata: KubeObject['metadata']) => void): Promise<void> {
    const { name, namespace, uid } = node.object.metadata;
    const resource = this.client.resource(node.ref, namespace);
    try {
      const fresh = await resource.get(name!);
      if (fresh.metadata.uid !== uid) return;
      change(fresh.metadata);
      await resource.update(fresh);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  private enqueueUid(object: KubeObject): void {
    if (object.metadata.uid) this.queue.add(object.metadata.uid);
  }

  private enqueueWithOwners(object: KubeObject): void {
    this.enqueueUid(object);
    for (const owner of object.metadata.ownerReferences ?? []) this.queue.add(owner.uid);
  }
}
