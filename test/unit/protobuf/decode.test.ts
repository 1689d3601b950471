import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeKubernetesProtobuf } from '../../../server/apiserver/protobuf/decode.js';
import { ProtobufError } from '../../../server/apiserver/protobuf/wire.js';

// A tiny protobuf encoder, enough to build the bodies kubectl would send: each helper returns one encoded field.
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((part) => [...part]));
function varint(value: bigint): Uint8Array {
  const out: number[] = [];
  let rest = BigInt.asUintN(64, value);
  do {
    out.push(Number(rest & 0x7fn) | (rest > 0x7fn ? 0x80 : 0));
    rest >>= 7n;
  } while (rest > 0n);
  return Uint8Array.from(out);
}
const key = (number: number, wireType: number) => varint(BigInt((number << 3) | wireType));
const bytes = (number: number, value: Uint8Array) => concat(key(number, 2), varint(BigInt(value.length)), value);
const str = (number: number, value: string) => bytes(number, new TextEncoder().encode(value));
const int = (number: number, value: number) => concat(key(number, 0), varint(BigInt(value)));
const bool = (number: number, value: boolean) => int(number, value ? 1 : 0);
const msg = (number: number, ...fields: Uint8Array[]) => bytes(number, concat(...fields));
const entry = (number: number, mapKey: string, value: Uint8Array) => msg(number, str(1, mapKey), value);
const label = (number: number, mapKey: string, value: string) => entry(number, mapKey, str(2, value));
const K8S = Uint8Array.from([0x6b, 0x38, 0x73, 0x00]);
const envelope = (apiVersion: string, kind: string, ...fields: Uint8Array[]) =>
  concat(K8S, msg(1, str(1, apiVersion), str(2, kind)), msg(2, ...fields));
const EMPTY_TIME = msg(8);

function decodeError(body: Uint8Array): ProtobufError {
  try {
    decodeKubernetesProtobuf(body);
  } catch (error) {
    if (error instanceof ProtobufError) return error;
    throw error;
  }
  throw new Error('the body decoded');
}

