// Configuration objects: configmaps, secrets, serviceaccounts. As upstream's printConfigMap, printSecret,
// printServiceAccount.

import type { KubeObject } from '../../api/meta.js';
import { translateTimestampSince } from './duration.js';
import { ageColumn, column, nameColumn } from './format.js';
import type { PrintedRow, TableColumnDefinition } from './types.js';

const count = (map: unknown): number => (map && typeof map === 'object' ? Object.keys(map).length : 0);
const name = (o: KubeObject) => o.metadata.name ?? '';
const age = (o: KubeObject, now: Date) => translateTimestampSince(o.metadata.creationTimestamp, now);

/** ConfigMap columns. */
export const configMapColumns: TableColumnDefinition[] = [
  nameColumn(),
  column('Data', 'string', 'How many keys the config map holds, text and binary.'),
  ageColumn(),
];

/** One configmap row: DATA counts `data` and `binaryData` keys. */
export function printConfigMap(object: KubeObject, now: Date): PrintedRow {
  return { cells: [name(object), count(object.data) + count(object.binaryData), age(object, now)] };
}

/** Secret columns. */
export const secretColumns: TableColumnDefinition[] = [
  nameColumn(),
  column('Type', 'string', 'The type of the secret, such as Opaque or kubernetes.io/tls.'),
  column('Data', 'string', 'How many keys the secret holds.'),
  ageColumn(),
];

/** One secret row. */
export function printSecret(object: KubeObject, now: Date): PrintedRow {
  const type = typeof object.type === 'string' ? object.type : '';
  return { cells: [name(object), type, count(object.data), age(object, now)] };
}

/** ServiceAccount columns. */
export const serviceAccountColumns: TableColumnDefinition[] = [
  nameColumn(),
  column('Secrets', 'string', 'How many secrets the service account lists.'),
  ageColumn(),
];

/** One serviceaccount row. */
export function printServiceAccount(object: KubeObject, now: Date): PrintedRow {
  const secrets = Array.isArray(object.secrets) ? object.secrets.length : 0;
  return { cells: [name(object), secrets, age(object, now)] };
}
