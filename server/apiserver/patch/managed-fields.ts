// metadata.managedFields bookkeeping: who owns which fields, and the `Update` side of it that every non-apply
// write (POST, PUT, non-apply PATCH) records, so that appliers see conflicts with imperative writers.
import type { KubeObject, ManagedFieldsEntry } from '../../api/meta.js';
import {
  decodePath,
  sameValueAt,
  fieldSetOf,
  fromFieldsV1,
  ownedContent,
  toFieldsV1,
  type FieldSet,
} from './field-set.js';
import { deepEqual, type JsonObject } from './json-value.js';
import { patchSchemaFor } from './patch-schema.js';

/** A managedFields entry with its field set decoded. */
export interface Manager {
  entry: ManagedFieldsEntry;
  fields: FieldSet;
}

/** Who is writing, and when: the fieldManager query parameter and the server's clock (RFC 3339, seconds). */
export interface WriteContext {
  manager: string;
  now: string;
  subresource?: string;
}

/** Same manager slot as upstream: Apply entries are keyed by manager; Update entries by manager + subresource. */
export function sameSlot(
  entry: ManagedFieldsEntry,
  manager: string,
  operation: 'Apply' | 'Update',
  subresource?: string,
): boolean {
  return (
    entry.manager === manager && entry.operation === operation && (entry.subresource ?? '') === (subresource ?? '')
  );
}

export function readManagers(object: KubeObject | undefined): Manager[] {
  return (object?.metadata.managedFields ?? []).map((entry) => ({ entry, fields: fromFieldsV1(entry.fieldsV1) }));
}

/** Entries with no fields left are dropped, as upstream does. */
export function writeManagers(managers: Manager[]): ManagedFieldsEntry[] {
  return managers
    .filter((m) => m.fields.size > 0)
    .map((m) => ({ ...m.entry, fieldsType: 'FieldsV1' as const, fieldsV1: toFieldsV1(m.fields) }));
}

/** The fields of an object that ownership is tracked for, per its kind's schema. */
export function ownedFieldSet(object: KubeObject): FieldSet {
  return fieldSetOf(ownedContent(object as unknown as JsonObject), patchSchemaFor(object.apiVersion, object.kind));
}

/**
 * Records a non-apply write (`before` undefined for a create): the writer's `Update` entry gains every field it
 * added or changed, those fields are taken from every other manager (an update always wins), and fields the
 * write removed are dropped from everyone. Returns `after` with `metadata.managedFields` set; a write that
 * changes nothing keeps the old entries untouched. A write that itself changes managedFields keeps what the
 * client sent, as upstream does (kubectl's client-side to server-side apply migration patches them directly).
 */
export function recordUpdate(before: KubeObject | undefined, after: KubeObject, context: WriteContext): KubeObject {
  const sent = after.metadata.managedFields;
  if (before && sent !== undefined && !deepEqual(sent, before.metadata.managedFields)) return after;
  const beforeFields = before ? ownedFieldSet(before) : new Set<string>();
  const afterFields = ownedFieldSet(after);
  const changed = [...afterFields].filter(
    (path) =>
      !beforeFields.has(path) ||
      !sameValueAt(before as unknown as JsonObject, after as unknown as JsonObject, decodePath(path)),
  );
  const removed = [...beforeFields].some((path) => !afterFields.has(path));
  const managers = readManagers(before);
  if (changed.length === 0 && !removed) {
    return withManagedFields(after, before?.metadata.managedFields);
  }
  let own = managers.find((m) => sameSlot(m.entry, context.manager, 'Update', context.subresource));
  if (!own) {
    own = { entry: newEntry(context, 'Update', after.apiVersion), fields: new Set() };
    managers.push(own);
  }
  for (const m of managers) {
    m.fields = new Set([...m.fields].filter((path) => afterFields.has(path) && (m === own || !changed.includes(path))));
  }
  for (const path of changed) own.fields.add(path);
  own.entry = { ...own.entry, apiVersion: after.apiVersion, time: context.now };
  return withManagedFields(after, writeManagers(managers));
}

/** A fresh managedFields entry for `manager`. */
export function newEntry(context: WriteContext, operation: 'Apply' | 'Update', apiVersion: string): ManagedFieldsEntry {
  return {
    manager: context.manager,
    operation,
    apiVersion,
    time: context.now,
    fieldsType: 'FieldsV1',
    fieldsV1: {},
    ...(context.subresource ? { subresource: context.subresource } : {}),
  };
}

/** `object` with its managedFields replaced (or removed when there are none). */
export function withManagedFields(object: KubeObject, entries: ManagedFieldsEntry[] | undefined): KubeObject {
  const metadata = { ...object.metadata };
  if (entries && entries.length > 0) metadata.managedFields = entries;
  else delete metadata.managedFields;
  return { ...object, metadata };
}
