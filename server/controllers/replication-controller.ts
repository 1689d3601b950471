// The ReplicationController manager, as upstream's pkg/controller/replication: a v1 ReplicationController is the
// ReplicaSet's older form (its selector a plain label map, matchLabels only), so upstream reconciles it with the
// ReplicaSet controller's own code, reading each one through a conversion adapter as a ReplicaSet. Here too: the
// pods it creates carry a controllerRef of kind ReplicationController (apiVersion v1), its status is written to
// replicationcontrollers/status, and its events come from `replication-controller`.
import type { KubeObject } from '../api/meta.js';
import type { ReplicaSet } from '../api/types/apps.js';
import type { PodTemplateSpec } from '../api/types/core.js';
import { COMMON_RESOURCES } from '../client/index.js';
import type { ControllerOptions } from './lib/controller.js';
import { BaseReplicaSetController, type ReplicaSetKind } from './replicaset.js';

/** v1 ReplicationController: the fields this controller reads. */
export interface ReplicationController extends KubeObject {
  spec: {
    replicas?: number;
    minReadySeconds?: number;
    /** Label key/values a pod must all have: upstream's map selector (the API server defaults it to the template's labels). */
    selector?: Record<string, string>;
    template: PodTemplateSpec;
  };
  status?: { replicas?: number; [field: string]: unknown };
}

/** The ReplicationController seen as a ReplicaSet (upstream's convertRCtoRS): the map becomes matchLabels. */
export function toReplicaSet(rc: ReplicationController): ReplicaSet {
  const { replicas, minReadySeconds, selector, template } = rc.spec;
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: rc.metadata,
    spec: { replicas, minReadySeconds, selector: { matchLabels: { ...selector } }, template },
    status: rc.status,
  };
}

/** v1 ReplicationControllers, read as ReplicaSets. */
const REPLICATION_CONTROLLER_KIND: ReplicaSetKind<ReplicationController> = {
  name: 'replication-controller',
  ownerKind: { apiVersion: 'v1', kind: 'ReplicationController' },
  resource: COMMON_RESOURCES.replicationcontrollers,
  toReplicaSet,
};

/** Keeps spec.replicas pods for each ReplicationController, with the ReplicaSet controller's code (upstream's ReplicationManager). */
export class ReplicationManager extends BaseReplicaSetController<ReplicationController> {
  constructor(options: ControllerOptions) {
    super(options, REPLICATION_CONTROLLER_KIND);
  }
}
