import { describe, expect, it } from 'vitest';
import { typeErrorMessage, typeErrors } from '../../../server/apiserver/openapi/type-errors.js';

const deployment = (spec: Record<string, unknown>) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd' },
  spec,
});
const container = (extra: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p' },
  spec: { containers: [{ name: 'c', image: 'i', ...extra }] },
});

describe('typeErrors', () => {
  it.each([
    [
      'replicas as a string',
      deployment({ replicas: 'three' }),
      [{ path: 'spec.replicas', found: 'string', expected: 'int32' }],
    ],
    [
      'replicas as a fraction',
      deployment({ replicas: 1.5 }),
      [{ path: 'spec.replicas', found: 'number', expected: 'int32' }],
    ],
    [
      'an env value as a number',
      container({ env: [{ name: 'PORT', value: 80 }] }),
      [{ path: 'spec.containers[0].env[0].value', found: 'number', expected: 'string' }],
    ],
    [
      'containers as a string',
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: 'nginx' } },
      [{ path: 'spec.containers', found: 'string', expected: '[]V1Container' }],
    ],
    ['a port name or number', container({ livenessProbe: { httpGet: { port: 'http' } } }), []],
    ['quantities written as numbers', container({ resources: { limits: { cpu: 1, memory: '64Mi' } } }), []],
    ['nulls', deployment({ replicas: null }), []],
  ])('finds %s', (_name, object, expected) => {
    expect(typeErrors(object.apiVersion, object.kind, object)).toEqual(expected);
  });

  it('accepts a Lease whose times are MicroTime strings', () => {
    const lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'l' },
      spec: { renewTime: '2026-01-01T00:00:00.000000Z', leaseDurationSeconds: 15 },
    };
    expect(typeErrors(lease.apiVersion, lease.kind, lease)).toEqual([]);
  });

  it('words the error as upstream decoding does', () => {
    expect(
      typeErrorMessage('apps/v1', 'Deployment', { path: 'spec.replicas', found: 'string', expected: 'int32' }),
    ).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field spec.replicas of type int32',
    );
  });
});
