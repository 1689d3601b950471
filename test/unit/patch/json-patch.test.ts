import { describe, expect, it } from 'vitest';
import { applyJsonPatch, parseJsonPatch } from '../../../server/apiserver/patch/json-patch.js';
import type { JsonValue } from '../../../server/apiserver/patch/json-value.js';
import { PatchError } from '../../../server/apiserver/patch/patch-error.js';

const patch = (doc: JsonValue, ops: unknown) => applyJsonPatch(doc, parseJsonPatch(ops));

describe('applyJsonPatch', () => {
  // RFC 6902 appendix A, plus the pointer escaping of RFC 6901.
  it.each([
    [
      'adds an object member (A.1)',
      { foo: 'bar' },
      [{ op: 'add', path: '/baz', value: 'qux' }],
      { baz: 'qux', foo: 'bar' },
    ],
    [
      'inserts into an array (A.2)',
      { foo: ['bar', 'baz'] },
      [{ op: 'add', path: '/foo/1', value: 'qux' }],
      { foo: ['bar', 'qux', 'baz'] },
    ],
    ['removes an object member (A.3)', { baz: 'qux', foo: 'bar' }, [{ op: 'remove', path: '/baz' }], { foo: 'bar' }],
    [
      'removes an array element (A.4)',
      { foo: ['bar', 'qux', 'baz'] },
      [{ op: 'remove', path: '/foo/1' }],
      { foo: ['bar', 'baz'] },
    ],
    [
      'replaces a value (A.5)',
      { baz: 'qux', foo: 'bar' },
      [{ op: 'replace', path: '/baz', value: 'boo' }],
      { baz: 'boo', foo: 'bar' },
    ],
    [
      'moves a value (A.6)',
      { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
      [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
      { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
    ],
    [
      'moves an array element (A.7)',
      { foo: ['all', 'grass', 'cows', 'eat'] },
      [{ op: 'move', from: '/foo/1', path: '/foo/3' }],
      { foo: ['all', 'cows', 'eat', 'grass'] },
    ],
    [
      'passes a test that matches (A.8)',
      { baz: 'qux', foo: ['a', 2, 'c'] },
      [
        { op: 'test', path: '/baz', value: 'qux' },
        { op: 'test', path: '/foo/1', value: 2 },
      ],
      { baz: 'qux', foo: ['a', 2, 'c'] },
    ],
    [
      'adds a nested member object (A.10)',
      { foo: 'bar' },
      [{ op: 'add', path: '/child', value: { grandchild: {} } }],
      { foo: 'bar', child: { grandchild: {} } },
    ],
    [
      'adds an array value (A.16)',
      { foo: ['bar'] },
      [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }],
      { foo: ['bar', ['abc', 'def']] },
    ],
    ['copies a value', { a: { b: 1 } }, [{ op: 'copy', from: '/a', path: '/c' }], { a: { b: 1 }, c: { b: 1 } }],
    [
      'unescapes ~1 and ~0 in pointers',
      { 'a/b': 1, 'm~n': 2 },
      [
        { op: 'replace', path: '/a~1b', value: 3 },
        { op: 'remove', path: '/m~0n' },
      ],
      { 'a/b': 3 },
    ],
    [
      'replaces the whole document at the empty pointer',
      { a: 1 },
      [{ op: 'replace', path: '', value: { b: 2 } }],
      { b: 2 },
    ],
  ])('%s', (_name, doc, ops, expected) => {
    expect(patch(doc as JsonValue, ops)).toEqual(expected);
  });

  it.each([
    [
      'a test that does not match (A.9)',
      { baz: 'qux' },
      [{ op: 'test', path: '/baz', value: 'bar' }],
      'testing value /baz failed: test failed',
    ],
    [
      'adding under a missing parent (A.12)',
      { foo: 'bar' },
      [{ op: 'add', path: '/baz/bat', value: 'qux' }],
      'add operation does not apply: doc is missing path: "/baz/bat": missing value',
    ],
    [
      'removing a missing member',
      { foo: 'bar' },
      [{ op: 'remove', path: '/nope' }],
      'remove operation does not apply: doc is missing path: "/nope": missing value',
    ],
    [
      'replacing a missing member',
      { foo: 'bar' },
      [{ op: 'replace', path: '/nope', value: 1 }],
      'replace operation does not apply: doc is missing key: /nope: missing value',
    ],
    [
      'moving from a missing path',
      { foo: 'bar' },
      [{ op: 'move', from: '/nope', path: '/x' }],
      'move operation does not apply: doc is missing from path: /nope: missing value',
    ],
    [
      'adding past the end of an array',
      { a: [1] },
      [{ op: 'add', path: '/a/5', value: 2 }],
      'add operation does not apply: Unable to access invalid index: 5: invalid index referenced',
    ],
  ])('rejects %s with a 422', (_name, doc, ops, message) => {
    const error = catchError(() => patch(doc as JsonValue, ops));
    expect(error).toMatchObject({ code: 422, reason: 'Invalid', message });
  });

  it.each([
    ['a body that is not an array', { op: 'add' }, 'json patch must be a JSON array of operations'],
    ['an unknown op', [{ op: 'frob', path: '/a' }], 'Unexpected kind: frob'],
    ['an add without value', [{ op: 'add', path: '/a' }], 'json patch operation 0 (add) is missing "value"'],
    ['a pointer without leading slash', [{ op: 'remove', path: 'a' }], 'invalid JSON pointer "a": must start with "/"'],
  ])('rejects %s with a 400', (_name, body, message) => {
    expect(catchError(() => parseJsonPatch(body))).toMatchObject({ code: 400, reason: 'BadRequest', message });
  });

  it('leaves the document untouched when a later operation fails', () => {
    const doc = { a: 1 };
    catchError(() =>
      patch(doc, [
        { op: 'replace', path: '/a', value: 2 },
        { op: 'test', path: '/a', value: 3 },
      ]),
    );
    expect(doc).toEqual({ a: 1 });
  });

  it('applies what `kubectl rollout undo` sends', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'web',
        annotations: { 'deployment.kubernetes.io/revision': '2', 'kubernetes.io/change-cause': 'v2' },
      },
      spec: {
        replicas: 3,
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
        },
      },
    };
    const template = {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx:1.26' }] },
    };
    const annotations = { 'deployment.kubernetes.io/revision': '2' };
    const result = patch(deployment, [
      { op: 'replace', path: '/spec/template', value: template },
      { op: 'replace', path: '/metadata/annotations', value: annotations },
    ]);
    expect(result).toEqual({ ...deployment, metadata: { name: 'web', annotations }, spec: { replicas: 3, template } });
  });
});

function catchError(run: () => unknown): PatchError {
  try {
    run();
  } catch (error) {
    if (error instanceof PatchError) return error;
    throw error;
  }
  throw new Error('expected a PatchError');
}
