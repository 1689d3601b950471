// Values of the wrong JSON type (a string where an integer belongs), which upstream's JSON decoder refuses before
// anything else looks at the object: `json: cannot unmarshal string into Go struct field ... of type int32`.
import { modelFields, modelForApiVersion, parseFieldType, type FieldType, type ModelField } from './models.js';

/** Fields whose strings are quantities, which manifests may also write as plain numbers (`cpu: 1`). */
const QUANTITY_FIELDS = new Set([
  'limits',
  'requests',
  'capacity',
  'allocatable',
  'overhead',
  'hard',
  'used',
  'sizeLimit',
  'storage',
]);

/** Models the client library describes as classes but that travel as strings (metav1.MicroTime). */
const STRING_MODELS = new Set(['V1MicroTime', 'V1Time']);

export interface TypeError {
  path: string;
  /** What JSON had: string, number, bool, array, object. */
  found: string;
  /** What the field is: string, integer, number, boolean, object, array. */
  expected: string;
}

/** The first-found type errors of `object` against its kind's schema (none for kinds without one). */
export function typeErrors(apiVersion: string, kind: string, object: unknown): TypeError[] {
  const model = modelForApiVersion(apiVersion, kind);
  const found: TypeError[] = [];
  if (model) check({ kind: 'model', name: model }, undefined, object, '', found, false);
  return found;
}

/** Upstream's decoding error for the first type error. */
export function typeErrorMessage(apiVersion: string, kind: string, error: TypeError): string {
  const version = apiVersion.slice(apiVersion.indexOf('/') + 1);
  return `${kind} in version "${version}" cannot be handled as a ${kind}: json: cannot unmarshal ${error.found} into Go struct field ${error.path} of type ${error.expected}`;
}

function check(
  type: FieldType,
  field: ModelField | undefined,
  value: unknown,
  path: string,
  found: TypeError[],
  quantity: boolean,
): void {
  if (value === null || value === undefined) return;
  const jsonType = Array.isArray(value) ? 'array' : typeof value === 'boolean' ? 'bool' : typeof value;
  const wrong = (expected: string) => found.push({ path, found: jsonType, expected });
  switch (type.kind) {
    case 'primitive':
      if (type.type === 'string' || type.type === 'date') {
        if (jsonType !== 'string' && !(quantity && jsonType === 'number')) wrong('string');
      } else if (type.type === 'number') {
        const integer = field?.format?.startsWith('int') ?? false;
        if (jsonType !== 'number' || (integer && !Number.isInteger(value)))
          wrong(integer ? (field?.format ?? 'int') : 'float64');
      } else if (jsonType !== 'bool') wrong('bool');
      return;
    case 'intOrString':
      if (jsonType !== 'string' && !(jsonType === 'number' && Number.isInteger(value))) wrong('intstr.IntOrString');
      return;
    case 'any':
      return;
    case 'model': {
      if (STRING_MODELS.has(type.name)) {
        if (jsonType !== 'string') wrong('string');
        return;
      }
      if (jsonType !== 'object') return void wrong(`v1.${type.name.replace(/^V\d\w*?(?=[A-Z])/, '')}`);
      const fields = new Map((modelFields(type.name) ?? []).map((f) => [f.baseName, f]));
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        const child = fields.get(key);
        if (child) check(parseFieldType(child.type), child, item, join(path, key), found, QUANTITY_FIELDS.has(key));
      }
      return;
    }
    case 'array':
      if (jsonType !== 'array') return void wrong('[]' + describe(type.items));
      (value as unknown[]).forEach((item, index) =>
        check(type.items, undefined, item, `${path}[${index}]`, found, quantity),
      );
      return;
    case 'map':
      if (jsonType !== 'object') return void wrong('map[string]' + describe(type.values));
      for (const [key, item] of Object.entries(value as Record<string, unknown>))
        check(type.values, undefined, item, join(path, key), found, quantity);
      return;
  }
}

function describe(type: FieldType): string {
  if (type.kind === 'primitive') return type.type === 'number' ? 'int' : type.type;
  if (type.kind === 'model') return type.name;
  return type.kind;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
