// components.schemas of an OpenAPI v3 document, built from client-node's models under upstream's names
// (`io.k8s.api.core.v1.Pod`, `io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`), with the extensions kubectl
// reads: `x-kubernetes-group-version-kind` on kinds, patch strategies and merge keys on list fields.
import { patchExtensions, requiredFields, type PatchTags } from './field-facts.js';
import {
  groupPackage,
  modelClosure,
  modelFields,
  modelForKind,
  parseFieldType,
  splitModelName,
  type FieldType,
  type ModelField,
} from './models.js';

export type Schema = Record<string, unknown>;

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** A model the document must describe, with the group whose package its own types belong to. */
export interface SchemaRoot {
  model: string;
  group: string;
  /** Set on top-level kinds (and their lists): the schema then carries `x-kubernetes-group-version-kind`. */
  gvk?: GroupVersionKind;
}

export const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const TIME = `${META}.Time`;
const MICRO_TIME = `${META}.MicroTime`;
const FIELDS_V1 = `${META}.FieldsV1`;
const RAW_EXTENSION = 'io.k8s.apimachinery.pkg.runtime.RawExtension';
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
export const PATCH = `${META}.Patch`;

/** Schemas upstream names for types that client-node flattens to strings or `any`. */
const WELL_KNOWN: Readonly<Record<string, Schema>> = {
  [TIME]: { type: 'string', format: 'date-time' },
  [MICRO_TIME]: { type: 'string', format: 'date-time' },
  [FIELDS_V1]: { type: 'object' },
  [RAW_EXTENSION]: { type: 'object' },
  [INT_OR_STRING]: { format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] },
  [PATCH]: { type: 'object' },
};

// Types of k8s.io/apimachinery's meta/v1 package (client-node names them V1<Type> like any core type).
const META_TYPES = new Set([
  'ObjectMeta',
  'ListMeta',
  'LabelSelector',
  'LabelSelectorRequirement',
  'OwnerReference',
  'ManagedFieldsEntry',
  'Status',
  'StatusDetails',
  'StatusCause',
  'DeleteOptions',
  'Preconditions',
  'Condition',
  'WatchEvent',
  'APIResourceList',
  'APIResource',
  'APIGroup',
  'APIGroupList',
  'APIVersions',
  'GroupVersionForDiscovery',
  'ServerAddressByClientCIDR',
  'FieldSelectorRequirement',
]);

// The kinds of core/v1: every non-meta type they reach lives in package core/v1.
const CORE_KINDS = [
  'Pod',
  'PodTemplate',
  'ReplicationController',
  'Service',
  'Node',
  'Namespace',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'ConfigMap',
  'Secret',
  'ServiceAccount',
  'Endpoints',
  'Event',
  'LimitRange',
  'ResourceQuota',
  'Binding',
  'ComponentStatus',
];

export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

/** Names models as upstream's definitions; `owner` is the group of the kind through which a type was reached. */
export class SchemaNamer {
  private readonly coreTypes: ReadonlySet<string>;

  constructor() {
    const coreKinds = CORE_KINDS.map((kind) => modelForKind('', 'v1', kind));
    this.coreTypes = new Set(modelClosure(coreKinds.filter((model): model is string => model !== undefined)));
  }

  name(model: string, owner: string): string | undefined {
    const parts = splitModelName(model);
    if (!parts) return undefined;
    if (!parts.pkg && META_TYPES.has(parts.type)) return `${META}.${parts.type}`;
    const pkg = parts.pkg ?? (this.coreTypes.has(model) ? 'core' : groupPackage(owner));
    return `io.k8s.api.${pkg}.${parts.version}.${parts.type}`;
  }
}

/**
 * Builds the components of one document: every root and everything it references, each under one name.
 * `names` maps each model to its component name.
 */
export function buildSchemas(
  roots: readonly SchemaRoot[],
  namer: SchemaNamer,
  tags: PatchTags,
): { schemas: Record<string, Schema>; names: ReadonlyMap<string, string> } {
  const names = new Map<string, string>();
  for (const root of roots) {
    for (const model of modelClosure([root.model])) {
      const name = names.has(model) ? undefined : namer.name(model, root.group);
      if (name) names.set(model, name);
    }
  }
  const gvks = new Map<string, GroupVersionKind>();
  for (const root of roots) if (root.gvk) gvks.set(root.model, root.gvk);

  const schemas: Record<string, Schema> = {};
  const fieldSchema = (field: ModelField, type: FieldType): Schema => {
    switch (type.kind) {
      case 'primitive':
        return primitiveSchema(type.type, field.format, schemas);
      case 'intOrString':
        return use(INT_OR_STRING, schemas);
      case 'any':
        return use(field.baseName === 'fieldsV1' ? FIELDS_V1 : RAW_EXTENSION, schemas);
      case 'model': {
        const name = names.get(type.name);
        return name ? ref(name) : { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
      }
      case 'array':
        return { type: 'array', items: fieldSchema(field, type.items) };
      case 'map':
        return { type: 'object', additionalProperties: fieldSchema(field, type.values) };
    }
  };

  for (const [model, name] of names) {
    const properties: Record<string, Schema> = {};
    for (const field of modelFields(model) ?? []) {
      const type = parseFieldType(field.type);
      const meta = tags.get(model)?.get(field.baseName);
      const schema = fieldSchema(field, type);
      properties[field.baseName] = meta ? withExtensions(schema, patchExtensions(meta, type.kind === 'array')) : schema;
    }
    const required = requiredFields(model);
    const gvk = gvks.get(model);
    schemas[name] = {
      ...(gvk ? { description: kindDescription(gvk) } : {}),
      type: 'object',
      properties,
      ...(required.length > 0 ? { required } : {}),
      ...(gvk ? { 'x-kubernetes-group-version-kind': [gvk] } : {}),
    };
  }
  use(PATCH, schemas);
  const sorted = Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));
  return { schemas: sorted, names };
}

/** Adds a shared schema such as Time to the components and refers to it. */
function use(name: string, schemas: Record<string, Schema>): Schema {
  const schema = WELL_KNOWN[name];
  if (schema) schemas[name] = schema;
  return ref(name);
}

function primitiveSchema(
  type: 'string' | 'number' | 'boolean' | 'date',
  format: string,
  schemas: Record<string, Schema>,
) {
  switch (type) {
    case 'date':
      return use(format === 'date-time-micro' ? MICRO_TIME : TIME, schemas);
    case 'number':
      if (format === 'int32' || format === 'int64') return { type: 'integer', format };
      return format ? { type: 'number', format } : { type: 'number' };
    case 'string':
      return format ? { type: 'string', format } : { type: 'string' };
    case 'boolean':
      return { type: 'boolean' };
  }
}

/** A `$ref` cannot carry siblings in OpenAPI 3.0, so upstream wraps it in `allOf` when extensions sit beside it. */
function withExtensions(schema: Schema, extensions: Record<string, unknown>): Schema {
  return '$ref' in schema ? { allOf: [schema], ...extensions } : { ...schema, ...extensions };
}

function kindDescription({ group, version, kind }: GroupVersionKind): string {
  const apiVersion = group ? `${group}/${version}` : version;
  if (kind.endsWith('List')) return `A list of ${kind.slice(0, -'List'.length)} objects (${apiVersion}).`;
  return `The ${kind} kind of ${apiVersion}, as kubelab's API server stores and serves it.`;
}
