// The apps/v1 workloads: deployments, replicasets, daemonsets, statefulsets and controllerrevisions.
// As upstream's printDeployment, printReplicaSet, printDaemonSet, printStatefulSet, printControllerRevision.

import type { KubeObject } from '../../api/meta.js';
import { translateTimestampSince } from './duration.js';
import {
  ageColumn,
  column,
  containerColumns,
  type ContainerLike,
  formatLabels,
  formatLabelSelector,
  type LabelSelector,
  labelSelectorString,
  layoutContainerCells,
  nameColumn,
  NONE,
} from './format.js';
import type { PrintedRow, TableColumnDefinition } from './types.js';

/** The parts of a Deployment, ReplicaSet, DaemonSet or StatefulSet the printers read. */
export interface WorkloadLike extends KubeObject {
  spec?: {
    replicas?: number;
    selector?: LabelSelector;
    template?: { spec?: { containers?: ContainerLike[]; nodeSelector?: Record<string, string> } };
  };
  status?: {
    replicas?: number;
    readyReplicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
    desiredNumberScheduled?: number;
    currentNumberScheduled?: number;
    numberReady?: number;
    updatedNumberScheduled?: number;
    numberAvailable?: number;
  };
}

const age = (o: KubeObject, now: Date) => translateTimestampSince(o.metadata.creationTimestamp, now);
const containersOf = (w: WorkloadLike) => layoutContainerCells(w.spec?.template?.spec?.containers);
// API defaulting sets spec.replicas to 1 when omitted; read it the same way.
const desired = (w: WorkloadLike) => w.spec?.replicas ?? 1;
const selectorColumn = (what: string) => column('Selector', 'string', `Label query over pods of this ${what}.`, 1);

/** Deployment columns. */
export const deploymentColumns: TableColumnDefinition[] = [
  nameColumn(),
  column('Ready', 'string', 'Number of the pod with ready state'),
  column('Up-to-date', 'string', 'Pods that run the latest pod template.'),
  column('Available', 'string', 'Pods that have been ready for at least minReadySeconds.'),
  ageColumn(),
  ...containerColumns(),
  selectorColumn('deployment'),
];

/** One deployment row: READY is "ready/desired"; an invalid selector shows "<invalid>". */
export function printDeployment(object: KubeObject, now: Date): PrintedRow {
  const d = object as WorkloadLike;
  const s = d.status ?? {};
  return {
    cells: [
      d.metadata.name ?? '',
      `${s.readyReplicas ?? 0}/${desired(d)}`,
      s.updatedReplicas ?? 0,
      s.availableReplicas ?? 0,
      age(d, now),
      ...containersOf(d),
      labelSelectorString(d.spec?.selector) ?? '<invalid>',
    ],
  };
}

/** ReplicaSet columns. */
export const replicaSetColumns: TableColumnDefinition[] = [
  nameColumn(),
  column('Desired', 'integer', 'Number of desired pods.'),
  column('Current', 'integer', 'Most recently observed number of pods.'),
  column('Ready', 'integer', 'Pods of this replica set with a Ready condition.'),
  ageColumn(),
  ...containerColumns(),
  selectorColumn('replica set'),
];

/** One replicaset row. */
export function printReplicaSet(object: KubeObject, now: Date): PrintedRow {
  const rs = object as WorkloadLike;
  const s = rs.status ?? {};
  return {
    cells: [
      rs.metadata.name ?? '',
      desired(rs),
      s.replicas ?? 0,
      s.readyReplicas ?? 0,
      age(rs, now),
      ...containersOf(rs),
      formatLabelSelector(rs.spec?.selector),
    ],
  };
}

/** DaemonSet columns. */
export const daemonSetColumns: TableColumnDefinition[] = [
  nameColumn(),
  column('Desired', 'integer', 'Nodes that should run the daemon pod.'),
  column('Current', 'integer', 'Nodes running at least one daemon pod that should.'),
  column('Ready', 'integer', 'Nodes whose daemon pod is ready.'),
  column('Up-to-date', 'integer', 'Nodes running the updated daemon pod.'),
  column('Available', 'integer', 'Nodes whose daemon pod is available.'),
  column('Node Selector', 'string', 'Node labels the daemon pods must match.'),
  ageColumn(),
  ...containerColumns(),
  selectorColumn('daemon set'),
];

/** One daemonset row. */
export function printDaemonSet(object: KubeObject, now: Date): PrintedRow {
  const ds = object as WorkloadLike;
  const s = ds.status ?? {};
  return {
    cells: [
      ds.metadata.name ?? '',
      s.desiredNumberScheduled ?? 0,
      s.currentNumberScheduled ?? 0,
      s.numberReady ?? 0,
      s.updatedNumberScheduled ?? 0,
      s.numberAvailable ?? 0,
      formatLabels(ds.spec?.template?.spec?.nodeSelector),
      age(ds, now),
      ...containersOf(ds),
      formatLabelSelector(ds.spec?.selector),
    ],
  };
}

/** StatefulSet columns. */
export const statefulSetColumns: TableColumnDefinition[] = [
  nameColumn(),
  column('Ready', 'string', 'Number of the pod with ready state'),
  ageColumn(),
  ...containerColumns(),
];

/** One statefulset row: READY is "ready/desired". */
export function printStatefulSet(object: KubeObject, now: Date): PrintedRow {
  const sts = object as WorkloadLike;
  return {
    cells: [
      sts.metadata.name ?? '',
      `${sts.status?.readyReplicas ?? 0}/${desired(sts)}`,
      age(sts, now),
      ...containersOf(sts),
    ],
  };
}

/** ControllerRevision columns. */
export const controllerRevisionColumns: TableColumnDefinition[] = [
  nameColumn(),
  column('Controller', 'string', 'Controller of the object'),
  column('Revision', 'string', 'The revision this object represents.'),
  ageColumn(),
];

/** "daemonset.apps/fluentd": the controller owner as lower-cased Kind.group/name, or "<none>". */
export function controllerName(object: KubeObject): string {
  const owner = object.metadata.ownerReferences?.find((o) => o.controller);
  if (!owner) return NONE;
  const slash = owner.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : owner.apiVersion.slice(0, slash);
  const kind = group ? `${owner.kind}.${group}` : owner.kind;
  return kind ? `${kind.toLowerCase()}/${owner.name}` : owner.name;
}

/** One controllerrevision row. */
export function printControllerRevision(object: KubeObject, now: Date): PrintedRow {
  const revision = typeof object.revision === 'number' ? object.revision : 0;
  return { cells: [object.metadata.name ?? '', controllerName(object), revision, age(object, now)] };
}
