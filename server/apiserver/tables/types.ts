// The wire shape of meta.k8s.io/v1 Table (apimachinery's metav1.Table), which `kubectl get` prints as it comes.

import type { KubeObject, ObjectMeta } from '../../api/meta.js';

/** One column: `format: 'name'` marks the name column; `priority > 0` columns show only with `-o wide`. */
export interface TableColumnDefinition {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  priority: number;
}

/** A cell is what the column's type says: kubectl prints strings as is and numbers and booleans with %v. */
export type TableCell = string | number | boolean;

/** metav1.TableRowCondition: upstream marks finished pods `Completed` so clients may hide them. */
export interface TableRowCondition {
  type: 'Completed';
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

/** The metadata-only view of an object that a row carries by default (`includeObject=Metadata`). */
export interface PartialObjectMetadata {
  kind: 'PartialObjectMetadata';
  apiVersion: 'meta.k8s.io/v1';
  metadata: ObjectMeta;
}

export interface TableRow {
  cells: TableCell[];
  conditions?: TableRowCondition[];
  /** Absent with `includeObject=None`; kubectl reads namespace and labels from it for `-A`, `-L`, `--show-labels`. */
  object?: PartialObjectMetadata | KubeObject;
}

/** metav1.Table. `columnDefinitions` is left out when headers are not wanted (every watch event after the first). */
export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string };
  columnDefinitions?: TableColumnDefinition[];
  rows: TableRow[];
}

/** What a row function returns: the cells in column order (all columns, wide ones too, as the apiserver does). */
export interface PrintedRow {
  cells: TableCell[];
  conditions?: TableRowCondition[];
}

/** A printer for one resource: its columns and how one object becomes one row, as of the clock `now`. */
export interface Printer {
  columns: TableColumnDefinition[];
  row(object: KubeObject, now: Date): PrintedRow;
}
