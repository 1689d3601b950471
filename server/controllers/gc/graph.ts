// The garbage collector's view of the cluster: one informer per resource that may have owners, each indexed by
// uid and by the uids of its owners. Together those indexes are upstream's GraphBuilder "uidToNode" graph: who
// an object is, who owns it, and who depends on it, all read from caches.
import type { KubeObject, OwnerReference } from '../../api/meta.js';
import { COMMON_RESOURCES, type Informer, type ResourceRef, type SharedInformerFactory } from '../../client/index.js';

/** Index of every object by its own uid. */
const UID_INDEX = 'uid';
/** Index of every object by the uids of its owners: the owner → dependents edges. */
const OWNER_INDEX = 'owner-uid';

/** The resources whose objects carry ownerReferences in this course (upstream discovers every deletable one). */
export const MONITORED_RESOURCES: ResourceRef[] = [
  COMMON_RESOURCES.pods,
  COMMON_RESOURCES.replicationcontrollers,
  COMMON_RESOURCES.replicasets,
  COMMON_RESOURCES.deployments,
  COMMON_RESOURCES.daemonsets,
  COMMON_RESOURCES.statefulsets,
  COMMON_RESOURCES.controllerrevisions,
  COMMON_RESOURCES.jobs,
  COMMON_RESOURCES.cronjobs,
  COMMON_RESOURCES.endpointslices,
  COMMON_RESOURCES.services,
  COMMON_RESOURCES.configmaps,
  COMMON_RESOURCES.secrets,
];

/** An object found in the graph, with the resource it belongs to. */
export interface GraphNode {
  ref: ResourceRef;
  object: KubeObject;
}

/** The owner → dependents graph, kept by the informers of MONITORED_RESOURCES. */
export class OwnerGraph {
  readonly informers: { ref: ResourceRef; informer: Informer<KubeObject> }[];

  constructor(factory: SharedInformerFactory, resources: ResourceRef[] = MONITORED_RESOURCES) {
    this.informers = resources.map((ref) => {
      const informer = factory.forResource<KubeObject>(ref);
      informer.addIndexer(UID_INDEX, (object) => (object.metadata.uid ? [object.metadata.uid] : []));
      informer.addIndexer(OWNER_INDEX, (object) => (object.metadata.ownerReferences ?? []).map((owner) => owner.uid));
      return { ref, informer };
    });
  }

  /** The cached object with this uid, in whichever resource holds it. */
  find(uid: string): GraphNode | undefined {
    for (const { ref, informer } of this.informers) {
      const [object] = informer.byIndex(UID_INDEX, uid);
      if (object) return { ref, object };
    }
    return undefined;
  }

  /** Every cached object that lists `uid` among its owners. */
  dependents(uid: string): GraphNode[] {
    return this.informers.flatMap(({ ref, informer }) =>
      informer.byIndex(OWNER_INDEX, uid).map((object) => ({ ref, object })),
    );
  }
}

/** The resource an ownerReference points at (`apps/v1` + `ReplicaSet` → replicasets), if the course serves it. */
export function ownerResource(owner: OwnerReference): ResourceRef | undefined {
  const group = owner.apiVersion.includes('/') ? owner.apiVersion.split('/')[0] : '';
  return Object.values(COMMON_RESOURCES).find((ref) => ref.group === group && ref.kind === owner.kind);
}

/** The reference's `blockOwnerDeletion`, for the owner with `uid`. */
export function blocksOwner(object: KubeObject, uid: string): boolean {
  return (object.metadata.ownerReferences ?? []).some((owner) => owner.uid === uid && owner.blockOwnerDeletion);
}
