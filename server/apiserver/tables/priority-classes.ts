// `kubectl get priorityclasses`: NAME VALUE GLOBAL-DEFAULT AGE PREEMPTIONPOLICY. As upstream's printPriorityClass.

import type { KubeObject } from '../../api/meta.js';
import { translateTimestampSince } from './duration.js';
import { ageColumn, column, nameColumn } from './format.js';
import type { PrintedRow, TableColumnDefinition } from './types.js';

/** PriorityClass columns; upstream gives PREEMPTIONPOLICY priority 0, so it shows without -o wide. */
export const priorityClassColumns: TableColumnDefinition[] = [
  nameColumn(),
  column('Value', 'integer', 'The priority pods of this class get.'),
  column('Global-Default', 'boolean', 'Whether pods without a class get this one.'),
  ageColumn(),
  column('PreemptionPolicy', 'string', 'Whether pods of this class may preempt lower-priority pods.'),
];

/** One priorityclass row (value, globalDefault and preemptionPolicy are top-level fields of the kind). */
export function printPriorityClass(object: KubeObject, now: Date): PrintedRow {
  return {
    cells: [
      object.metadata.name ?? '',
      typeof object.value === 'number' ? object.value : 0,
      object.globalDefault === true,
      translateTimestampSince(object.metadata.creationTimestamp, now),
      typeof object.preemptionPolicy === 'string' ? object.preemptionPolicy : '',
    ],
  };
}
