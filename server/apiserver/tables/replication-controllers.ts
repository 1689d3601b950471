// core/v1 ReplicationControllers, as upstream's printReplicationController: the ReplicaSet's columns, with the
// selector printed as the plain label map it is.

import type { KubeObject } from '../../api/meta.js';
import { translateTimestampSince } from './duration.js';
import { ageColumn, column, containerColumns, formatLabels, layoutContainerCells, nameColumn } from './format.js';
import type { WorkloadLike } from './apps.js';
import type { PrintedRow, TableColumnDefinition } from './types.js';

/** The parts of a ReplicationController the printer reads: a ReplicaSet's, with a label-map selector. */
interface ReplicationControllerLike extends KubeObject {
  spec?: {
    replicas?: number;
    selector?: Record<string, string>;
    template?: NonNullable<WorkloadLike['spec']>['template'];
  };
  status?: WorkloadLike['status'];
}

/** ReplicationController columns: NAME DESIRED CURRENT READY AGE, and -o wide CONTAINERS IMAGES SELECTOR. */
export const replicationControllerColumns: TableColumnDefinition[] = [
  nameColumn(),
  column('Desired', 'integer', 'Number of desired pods.'),
  column('Current', 'integer', 'Most recently observed number of pods.'),
  column('Ready', 'integer', 'Pods of this replication controller with a Ready condition.'),
  ageColumn(),
  ...containerColumns(),
  column('Selector', 'string', 'Label query over pods of this replication controller.', 1),
];

/** One replicationcontroller row; an unset spec.replicas reads as the 1 defaulting gives it. */
export function printReplicationController(object: KubeObject, now: Date): PrintedRow {
  const rc = object as ReplicationControllerLike;
  const s = rc.status ?? {};
  return {
    cells: [
      rc.metadata.name ?? '',
      rc.spec?.replicas ?? 1,
      s.replicas ?? 0,
      s.readyReplicas ?? 0,
      translateTimestampSince(rc.metadata.creationTimestamp, now),
      ...layoutContainerCells(rc.spec?.template?.spec?.containers),
      formatLabels(rc.spec?.selector),
    ],
  };
}
