// Server-side printing: turns objects into the meta.k8s.io/v1 Table that `kubectl get` asks for with
// `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`. As the apiserver's TableConvertor with upstream's printers
// (always generated wide, as the apiserver does; kubectl hides priority > 0 columns unless -o wide).

import type { KubeObject, ListMeta } from '../../api/meta.js';
import { rfc3339 } from '../../api/time.js';
import {
  controllerRevisionColumns,
  daemonSetColumns,
  deploymentColumns,
  printControllerRevision,
  printDaemonSet,
  printDeployment,
  printReplicaSet,
  printStatefulSet,
  replicaSetColumns,
  statefulSetColumns,
} from './apps.js';
import { cronJobColumns, jobColumns, printCronJob, printJob } from './batch.js';
import {
  configMapColumns,
  printConfigMap,
  printSecret,
  printServiceAccount,
  secretColumns,
  serviceAccountColumns,
} from './config.js';
import { eventColumns, printEvent } from './events.js';
import { createdAtColumn, nameColumn } from './format.js';
import { leaseColumns, printLease } from './leases.js';
import { namespaceColumns, printNamespace } from './namespaces.js';
import { nodeColumns, printNode } from './nodes.js';
import { podColumns, printPod } from './pods.js';
import { priorityClassColumns, printPriorityClass } from './priority-classes.js';
import { printReplicationController, replicationControllerColumns } from './replication-controllers.js';
import {
  endpointSliceColumns,
  endpointsColumns,
  printEndpointSlice,
  printEndpoints,
  printService,
  serviceColumns,
} from './services.js';
import type { PrintedRow, Printer, Table, TableRow } from './types.js';

export type * from './types.js';

/** The printers by plural resource name of the built-in API groups (core/v1 `events`, not events.k8s.io). */
export const PRINTERS: Readonly<Record<string, Printer>> = {
  pods: { columns: podColumns, row: printPod },
  nodes: { columns: nodeColumns, row: printNode },
  namespaces: { columns: namespaceColumns, row: printNamespace },
  services: { columns: serviceColumns, row: printService },
  endpoints: { columns: endpointsColumns, row: printEndpoints },
  endpointslices: { columns: endpointSliceColumns, row: printEndpointSlice },
  events: { columns: eventColumns, row: printEvent },
  configmaps: { columns: configMapColumns, row: printConfigMap },
  secrets: { columns: secretColumns, row: printSecret },
  serviceaccounts: { columns: serviceAccountColumns, row: printServiceAccount },
  deployments: { columns: deploymentColumns, row: printDeployment },
  replicasets: { columns: replicaSetColumns, row: printReplicaSet },
  replicationcontrollers: { columns: replicationControllerColumns, row: printReplicationController },
  daemonsets: { columns: daemonSetColumns, row: printDaemonSet },
  statefulsets: { columns: statefulSetColumns, row: printStatefulSet },
  controllerrevisions: { columns: controllerRevisionColumns, row: printControllerRevision },
  jobs: { columns: jobColumns, row: printJob },
  cronjobs: { columns: cronJobColumns, row: printCronJob },
  leases: { columns: leaseColumns, row: printLease },
  priorityclasses: { columns: priorityClassColumns, row: printPriorityClass },
};

/** creationTimestamp as RFC 3339 in UTC to the second, as Go's time.RFC3339 prints it (zero time when unset). */
function createdAt(timestamp: string | undefined): string {
  const date = timestamp ? new Date(timestamp) : undefined;
  if (!date || Number.isNaN(date.getTime())) return '0001-01-01T00:00:00Z';
  return rfc3339(date);
}

/**
 * The printer for resources without one: NAME and CREATED AT, as the apiserver's defaultTableConvertor. This is
 * what a real cluster shows for, e.g., `kubectl get roles` (custom resources without printer columns show AGE).
 */
export const DEFAULT_PRINTER: Printer = {
  columns: [nameColumn(), createdAtColumn()],
  row: (object: KubeObject): PrintedRow => ({
    cells: [object.metadata.name ?? '', createdAt(object.metadata.creationTimestamp)],
  }),
};

/** How the Table is wanted: the clock for ages, what each row carries, and whether to send column definitions. */
export interface TableOptions {
  now: Date;
  /** `?includeObject=`: None (no object), Metadata (PartialObjectMetadata, the default), Object (all of it). */
  includeObject: 'None' | 'Metadata' | 'Object';
  /** Leave out columnDefinitions: every watch event after the first. */
  noHeaders?: boolean;
  /** The list's resourceVersion and continue token, copied into the Table's metadata. */
  listMeta?: Pick<ListMeta, 'resourceVersion' | 'continue'>;
}

function rowObject(object: KubeObject, includeObject: TableOptions['includeObject']): TableRow['object'] {
  switch (includeObject) {
    case 'None':
      return undefined;
    case 'Object':
      return object;
    default:
      return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata };
  }
}

/**
 * The Table for `objects` of `resource` (plural, e.g. "pods"): one row per object, in the given order. A single
 * GET or one watch event is a Table of one row. Pure: ages are measured against `options.now`.
 */
export function tableFor(resource: string, objects: readonly KubeObject[], options: TableOptions): Table {
  const printer = PRINTERS[resource] ?? DEFAULT_PRINTER;
  const metadata: Table['metadata'] = {};
  if (options.listMeta?.resourceVersion !== undefined) metadata.resourceVersion = options.listMeta.resourceVersion;
  if (options.listMeta?.continue !== undefined) metadata.continue = options.listMeta.continue;
  const rows = objects.map((object): TableRow => {
    const row: TableRow = printer.row(object, options.now);
    const included = rowObject(object, options.includeObject);
    if (included) row.object = included;
    return row;
  });
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    ...(options.noHeaders ? {} : { columnDefinitions: printer.columns.map((c) => ({ ...c })) }),
    rows,
  };
}
