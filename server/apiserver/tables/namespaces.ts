// `kubectl get namespaces`: NAME STATUS AGE. As upstream's printNamespace.

import type { KubeObject } from '../../api/meta.js';
import { translateTimestampSince } from './duration.js';
import { ageColumn, column, nameColumn } from './format.js';
import type { PrintedRow, TableColumnDefinition } from './types.js';

/** Namespace columns. */
export const namespaceColumns: TableColumnDefinition[] = [
  nameColumn(),
  column('Status', 'string', 'The status of the namespace'),
  ageColumn(),
];

/** One namespace row: STATUS is status.phase (Active or Terminating) as stored. */
export function printNamespace(object: KubeObject, now: Date): PrintedRow {
  const status = object.status as { phase?: string } | undefined;
  return {
    cells: [
      object.metadata.name ?? '',
      status?.phase ?? '',
      translateTimestampSince(object.metadata.creationTimestamp, now),
    ],
  };
}
