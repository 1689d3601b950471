import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../server/api/meta.js';
import { applyPatch, patchErrorToStatus, type PatchOptions } from '../../../server/apiserver/patch/index.js';

const options: PatchOptions = { fieldManager: 'kubectl-patch', now: '2025-01-01T00:00:00Z' };

const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
  spec: { replicas: 1, template: { spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
};

const widget: KubeObject = {
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name: 'w' },
  spec: { items: [{ name: 'a', size: 1 }] },
};

function patched(
  type: string,
  live: KubeObject | undefined,
  body: string | Uint8Array,
  extra: Partial<PatchOptions> = {},
) {
  const outcome = applyPatch(type, live, body, { ...options, ...extra });
  if (!outcome.ok) throw new Error(`unexpected ${outcome.error.code}: ${outcome.error.message}`);
  return outcome;
}

describe('applyPatch', () => {
  it.each([
    ['application/json-patch+json', '[{"op":"replace","path":"/spec/replicas","value":4}]'],
    ['application/merge-patch+json', '{"spec":{"replicas":4}}'],
    ['application/strategic-merge-patch+json', '{"spec":{"replicas":4}}'],
    ['application/strategic-merge-patch+json; charset=utf-8', '{"spec":{"replicas":4}}'],
  ])('dispatches %s', (type, body) => {
    const outcome = patched(type, deployment, body);
    expect((outcome.object.spec as { replicas: number }).replicas).toBe(4);
    expect(outcome).toMatchObject({ created: false, changed: true });
  });

  it('records the patch as an Update by the field manager', () => {
    const outcome = patched('application/merge-patch+json', deployment, '{"spec":{"replicas":4}}');
    expect(outcome.object.metadata.managedFields).toEqual([
      {
        manager: 'kubectl-patch',
        operation: 'Update',
        apiVersion: 'apps/v1',
        time: options.now,
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:spec': { 'f:replicas': {} } },
      },
    ]);
  });

  it('reports a patch that changes nothing as unchanged and returns the live object', () => {
    expect(patched('application/merge-patch+json', deployment, '{"spec":{"replicas":1}}')).toEqual({
      ok: true,
      object: deployment,
      created: false,
      changed: false,
    });
  });

  it('falls back to merge patch semantics for a kind without schema', () => {
    const outcome = patched('application/strategic-merge-patch+json', widget, '{"spec":{"items":[{"name":"b"}]}}');
    expect(outcome.object.spec).toEqual({ items: [{ name: 'b' }] });
  });

  it('creates an absent object from an apply body in YAML', () => {
    const yaml = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n';
    const outcome = patched('application/apply-patch+yaml', undefined, new TextEncoder().encode(yaml), {
      fieldManager: 'kubectl',
    });
    expect(outcome).toMatchObject({ created: true, changed: true, object: { spec: { replicas: 2 } } });
    expect(outcome.object.metadata.managedFields?.[0]).toMatchObject({ manager: 'kubectl', operation: 'Apply' });
  });

  it('answers an apply conflict with a 409 Status carrying FieldManagerConflict causes', () => {
    const scaled = patched('application/merge-patch+json', deployment, '{"spec":{"replicas":4}}').object;
    const outcome = applyPatch(
      'application/apply-patch+yaml',
      scaled,
      JSON.stringify({ ...deployment, spec: { replicas: 2 } }),
      {
        ...options,
        fieldManager: 'kubectl',
      },
    );
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(patchErrorToStatus(outcome.error)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `Apply failed with 1 conflict: conflict with "kubectl-patch" using apps/v1 at ${options.now}: .spec.replicas`,
      reason: 'Conflict',
      details: {
        causes: [
          {
            type: 'FieldManagerConflict',
            message: `conflict with "kubectl-patch" using apps/v1 at ${options.now}`,
            field: '.spec.replicas',
          },
        ],
      },
      code: 409,
    });
  });

  it.each<[string, string, KubeObject | undefined, string, Partial<PatchOptions>, number, string]>([
    ['an unknown media type', 'application/json', deployment, '{}', {}, 415, 'unknown format'],
    ['malformed JSON', 'application/merge-patch+json', deployment, '{"spec":', {}, 400, 'error decoding patch'],
    [
      'a merge patch that is not an object',
      'application/merge-patch+json',
      deployment,
      '[1]',
      {},
      400,
      'must be a JSON object',
    ],
    ['malformed YAML', 'application/apply-patch+yaml', deployment, 'a: [1', {}, 400, 'error decoding YAML'],
    [
      'an apply body that is not an object',
      'application/apply-patch+yaml',
      deployment,
      '- 1',
      {},
      400,
      'not a Kubernetes object',
    ],
    [
      'apply without a field manager',
      'application/apply-patch+yaml',
      deployment,
      '{}',
      { fieldManager: '' },
      400,
      'fieldManager is required',
    ],
    [
      'force on a non-apply patch',
      'application/merge-patch+json',
      deployment,
      '{}',
      { force: true },
      400,
      'force must be unset',
    ],
    [
      'a non-apply patch of a missing object',
      'application/merge-patch+json',
      undefined,
      '{}',
      {},
      404,
      'does not exist',
    ],
    [
      'a JSON patch whose test fails',
      'application/json-patch+json',
      deployment,
      '[{"op":"test","path":"/spec/replicas","value":9}]',
      {},
      422,
      'test failed',
    ],
    [
      'a JSON patch that removes metadata',
      'application/json-patch+json',
      deployment,
      '[{"op":"remove","path":"/metadata"}]',
      {},
      422,
      'not a Kubernetes object',
    ],
  ])('rejects %s', (_name, type, live, body, extra, code, message) => {
    const outcome = applyPatch(type, live, body, { ...options, ...extra });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.code).toBe(code);
    expect(outcome.error.message).toContain(message);
  });
});
