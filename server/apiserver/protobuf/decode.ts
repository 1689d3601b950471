// Decoding a body sent as application/vnd.kubernetes.protobuf into the object its JSON form would have been.
// kubectl's `create <generator>` commands send protobuf and never retry with JSON, so the API server must read it.
// The envelope is apimachinery's (runtime/serializer/protobuf): the bytes `k8s\0`, then a runtime.Unknown message
// {typeMeta=1 {apiVersion=1, kind=2}, raw=2, contentEncoding=3, contentType=4} whose raw bytes are the object's own
// message, without apiVersion and kind.
import { KIND_MESSAGES, MESSAGES } from './schema-kinds.js';
import { rfc3339 } from '../../api/time.js';
import type { FieldRow, FieldType, ScalarType } from './schema-types.js';
import { ProtobufError, readFields, readPackedVarints, type WireField } from './wire.js';

/** The media type clients send protobuf bodies as. */
export const KUBERNETES_PROTOBUF = 'application/vnd.kubernetes.protobuf';

const MAGIC = [0x6b, 0x38, 0x73, 0x00]; // "k8s\0"

export interface DecodedObject {
  apiVersion: string;
  kind: string;
  /** The object as its JSON body would have been, apiVersion and kind included. */
  object: Record<string, unknown>;
  /** Fields our tables do not know, skipped: `spec.template.spec: field 34 of PodSpec`. For warnings. */
  unknownFields: string[];
}

/**
 * Decodes a Kubernetes protobuf body. Throws `ProtobufError` (never anything else) when the envelope is missing,
 * the bytes are malformed, or the kind has no schema here (the message lists the kinds that do).
 */
export function decodeKubernetesProtobuf(body: Uint8Array): DecodedObject {
  if (body.length < MAGIC.length || MAGIC.some((byte, i) => body[i] !== byte)) {
    throw new ProtobufError(
      'NotKubernetesProtobuf',
      'the body does not start with the Kubernetes protobuf prefix k8s\\0',
    );
  }
  const envelope = readEnvelope(body.subarray(MAGIC.length));
  const message = KIND_MESSAGES[`${envelope.apiVersion}/${envelope.kind}`];
  if (!message) {
    const supported = Object.keys(KIND_MESSAGES).map((key) => key.replace(/\/(?=[^/]*$)/, ' '));
    throw new ProtobufError(
      'UnsupportedKind',
      `kubelab cannot decode ${envelope.apiVersion} ${envelope.kind} from protobuf (it can: ${supported.join(', ')}); send it as JSON`,
    );
  }
  const unknownFields: string[] = [];
  const fields = decodeMessage(envelope.raw, message, '', unknownFields);
  const object = { apiVersion: envelope.apiVersion, kind: envelope.kind, ...fields };
  return { apiVersion: envelope.apiVersion, kind: envelope.kind, object, unknownFields };
}

function readEnvelope(bytes: Uint8Array): { apiVersion: string; kind: string; raw: Uint8Array } {
  let apiVersion = '';
  let kind = '';
  let raw: Uint8Array = new Uint8Array();
  for (const field of readFields(bytes)) {
    if (field.number === 1) {
      for (const typeField of readFields(lengthDelimited(field, 'typeMeta'))) {
        if (typeField.number === 1) apiVersion = text(lengthDelimited(typeField, 'typeMeta.apiVersion'));
        if (typeField.number === 2) kind = text(lengthDelimited(typeField, 'typeMeta.kind'));
      }
    } else if (field.number === 2) {
      raw = lengthDelimited(field, 'raw');
    } else if (field.number === 3) {
      const encoding = text(lengthDelimited(field, 'contentEncoding'));
      if (encoding) throw new ProtobufError('UnsupportedEncoding', `unsupported content encoding ${encoding}`);
    }
  }
  if (!apiVersion || !kind)
    throw new ProtobufError('NotKubernetesProtobuf', 'the envelope names no apiVersion and kind');
  return { apiVersion, kind, raw };
}

/** Decodes one message by its table into `target` (a repeated occurrence of a message field merges, as in proto). */
function decodeMessage(
  bytes: Uint8Array,
  name: string,
  path: string,
  unknownFields: string[],
  target: Record<string, unknown> = {},
): Record<string, unknown> {
  const schema = MESSAGES[name];
  if (!schema) throw new Error(`protobuf schema names a message it does not define: ${name}`);
  for (const field of readFields(bytes)) {
    const row = schema[field.number];
    if (row) decodeField(field, row, path, unknownFields, target);
    else unknownFields.push(`${path || '.'}: field ${field.number} of ${name}`);
  }
  return target;
}

function decodeField(
  field: WireField,
  [json, type, ...flags]: FieldRow,
  parent: string,
  unknownFields: string[],
  target: Record<string, unknown>,
): void {
  const path = parent ? `${parent}.${json}` : json;
  if (flags.includes('inline')) {
    decodeMessage(lengthDelimited(field, path), messageName(type), parent, unknownFields, target);
  } else if (type.startsWith('map<')) {
    const map = (target[json] ??= {}) as Record<string, unknown>;
    const [key, value] = decodeMapEntry(field, type.slice('map<string,'.length, -1) as FieldType, path, unknownFields);
    // defineProperty, not assignment: a client's "__proto__" key stays a key, as JSON.parse keeps it.
    Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
  } else if (flags.includes('repeated')) {
    const list = (target[json] ??= []) as unknown[];
    if (field.wireType === 'length-delimited' && isPackable(type)) {
      for (const value of readPackedVarints(field.bytes)) list.push(varintValue(value, type as ScalarType));
    } else {
      list.push(decodeValue(field, type, `${path}[${list.length}]`, unknownFields));
    }
  } else {
    const previous = target[json];
    const merge = type.startsWith('message:') && isRecord(previous) ? previous : undefined;
    const value = decodeValue(field, type, path, unknownFields, merge);
    // Go writes every non-pointer field; JSON drops the zeros of omitempty ones, so we do too.
    if (isScalar(type) && isZeroScalar(value) && !flags.includes('keep-zero')) delete target[json];
    else target[json] = value;
  }
}

