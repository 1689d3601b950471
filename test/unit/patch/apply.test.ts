import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../server/api/meta.js';
import { applyConflictError, serverSideApply, type ApplyOptions } from '../../../server/apiserver/patch/apply.js';
import { recordUpdate } from '../../../server/apiserver/patch/managed-fields.js';

const T0 = '2025-01-01T00:00:00Z';
const T1 = '2025-01-01T00:01:00Z';
const T2 = '2025-01-01T00:02:00Z';
const kubectl: ApplyOptions = { manager: 'kubectl', now: T0, force: false };

function manifest(replicas: number, labels: Record<string, string> = { app: 'web' }, image = 'nginx:1.26'): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels },
    spec: { replicas, template: { spec: { containers: [{ name: 'web', image }] } } },
  };
}

/** Applies `config` at `now` and returns the object, failing the test on anything but a successful apply. */
function applied(live: KubeObject | undefined, config: KubeObject, options: Partial<ApplyOptions> = {}): KubeObject {
  const result = serverSideApply(live, config, { ...kubectl, ...options });
  if (result.kind === 'conflict') throw new Error(`unexpected conflict: ${JSON.stringify(result.conflicts)}`);
  return result.object;
}

describe('serverSideApply', () => {
  const created = applied(undefined, manifest(2));

  it('creates an absent object with an Apply entry listing the applied fields', () => {
    expect(created.metadata.managedFields).toEqual([
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: T0,
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:template': {
              'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
            },
          },
        },
      },
    ]);
    expect(serverSideApply(undefined, manifest(2), kubectl).kind).toBe('created');
  });

  it('reports no change when the same configuration is applied again', () => {
    const result = serverSideApply(created, manifest(2), { ...kubectl, now: T1 });
    expect(result).toEqual({ kind: 'applied', object: created, changed: false });
  });

  it('changes a field the manager owns and stamps the new time', () => {
    const result = applied(created, manifest(2, { app: 'web' }, 'nginx:1.27'), { now: T1 });
    expect(result.spec).toEqual(manifest(2, {}, 'nginx:1.27').spec);
    expect(result.metadata.managedFields?.[0]?.time).toBe(T1);
  });

  it.each<[string, Record<string, string>, Record<string, string> | undefined]>([
    ['removes a label the manager applied before and omits now', { app: 'web' }, { app: 'web' }],
    ['removes the labels map when the last owned label goes', {}, undefined],
  ])('%s', (_name, labels, expected) => {
    const withTier = applied(created, manifest(2, { app: 'web', tier: 'front' }));
    const result = applied(withTier, manifest(2, labels), { now: T1 });
    expect(result.metadata.labels).toEqual(expected);
  });

  it('keeps an omitted field that another manager also owns', () => {
    const labelled = recordUpdate(
      created,
      { ...created, metadata: { ...created.metadata, labels: { app: 'web', env: 'prod' } } },
      { manager: 'kubectl-label', now: T1 },
    );
    const withEnv = applied(labelled, manifest(2, { app: 'web', env: 'prod' }), { now: T1 });
    const result = applied(withEnv, manifest(2, { app: 'web' }), { now: T2 });
    expect(result.metadata.labels).toEqual({ app: 'web', env: 'prod' });
  });

  // `kubectl scale` (or a client-side apply) changed replicas after the server-side apply.
  const scaled = recordUpdate(
    created,
    { ...created, spec: { ...(created.spec as object), replicas: 5 } },
    {
      manager: 'kubectl-client-side-apply',
      now: T1,
    },
  );

  it('moves ownership of a field to the manager of an Update', () => {
    const managers = scaled.metadata.managedFields?.map((m) => [m.manager, m.operation, JSON.stringify(m.fieldsV1)]);
    expect(managers).toEqual([
      ['kubectl', 'Apply', expect.not.stringContaining('f:replicas')],
      ['kubectl-client-side-apply', 'Update', '{"f:spec":{"f:replicas":{}}}'],
    ]);
  });

  it('reports a conflict when applying a different value to a field another manager owns', () => {
    const result = serverSideApply(scaled, manifest(3), { ...kubectl, now: T2 });
    expect(result.kind).toBe('conflict');
    if (result.kind !== 'conflict') return;
    expect(result.conflicts.map((c) => [c.owner.manager, c.field])).toEqual([
      ['kubectl-client-side-apply', '.spec.replicas'],
    ]);
    const error = applyConflictError(result.conflicts);
    expect(error).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message: `Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1 at ${T1}: .spec.replicas`,
      causes: [
        {
          type: 'FieldManagerConflict',
          message: `conflict with "kubectl-client-side-apply" using apps/v1 at ${T1}`,
          field: '.spec.replicas',
        },
      ],
    });
  });

  it('shares a field without conflict when the applied value matches the live one', () => {
    expect(serverSideApply(scaled, manifest(5), { ...kubectl, now: T2 }).kind).toBe('applied');
  });

  it('takes ownership of conflicting fields with force', () => {
    const result = applied(scaled, manifest(3), { now: T2, force: true });
    expect((result.spec as { replicas: number }).replicas).toBe(3);
    expect(result.metadata.managedFields?.map((m) => m.manager)).toEqual(['kubectl']);
  });

  it('groups several conflicts by manager in the message', () => {
    const owner = {
      manager: 'a',
      operation: 'Apply' as const,
      apiVersion: 'v1',
      fieldsType: 'FieldsV1' as const,
      fieldsV1: {},
    };
    const error = applyConflictError([
      { owner, field: '.spec.replicas' },
      { owner, field: '.spec.paused' },
    ]);
    expect(error.message).toBe('Apply failed with 2 conflicts: conflicts with "a":\n- .spec.replicas\n- .spec.paused');
  });
});
