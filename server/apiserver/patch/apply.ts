// Server-side apply (`kubectl apply --server-side`, Content-Type application/apply-patch+yaml): create if absent,
// else merge the applied configuration into the live object while tracking field ownership in managedFields.
//
// Simplified from upstream's structured-merge-diff, on purpose:
// - list semantics come from the strategic-merge schema (see field-set.ts), not from OpenAPI listType;
// - conflicts are checked on leaf fields only: a field conflicts when another manager owns it and the applied
//   value differs from the live one;
// - a field the manager applied before and omits now is removed unless another manager owns it or something
//   below it; no version conversion (the applied apiVersion is recorded as given).
import type { KubeObject, ManagedFieldsEntry } from '../../api/meta.js';
import {
  decodePath,
  encodePath,
  fieldSetOf,
  ownedContent,
  pathToString,
  removeAt,
  valueAt,
  type FieldSet,
} from './field-set.js';
import { cloneJson, deepEqual, type JsonObject } from './json-value.js';
import {
  newEntry,
  ownedFieldSet,
  readManagers,
  sameSlot,
  withManagedFields,
  writeManagers,
  type Manager,
  type WriteContext,
} from './managed-fields.js';
import { PatchError } from './patch-error.js';
import { patchSchemaFor } from './patch-schema.js';
import { strategicMergePatch } from './strategic-merge-patch.js';

/** The applier (fieldManager query parameter) and whether it forces ownership of conflicting fields. */
export interface ApplyOptions extends WriteContext {
  force: boolean;
}

/** One field the applier wants to change that another manager owns. */
export interface FieldConflict {
  /** The other manager's entry, for the message (`"kubectl-client-side-apply" using apps/v1 at ...`). */
  owner: ManagedFieldsEntry;
  /** Upstream's display form, e.g. `.spec.replicas`. */
  field: string;
}

/** What an apply did: created the object, applied to it (`changed: false` for a no-op), or found conflicts. */
export type ApplyResult =
  | { kind: 'created'; object: KubeObject }
  | { kind: 'applied'; object: KubeObject; changed: boolean }
  | { kind: 'conflict'; conflicts: FieldConflict[] };

/** Applies `applied` (already parsed and checked to be of the live object's kind) to `live`. */
export function serverSideApply(live: KubeObject | undefined, applied: KubeObject, options: ApplyOptions): ApplyResult {
  if (!live) return { kind: 'created', object: create(applied, options) };
  const schema = patchSchemaFor(live.apiVersion, live.kind);
  const content = ownedContent(applied as unknown as JsonObject);
  const appliedFields = fieldSetOf(content, schema);
  const managers = readManagers(live);
  const own = managers.find((m) => sameSlot(m.entry, options.manager, 'Apply'));
  const others = managers.filter((m) => m !== own);

  const conflicts = findConflicts(live, content, appliedFields, others);
  if (conflicts.length > 0 && !options.force) {
    return { kind: 'conflict', conflicts: conflicts.map(({ owner, path }) => ({ owner: owner.entry, field: path })) };
  }
  for (const { owner, encoded } of conflicts) owner.fields.delete(encoded);

  const merged = strategicMergePatch(withManagedFields(live, undefined) as unknown as JsonObject, content, schema);
  for (const encoded of own?.fields ?? []) {
    if (appliedFields.has(encoded) || others.some((m) => ownsAtOrBelow(m.fields, encoded))) continue;
    removeAt(merged, decodePath(encoded));
  }
  const result = merged as unknown as KubeObject;
  const present = ownedFieldSet(result);
  for (const m of others) m.fields = new Set([...m.fields].filter((path) => present.has(path)));

  const contentChanged = !deepEqual(ownedContent(merged), ownedContent(live as unknown as JsonObject));
  const ownershipChanged = !own || !sameSet(own.fields, appliedFields) || conflicts.length > 0;
  if (!contentChanged && !ownershipChanged) return { kind: 'applied', object: live, changed: false };

  const entry = { ...(own?.entry ?? newEntry(options, 'Apply', applied.apiVersion)), apiVersion: applied.apiVersion };
  const updated: Manager = { entry: { ...entry, time: options.now }, fields: appliedFields };
  const ordered = own ? managers.map((m) => (m === own ? updated : m)) : [...managers, updated];
  return { kind: 'applied', object: withManagedFields(result, writeManagers(ordered)), changed: true };
}

function create(applied: KubeObject, options: ApplyOptions): KubeObject {
  const object = withManagedFields(cloneJson(applied), undefined);
  const fields = ownedFieldSet(object);
  return withManagedFields(object, writeManagers([{ entry: newEntry(options, 'Apply', applied.apiVersion), fields }]));
}

interface RawConflict {
  owner: Manager;
  encoded: string;
  path: string;
}

function findConflicts(
  live: KubeObject,
  content: JsonObject,
  appliedFields: FieldSet,
  others: Manager[],
): RawConflict[] {
  const conflicts: RawConflict[] = [];
  for (const encoded of appliedFields) {
    const path = decodePath(encoded);
    if (!(path[path.length - 1] ?? '').startsWith('f:')) continue;
    const current = valueAt(live as unknown as JsonObject, path);
    if (current === undefined || deepEqual(current, valueAt(content, path))) continue;
    for (const owner of others) {
      if (owner.fields.has(encoded)) conflicts.push({ owner, encoded, path: pathToString(path) });
    }
  }
  return conflicts;
}

function ownsAtOrBelow(fields: FieldSet, encoded: string): boolean {
  const below = encodePath([encoded, '']);
  return fields.has(encoded) || [...fields].some((path) => path.startsWith(below));
}

function sameSet(a: FieldSet, b: FieldSet): boolean {
  return a.size === b.size && [...a].every((path) => b.has(path));
}

/**
 * The 409 for an apply conflict, worded as upstream's apiserver does (`Apply failed with 1 conflict: conflict
 * with "kubectl-client-side-apply" using apps/v1: .spec.replicas`), one FieldManagerConflict cause per field.
 */
export function applyConflictError(conflicts: FieldConflict[]): PatchError {
  const causes = conflicts.map((c) => ({
    type: 'FieldManagerConflict',
    message: `conflict with ${describeManager(c.owner)}`,
    field: c.field,
  }));
  const [only] = conflicts;
  if (conflicts.length === 1 && only) {
    return new PatchError(
      409,
      `Apply failed with 1 conflict: conflict with ${describeManager(only.owner)}: ${only.field}`,
      causes,
    );
  }
  const byManager = new Map<string, string[]>();
  for (const c of conflicts) {
    const name = describeManager(c.owner);
    byManager.set(name, [...(byManager.get(name) ?? []), c.field]);
  }
  const lines = [...byManager.keys()]
    .sort()
    .flatMap((name) => [`conflicts with ${name}:`, ...(byManager.get(name) ?? []).map((field) => `- ${field}`)]);
  return new PatchError(409, `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`, causes);
}

function describeManager(entry: ManagedFieldsEntry): string {
  let name = JSON.stringify(entry.manager);
  if (entry.subresource) name += ` with subresource ${JSON.stringify(entry.subresource)}`;
  if (entry.operation !== 'Update') return name;
  return entry.time ? `${name} using ${entry.apiVersion} at ${entry.time}` : `${name} using ${entry.apiVersion}`;
}