function decodeMapEntry(
  field: WireField,
  valueType: FieldType,
  path: string,
  unknownFields: string[],
): [string, unknown] {
  let key = '';
  let valueField: WireField | undefined;
  for (const entryField of readFields(lengthDelimited(field, path))) {
    if (entryField.number === 1) key = text(lengthDelimited(entryField, `${path} key`));
    if (entryField.number === 2) valueField = entryField;
  }
  const valuePath = `${path}[${key}]`;
  return [key, valueField ? decodeValue(valueField, valueType, valuePath, unknownFields) : zeroValue(valueType)];
}

function decodeValue(
  field: WireField,
  type: FieldType,
  path: string,
  unknownFields: string[],
  merge?: Record<string, unknown>,
): unknown {
  switch (type) {
    case 'string':
      return text(lengthDelimited(field, path));
    case 'bytes':
      return Buffer.from(lengthDelimited(field, path)).toString('base64');
    case 'int32':
    case 'int64':
    case 'bool':
      return varintValue(varint(field, path), type);
    case 'double':
      if (field.wireType !== 'fixed64') throw wrongWireType(path, 'fixed64', field);
      return new DataView(field.bytes.buffer, field.bytes.byteOffset, 8).getFloat64(0, true);
    case 'time':
      return decodeTime(lengthDelimited(field, path), path);
    case 'int-or-string':
      return decodeIntOrString(lengthDelimited(field, path), path);
    case 'quantity':
      return decodeQuantity(lengthDelimited(field, path), path);
    default:
      return decodeMessage(lengthDelimited(field, path), messageName(type), path, unknownFields, merge);
  }
}

/** metav1.Time: seconds since the epoch; upstream drops the nanos and an empty message is the zero time (null). */
function decodeTime(bytes: Uint8Array, path: string): string | null {
  const fields = readFields(bytes);
  if (fields.length === 0) return null;
  const seconds = fields.filter((field) => field.number === 1).at(-1);
  const time = new Date(Number(seconds ? varintValue(varint(seconds, path), 'int64') : 0) * 1000);
  if (Number.isNaN(time.getTime())) throw new ProtobufError('Malformed', `${path}: time out of range`);
  return rfc3339(time);
}

/** intstr.IntOrString: type 0 is the int, type 1 the string. */
function decodeIntOrString(bytes: Uint8Array, path: string): number | string {
  let kind = 0;
  let intVal = 0;
  let strVal = '';
  for (const field of readFields(bytes)) {
    if (field.number === 1) kind = Number(varintValue(varint(field, `${path}.type`), 'int64'));
    if (field.number === 2) intVal = Number(varintValue(varint(field, `${path}.intVal`), 'int32'));
    if (field.number === 3) strVal = text(lengthDelimited(field, `${path}.strVal`));
  }
  return kind === 1 ? strVal : intVal;
}

/** resource.Quantity travels as its canonical string ("100m", "64Mi"). */
function decodeQuantity(bytes: Uint8Array, path: string): string {
  let quantity = '0';
  for (const field of readFields(bytes)) {
    if (field.number === 1) quantity = text(lengthDelimited(field, path));
  }
  return quantity;
}

function varintValue(value: bigint, type: ScalarType): number | boolean {
  if (type === 'bool') return value !== 0n;
  if (type === 'int32') return Number(BigInt.asIntN(32, value));
  return Number(BigInt.asIntN(64, value));
}

function varint(field: WireField, path: string): bigint {
  if (field.wireType !== 'varint') throw wrongWireType(path, 'varint', field);
  return field.value;
}

function lengthDelimited(field: WireField, path: string): Uint8Array {
  if (field.wireType !== 'length-delimited') throw wrongWireType(path, 'length-delimited', field);
  return field.bytes;
}

function wrongWireType(path: string, expected: string, field: WireField): ProtobufError {
  return new ProtobufError('Malformed', `${path}: expected a ${expected} field, got ${field.wireType}`);
}

function text(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
}

function messageName(type: FieldType): string {
  return type.slice('message:'.length);
}

function isPackable(type: FieldType): boolean {
  return type === 'int32' || type === 'int64' || type === 'bool';
}

function zeroValue(type: FieldType): unknown {
  if (type === 'string' || type === 'bytes') return '';
  if (type === 'int32' || type === 'int64' || type === 'double') return 0;
  if (type === 'bool') return false;
  if (type === 'time') return null;
  if (type === 'quantity') return '0';
  if (type === 'int-or-string') return 0;
  return {};
}

function isScalar(type: FieldType): type is ScalarType {
  return ['string', 'int32', 'int64', 'bool', 'bytes', 'double'].includes(type);
}

function isZeroScalar(value: unknown): boolean {
  return value === '' || value === 0 || value === false;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
