// `kubectl get leases`: NAME HOLDER AGE. As upstream's printLease.

import type { KubeObject } from '../../api/meta.js';
import { translateTimestampSince } from './duration.js';
import { ageColumn, column, nameColumn } from './format.js';
import type { PrintedRow, TableColumnDefinition } from './types.js';

/** Lease columns. */
export const leaseColumns: TableColumnDefinition[] = [
  nameColumn(),
  column('Holder', 'string', 'The identity of the current holder of the lease.'),
  ageColumn(),
];

/** One lease row: HOLDER is spec.holderIdentity, empty when nobody holds it. */
export function printLease(object: KubeObject, now: Date): PrintedRow {
  const spec = object.spec as { holderIdentity?: string } | undefined;
  return {
    cells: [
      object.metadata.name ?? '',
      spec?.holderIdentity ?? '',
      translateTimestampSince(object.metadata.creationTimestamp, now),
    ],
  };
}