describe('decodeKubernetesProtobuf', () => {
  it('decodes a Deployment with replicas 0, labels and a container with ports, env and resources', () => {
    const container = concat(
      str(1, 'nginx'),
      str(2, 'nginx:1.25'),
      msg(6, str(1, 'http'), int(3, 80), str(4, 'TCP')),
      msg(7, str(1, 'MODE'), str(2, 'lab')),
      msg(7, str(1, 'POD'), msg(3, msg(1, str(1, 'v1'), str(2, 'metadata.name')))),
      msg(8, entry(1, 'cpu', msg(2, str(1, '500m'))), entry(2, 'memory', msg(2, str(1, '64Mi')))),
      str(14, ''), // imagePullPolicy: Go writes it even when empty; JSON would omit it
      bool(16, false),
    );
    const body = envelope(
      'apps/v1',
      'Deployment',
      msg(1, str(1, 'web'), EMPTY_TIME, label(11, 'app', 'web'), label(11, 'tier', 'front')),
      msg(
        2,
        int(1, 0),
        msg(2, label(1, 'app', 'web')),
        msg(3, msg(1, EMPTY_TIME, label(11, 'app', 'web')), msg(2, msg(2, container))),
        msg(4, str(1, 'RollingUpdate'), msg(2, msg(1, int(1, 1), str(3, '25%')), msg(2, int(2, 1)))),
        int(5, 0),
      ),
    );

    expect(decodeKubernetesProtobuf(body)).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      unknownFields: [],
      object: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', creationTimestamp: null, labels: { app: 'web', tier: 'front' } },
        spec: {
          replicas: 0,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { creationTimestamp: null, labels: { app: 'web' } },
            spec: {
              containers: [
                {
                  name: 'nginx',
                  image: 'nginx:1.25',
                  ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
                  env: [
                    { name: 'MODE', value: 'lab' },
                    { name: 'POD', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
                  ],
                  resources: { limits: { cpu: '500m' }, requests: { memory: '64Mi' } },
                },
              ],
            },
          },
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: 1 } },
        },
      },
    });
  });

  it.each([
    { name: 'an int', targetPort: msg(4, int(2, 8080)), expected: 8080 },
    { name: 'a named port', targetPort: msg(4, int(1, 1), str(3, 'http')), expected: 'http' },
    { name: 'zero, as Go writes an unset one', targetPort: msg(4), expected: 0 },
  ])('decodes a Service targetPort that is $name', ({ targetPort, expected }) => {
    const port = msg(1, str(2, 'TCP'), int(3, 80), targetPort);
    const body = envelope('v1', 'Service', msg(1, str(1, 'web')), msg(2, port, str(4, 'ClusterIP')));
    expect(decodeKubernetesProtobuf(body).object.spec).toEqual({
      ports: [{ protocol: 'TCP', port: 80, targetPort: expected }],
      type: 'ClusterIP',
    });
  });

  it('decodes Secret data as base64, binary bytes included', () => {
    const binary = Uint8Array.from([0x00, 0xff, 0x10, 0x80]);
    const body = envelope('v1', 'Secret', msg(1, str(1, 's')), entry(2, 'key', bytes(2, binary)), str(3, 'Opaque'));
    expect(decodeKubernetesProtobuf(body).object).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { key: Buffer.from(binary).toString('base64') },
      type: 'Opaque',
    });
  });

  it('decodes a ConfigMap, keeping an empty value and immutable false (a pointer in Go)', () => {
    const body = envelope(
      'v1',
      'ConfigMap',
      msg(1, str(1, 'cfg')),
      label(2, 'a', 'b'),
      label(2, 'empty', ''),
      entry(2, 'missing', new Uint8Array()),
      bool(4, false),
    );
    expect(decodeKubernetesProtobuf(body).object).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg' },
      data: { a: 'b', empty: '', missing: '' },
      immutable: false,
    });
  });

  it('decodes negative ints, timestamps and owner references', () => {
    const owner = msg(13, str(5, 'apps/v1'), str(1, 'ReplicaSet'), str(3, 'web-1'), str(4, 'u1'), bool(6, true));
    const created = msg(8, int(1, 1_700_000_000), int(2, 5));
    const body = envelope('scheduling.k8s.io/v1', 'PriorityClass', msg(1, str(1, 'low'), created, owner), int(2, -5));
    expect(decodeKubernetesProtobuf(body).object).toEqual({
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: {
        name: 'low',
        creationTimestamp: '2023-11-14T22:13:20Z',
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'u1', controller: true }],
      },
      value: -5,
    });
  });

  it('reads repeated numbers whether packed or not', () => {
    const context = (...fields: Uint8Array[]) => envelope('v1', 'Pod', msg(2, msg(14, ...fields)));
    const unpacked = decodeKubernetesProtobuf(context(int(4, 1000), int(4, 2000))).object;
    const packed = decodeKubernetesProtobuf(context(bytes(4, concat(varint(1000n), varint(2000n))))).object;
    expect(unpacked).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      spec: { securityContext: { supplementalGroups: [1000, 2000] } },
    });
    expect(packed).toEqual(unpacked);
  });

  it('flattens inline structs: a probe handler and a volume source', () => {
    const probe = msg(10, msg(1, msg(2, str(1, '/healthz'), msg(2, int(2, 8080)))), int(4, 5));
    const volume = msg(1, str(1, 'config'), msg(2, msg(19, msg(1, str(1, 'cfg')), int(3, 0o644))));
    const body = envelope('v1', 'Pod', msg(2, volume, msg(2, str(1, 'app'), probe)));
    expect(decodeKubernetesProtobuf(body).object.spec).toEqual({
      volumes: [{ name: 'config', configMap: { name: 'cfg', defaultMode: 0o644 } }],
      containers: [{ name: 'app', livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 5 } }],
    });
  });

  it('keeps a map key named __proto__ as a plain key, as JSON.parse would', () => {
    const body = envelope('v1', 'ConfigMap', msg(1, str(1, 'cfg')), label(2, '__proto__', 'x'));
    const data = decodeKubernetesProtobuf(body).object.data as Record<string, unknown>;
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(Object.keys(data)).toEqual(['__proto__']);
  });

  it('skips fields it has no table row for and reports where they were', () => {
    const body = envelope('v1', 'Namespace', msg(1, str(1, 'lab'), str(99, 'future')), msg(2, str(1, 'kubernetes')));
    const decoded = decodeKubernetesProtobuf(body);
    expect(decoded.object).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'lab' },
      spec: { finalizers: ['kubernetes'] },
    });
    expect(decoded.unknownFields).toEqual(['metadata: field 99 of ObjectMeta']);
  });

  it('names the kinds it can decode when asked for another', () => {
    const error = decodeError(envelope('rbac.authorization.k8s.io/v1', 'Role', msg(1, str(1, 'r'))));
    expect(error.reason).toBe('UnsupportedKind');
    expect(error.message).toMatch(/rbac.authorization.k8s.io\/v1 Role.*apps\/v1 Deployment/);
  });

  it.each([
    { name: 'JSON', body: new TextEncoder().encode('{"kind":"Pod"}'), reason: 'NotKubernetesProtobuf' },
    { name: 'the prefix alone', body: K8S, reason: 'NotKubernetesProtobuf' },
    { name: 'an envelope with no kind', body: concat(K8S, msg(1, str(1, 'v1'))), reason: 'NotKubernetesProtobuf' },
    {
      name: 'a gzip content encoding',
      body: concat(envelope('v1', 'ConfigMap'), str(3, 'gzip')),
      reason: 'UnsupportedEncoding',
    },
    { name: 'a string sent as a varint', body: envelope('v1', 'ConfigMap', msg(1, int(1, 7))), reason: 'Malformed' },
    { name: 'a message sent as a varint', body: envelope('v1', 'ConfigMap', int(1, 7)), reason: 'Malformed' },
    {
      name: 'a time too far away for a date',
      body: envelope('v1', 'ConfigMap', msg(1, msg(8, int(1, 2 ** 50)))),
      reason: 'Malformed',
    },
  ])('rejects $name as $reason', ({ body, reason }) => {
    expect(decodeError(body).reason).toBe(reason);
  });

  it('rejects every truncation of a captured body with a ProtobufError, never a crash', () => {
    const body = readFileSync(new URL('../../fixtures/protobuf/deployment-web.pb', import.meta.url));
    const outcomes = Array.from({ length: body.length }, (_, cut) => {
      try {
        decodeKubernetesProtobuf(body.subarray(0, cut));
        return 'decoded';
      } catch (error) {
        expect(error).toBeInstanceOf(ProtobufError);
        return 'rejected';
      }
    });
    // Only cuts on a field boundary of the envelope still decode: the one before raw, and the two among the empty
    // contentEncoding and contentType fields Go writes after it.
    expect(outcomes.filter((outcome) => outcome === 'decoded')).toHaveLength(3);
  });

  it('answers random bytes after the prefix with a ProtobufError or an object, never anything else', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % 256;
    for (let run = 0; run < 2000; run++) {
      const garbage = Uint8Array.from({ length: 1 + (run % 64) }, random);
      const body = run % 2 ? concat(K8S, garbage) : envelope('apps/v1', 'Deployment', garbage);
      try {
        decodeKubernetesProtobuf(body);
      } catch (error) {
        expect(error).toBeInstanceOf(ProtobufError);
      }
    }
  });
});
