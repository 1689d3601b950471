// Server-side field validation (`fieldValidation=Strict|Warn`): the fields of a request object that its kind's
// schema does not know, named as upstream's strict JSON decoder names them (`spec.template.spec.containers[0].x`).
import { modelFields, modelForApiVersion, parseFieldType, type FieldType, type ModelField } from './models.js';

type JsonRecord = Record<string, unknown>;

const isRecord = (value: unknown): value is JsonRecord =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The dotted paths of every field in `object` that the schema of `apiVersion`/`kind` does not declare, in document
 * order. Free-form maps (labels, annotations, data, nodeSelector) and `any` fields accept every key; values of the
 * wrong JSON type are left to decoding and validation. A kind without a schema (a custom resource) yields none.
 */
export function unknownFields(apiVersion: string, kind: string, object: unknown): string[] {
  const model = modelForApiVersion(apiVersion, kind);
  const found: string[] = [];
  if (model) walk({ kind: 'model', name: model }, object, '', found);
  return found;
}

function walk(type: FieldType, value: unknown, path: string, found: string[]): void {
  switch (type.kind) {
    case 'model':
      if (isRecord(value)) walkObject(type.name, value, path, found);
      return;
    case 'array':
      if (Array.isArray(value)) value.forEach((item, index) => walk(type.items, item, `${path}[${index}]`, found));
      return;
    case 'map':
      if (isRecord(value))
        for (const [key, item] of Object.entries(value)) walk(type.values, item, join(path, key), found);
      return;
    default:
      return;
  }
}

function walkObject(model: string, value: JsonRecord, path: string, found: string[]): void {
  const fields = new Map<string, ModelField>((modelFields(model) ?? []).map((field) => [field.baseName, field]));
  for (const [key, item] of Object.entries(value)) {
    const field = fields.get(key);
    if (field) walk(parseFieldType(field.type), item, join(path, key), found);
    else found.push(join(path, key));
  }
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** One unknown field as upstream words it, e.g. in a `Warning` header for `fieldValidation=Warn`. */
export function unknownFieldMessage(path: string): string {
  return `unknown field "${path}"`;
}

/**
 * The message of the 400 BadRequest for `fieldValidation=Strict`, as upstream's create/update handlers word it:
 * `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.foo"`.
 */
export function strictDecodingMessage(apiVersion: string, kind: string, paths: readonly string[]): string {
  const version = apiVersion.slice(apiVersion.indexOf('/') + 1);
  const errors = paths.map(unknownFieldMessage).join(', ');
  return `${kind} in version "${version}" cannot be handled as a ${kind}: strict decoding error: ${errors}`;
}
