import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../server/apiserver/patch/json-value.js';
import { applyMergePatch } from '../../../server/apiserver/patch/merge-patch.js';

describe('applyMergePatch', () => {
  // RFC 7386 appendix A, verbatim cases.
  it.each<[JsonValue, JsonValue, JsonValue]>([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('merges %j with %j into %j', (target, patch, expected) => {
    expect(applyMergePatch(target, patch)).toEqual(expected);
  });

  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web', tier: 'front' } },
    spec: { replicas: 1, template: { spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
  };

  it.each<[string, JsonValue, JsonValue]>([
    [
      '`kubectl label` adds one label and removes another with null',
      { metadata: { labels: { env: 'prod', tier: null } } },
      { ...deployment, metadata: { name: 'web', labels: { app: 'web', env: 'prod' } } },
    ],
    [
      '`kubectl scale` sets replicas',
      { spec: { replicas: 5 } },
      { ...deployment, spec: { ...deployment.spec, replicas: 5 } },
    ],
    [
      'a list is replaced, not merged',
      { spec: { template: { spec: { containers: [{ name: 'side', image: 'busybox' }] } } } },
      {
        ...deployment,
        spec: { replicas: 1, template: { spec: { containers: [{ name: 'side', image: 'busybox' }] } } },
      },
    ],
  ])('%s', (_name, patch, expected) => {
    expect(applyMergePatch(deployment, patch)).toEqual(expected);
  });

  it('does not modify its inputs', () => {
    const target = { a: { b: 1 } };
    applyMergePatch(target, { a: { b: 2 } });
    expect(target).toEqual({ a: { b: 1 } });
  });
});
