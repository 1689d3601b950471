// The structure of the Kubernetes API types, read from the models @kubernetes/client-node generates from the
// upstream OpenAPI spec: each model class lists its fields as `attributeTypeMap` entries ({baseName, type,
// format}). The OpenAPI documents and the unknown-field check both walk this one source. Only the models are
// imported: the whole package (its HTTP client and dependencies) cost the API server ~50 MB and 1.7 s at start.
import * as clientNode from '@kubernetes/client-node/dist/gen/models/all.js';

/** One field of a model, as the generator wrote it: `type` is a TypeScript type string such as `Array<V1Container>`. */
export interface ModelField {
  baseName: string;
  type: string;
  format: string;
}

/** A field's type, parsed: a primitive, a model, a list or a string-keyed map of another type, or anything. */
export type FieldType =
  | { kind: 'primitive'; type: 'string' | 'number' | 'boolean' | 'date' }
  | { kind: 'intOrString' }
  | { kind: 'any' }
  | { kind: 'model'; name: string }
  | { kind: 'array'; items: FieldType }
  | { kind: 'map'; values: FieldType };

const exported: Readonly<Record<string, unknown>> = clientNode;

function isModelField(value: unknown): value is ModelField {
  if (typeof value !== 'object' || value === null) return false;
  const field = value as Record<string, unknown>;
  return typeof field.baseName === 'string' && typeof field.type === 'string' && typeof field.format === 'string';
}

/** The fields of a model class such as `V1PodSpec`, or undefined when client-node has no such model. */
export function modelFields(name: string): readonly ModelField[] | undefined {
  const model = exported[name];
  if (typeof model !== 'function') return undefined;
  const map: unknown = (model as { attributeTypeMap?: unknown }).attributeTypeMap;
  return Array.isArray(map) && map.every(isModelField) ? map : undefined;
}

const ARRAY = /^Array<(.+)>$/;
const MAP = /^\{ \[key: string\]: (.+); \}$/;

/** Parses a generator type string (`string`, `Date`, `Array<X>`, `{ [key: string]: X; }`, `V1X`, `any`). */
export function parseFieldType(type: string): FieldType {
  const array = ARRAY.exec(type);
  if (array?.[1]) return { kind: 'array', items: parseFieldType(array[1]) };
  const map = MAP.exec(type);
  if (map?.[1]) return { kind: 'map', values: parseFieldType(map[1]) };
  switch (type) {
    case 'string':
    case 'number':
    case 'boolean':
      return { kind: 'primitive', type };
    case 'Date':
      return { kind: 'primitive', type: 'date' };
    case 'IntOrString':
      return { kind: 'intOrString' };
    case 'any':
      return { kind: 'any' };
    default:
      return { kind: 'model', name: type };
  }
}

/** The model a field leads to once lists and maps are unwrapped, if it leads to one. */
export function innerModel(type: FieldType): string | undefined {
  if (type.kind === 'model') return type.name;
  if (type.kind === 'array') return innerModel(type.items);
  if (type.kind === 'map') return innerModel(type.values);
  return undefined;
}

/** The models a model's fields refer to, directly. */
export function referencedModels(name: string): string[] {
  const names = (modelFields(name) ?? []).map((field) => innerModel(parseFieldType(field.type)));
  return names.filter((model): model is string => model !== undefined);
}

/** Every model reachable from `roots` (roots included), in breadth-first order. */
export function modelClosure(roots: Iterable<string>): string[] {
  const seen = new Set<string>();
  const queue = [...roots].filter((name) => modelFields(name));
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    if (seen.has(next)) continue;
    seen.add(next);
    queue.push(...referencedModels(next).filter((name) => !seen.has(name)));
  }
  return [...seen];
}

/** `v1` → `V1`, `v1beta1` → `V1beta1`: the version part of a model class name. */
function versionPrefix(version: string): string {
  return version.charAt(0).toUpperCase() + version.slice(1);
}

/** The upstream Go package name of an API group: `''` → `core`, `discovery.k8s.io` → `discovery`. */
export function groupPackage(group: string): string {
  return group === '' ? 'core' : (group.split('.')[0] ?? group);
}

/**
 * The client-node model of a top-level kind. Where two groups share a kind name the generator prefixes the group
 * (`CoreV1Event` next to `EventsV1Event`), so the prefixed name is tried first.
 */
export function modelForKind(group: string, version: string, kind: string): string | undefined {
  const pkg = groupPackage(group);
  const prefixed = `${pkg.charAt(0).toUpperCase()}${pkg.slice(1)}${versionPrefix(version)}${kind}`;
  const plain = `${versionPrefix(version)}${kind}`;
  return [prefixed, plain].find((name) => modelFields(name));
}

/** The model of `apiVersion` + `kind` as objects carry them (`apps/v1`, `Deployment`). */
export function modelForApiVersion(apiVersion: string, kind: string): string | undefined {
  const slash = apiVersion.indexOf('/');
  const [group, version] = slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
  return modelForKind(group, version, kind);
}

// The generator's group prefixes for names that clash across groups, and the Go package each stands for.
const GROUP_PREFIX =
  /^(Admissionregistration|Apiextensions|Apiregistration|Authentication|Core|Discovery|Events|Flowcontrol|Rbac|Resource|Storage)?(V\d+(?:alpha\d+|beta\d+)?)([A-Z]\w*)$/;

/** Splits `DiscoveryV1EndpointPort` into its group package (if named), version and type name. */
export function splitModelName(name: string): { pkg?: string; version: string; type: string } | undefined {
  const match = GROUP_PREFIX.exec(name);
  if (!match?.[2] || !match[3]) return undefined;
  const version = match[2].charAt(0).toLowerCase() + match[2].slice(1);
  return { ...(match[1] ? { pkg: match[1].toLowerCase() } : {}), version, type: match[3] };
}
