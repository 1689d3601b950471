// The protobuf wire format (protobuf.dev/programming-guides/encoding): a message is a run of fields, each a varint
// key (field number << 3 | wire type) followed by its value. This reader knows nothing about schemas; it only splits
// a message into fields, checking every length against the bytes that are really there.

/** Why a body could not be decoded; the API server turns each into a `Status` (see `decode.ts`). */
export type ProtobufErrorReason =
  | 'Malformed' // the bytes are not a well-formed protobuf message
  | 'NotKubernetesProtobuf' // the `k8s\0` envelope is missing or wrong
  | 'UnsupportedKind' // the envelope names a kind we have no schema for
  | 'UnsupportedEncoding'; // the envelope asks for a content encoding (e.g. gzip) we do not speak

/** The one error the protobuf decoder throws; `reason` says which of the failures above it is. */
export class ProtobufError extends Error {
  constructor(
    readonly reason: ProtobufErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'ProtobufError';
  }
}

/** One field as it appears on the wire, before a schema gives it a meaning. */
export type WireField =
  | { number: number; wireType: 'varint'; value: bigint }
  | { number: number; wireType: 'fixed64'; bytes: Uint8Array }
  | { number: number; wireType: 'length-delimited'; bytes: Uint8Array }
  | { number: number; wireType: 'fixed32'; bytes: Uint8Array };

export type WireType = WireField['wireType'];

/** A varint is at most 10 bytes (64 bits, 7 per byte); anything longer is malformed, not a bigger number. */
const MAX_VARINT_BYTES = 10;

/** Reads one varint at `offset`; returns its value and the offset just past it. */
export function readVarint(bytes: Uint8Array, offset: number): { value: bigint; next: number } {
  let value = 0n;
  for (let i = 0; i < MAX_VARINT_BYTES; i++) {
    const at = offset + i;
    if (at >= bytes.length) throw malformed(`truncated varint at byte ${offset}`);
    const byte = bytes[at]!;
    value |= BigInt(byte & 0x7f) << BigInt(7 * i);
    if ((byte & 0x80) === 0) return { value: BigInt.asUintN(64, value), next: at + 1 };
  }
  throw malformed(`varint longer than ${MAX_VARINT_BYTES} bytes at byte ${offset}`);
}

/** Splits one message into its fields, in wire order. Every step consumes at least one byte, so it always ends. */
export function readFields(bytes: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const key = readVarint(bytes, offset);
    offset = key.next;
    const number = Number(key.value >> 3n);
    const wireType = Number(key.value & 7n);
    if (number < 1 || number > 0x1fffffff) throw malformed(`invalid field number ${number}`);
    switch (wireType) {
      case 0: {
        const value = readVarint(bytes, offset);
        offset = value.next;
        fields.push({ number, wireType: 'varint', value: value.value });
        break;
      }
      case 1:
        fields.push({ number, wireType: 'fixed64', bytes: take(bytes, offset, 8, number) });
        offset += 8;
        break;
      case 2: {
        const length = readVarint(bytes, offset);
        offset = length.next;
        if (length.value > BigInt(bytes.length - offset)) {
          throw malformed(`field ${number} claims ${length.value} bytes but only ${bytes.length - offset} remain`);
        }
        const size = Number(length.value);
        fields.push({ number, wireType: 'length-delimited', bytes: bytes.subarray(offset, offset + size) });
        offset += size;
        break;
      }
      case 5:
        fields.push({ number, wireType: 'fixed32', bytes: take(bytes, offset, 4, number) });
        offset += 4;
        break;
      default:
        // 3 and 4 are the long-deprecated groups, which Kubernetes never uses; 6 and 7 do not exist.
        throw malformed(`unsupported wire type ${wireType} for field ${number}`);
    }
  }
  return fields;
}

/** Reads a packed run of varints (a `repeated int32` sent as one length-delimited field). */
export function readPackedVarints(bytes: Uint8Array): bigint[] {
  const values: bigint[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const value = readVarint(bytes, offset);
    values.push(value.value);
    offset = value.next;
  }
  return values;
}

function take(bytes: Uint8Array, offset: number, size: number, number: number): Uint8Array {
  if (offset + size > bytes.length) throw malformed(`truncated ${size * 8}-bit value in field ${number}`);
  return bytes.subarray(offset, offset + size);
}

function malformed(message: string): ProtobufError {
  return new ProtobufError('Malformed', message);
}
