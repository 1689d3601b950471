import { describe, expect, it } from 'vitest';
import { ProtobufError, readFields, readPackedVarints, readVarint } from '../../../server/apiserver/protobuf/wire.js';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('readVarint', () => {
  it.each([
    { input: [0x00], value: 0n, next: 1 },
    { input: [0x01], value: 1n, next: 1 },
    { input: [0x96, 0x01], value: 150n, next: 2 },
    { input: [0xff, 0xff, 0xff, 0xff, 0x0f], value: 0xffffffffn, next: 5 },
    { input: [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], value: 2n ** 64n - 1n, next: 10 },
  ])('reads $value from $input', ({ input, value, next }) => {
    expect(readVarint(bytes(...input), 0)).toEqual({ value, next });
  });

  it('rejects a varint that runs off the end', () => {
    expect(() => readVarint(bytes(0x96), 0)).toThrow(ProtobufError);
  });

  it('rejects a varint longer than ten bytes instead of reading on', () => {
    expect(() => readVarint(new Uint8Array(11).fill(0xff), 0)).toThrow(/longer than 10 bytes/);
  });
});

describe('readFields', () => {
  it('splits a message into varint, fixed64, length-delimited and fixed32 fields', () => {
    const message = bytes(0x08, 0x96, 0x01, 0x11, 1, 2, 3, 4, 5, 6, 7, 8, 0x1a, 0x02, 0x68, 0x69, 0x25, 9, 8, 7, 6);
    expect(readFields(message)).toEqual([
      { number: 1, wireType: 'varint', value: 150n },
      { number: 2, wireType: 'fixed64', bytes: bytes(1, 2, 3, 4, 5, 6, 7, 8) },
      { number: 3, wireType: 'length-delimited', bytes: bytes(0x68, 0x69) },
      { number: 4, wireType: 'fixed32', bytes: bytes(9, 8, 7, 6) },
    ]);
  });

  it('reads an empty message as no fields', () => {
    expect(readFields(new Uint8Array())).toEqual([]);
  });

  it.each([
    { name: 'a length past the end', input: [0x0a, 0x05, 0x61] },
    { name: 'a length of 2^63', input: [0x0a, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01] },
    { name: 'a truncated fixed64', input: [0x09, 1, 2, 3] },
    { name: 'a truncated fixed32', input: [0x0d, 1, 2] },
    { name: 'a key with no value', input: [0x08] },
    { name: 'field number 0', input: [0x00, 0x01] },
    { name: 'a group (wire type 3)', input: [0x0b] },
    { name: 'wire type 7', input: [0x0f] },
  ])('rejects $name as malformed', ({ input }) => {
    const error = (() => {
      try {
        readFields(bytes(...input));
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ProtobufError);
    expect((error as ProtobufError).reason).toBe('Malformed');
  });
});

describe('readPackedVarints', () => {
  it('reads a packed run of varints', () => {
    expect(readPackedVarints(bytes(0x01, 0x96, 0x01, 0x00))).toEqual([1n, 150n, 0n]);
  });

  it('rejects a packed run cut inside a varint', () => {
    expect(() => readPackedVarints(bytes(0x01, 0x96))).toThrow(ProtobufError);
  });
});
