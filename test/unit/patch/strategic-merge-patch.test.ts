import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../server/apiserver/patch/json-value.js';
import { PatchError } from '../../../server/apiserver/patch/patch-error.js';
import { patchSchemaFor } from '../../../server/apiserver/patch/patch-schema.js';
import { strategicMergePatch } from '../../../server/apiserver/patch/strategic-merge-patch.js';

const web = {
  name: 'web',
  image: 'nginx:1.26',
  ports: [{ containerPort: 80 }],
  env: [
    { name: 'MODE', value: 'prod' },
    { name: 'DEBUG', value: '1' },
  ],
};
const sidecar = { name: 'sidecar', image: 'busybox' };

function deployment(podSpec: JsonObject, extra: JsonObject = {}): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', finalizers: ['a', 'b'] },
    spec: {
      replicas: 2,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: { metadata: { labels: { app: 'web' } }, spec: podSpec },
      ...extra,
    },
  };
}

const live = deployment({ containers: [web, sidecar], tolerations: [{ key: 'a', operator: 'Exists' }] });
const templateSpec = (podSpec: JsonObject): JsonObject => ({ spec: { template: { spec: podSpec } } });
const withPodSpec = (podSpec: JsonObject): JsonObject => deployment(podSpec);

describe('strategicMergePatch on a Deployment', () => {
  const schema = patchSchemaFor('apps/v1', 'Deployment');

  it.each<[string, JsonObject, JsonObject]>([
    [
      'three-way `kubectl apply`: image change with $setElementOrder keeps the other container and fields',
      templateSpec({
        '$setElementOrder/containers': [{ name: 'web' }, { name: 'sidecar' }],
        containers: [{ image: 'nginx:1.27', name: 'web' }],
      }),
      withPodSpec({
        containers: [{ ...web, image: 'nginx:1.27' }, sidecar],
        tolerations: [{ key: 'a', operator: 'Exists' }],
      }),
    ],
    [
      '$setElementOrder alone reorders the list',
      templateSpec({ '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'web' }] }),
      withPodSpec({ containers: [sidecar, web], tolerations: [{ key: 'a', operator: 'Exists' }] }),
    ],
    [
      'removing an env var with `$patch: delete`',
      templateSpec({
        '$setElementOrder/containers': [{ name: 'web' }, { name: 'sidecar' }],
        containers: [
          { name: 'web', '$setElementOrder/env': [{ name: 'MODE' }], env: [{ name: 'DEBUG', $patch: 'delete' }] },
        ],
      }),
      withPodSpec({
        containers: [{ ...web, env: [{ name: 'MODE', value: 'prod' }] }, sidecar],
        tolerations: [{ key: 'a', operator: 'Exists' }],
      }),
    ],
    [
      'a new container without order directives goes before the server-only ones, as upstream',
      templateSpec({ containers: [{ name: 'extra', image: 'redis' }] }),
      withPodSpec({
        containers: [{ name: 'extra', image: 'redis' }, web, sidecar],
        tolerations: [{ key: 'a', operator: 'Exists' }],
      }),
    ],
    [
      'tolerations carry no strategy, so they are replaced',
      templateSpec({ tolerations: [{ key: 'b', operator: 'Exists' }] }),
      withPodSpec({ containers: [web, sidecar], tolerations: [{ key: 'b', operator: 'Exists' }] }),
    ],
    [
      '`$patch: replace` as a list item replaces the whole list',
      templateSpec({ containers: [{ $patch: 'replace' }, { name: 'only', image: 'alpine' }] }),
      withPodSpec({ containers: [{ name: 'only', image: 'alpine' }], tolerations: [{ key: 'a', operator: 'Exists' }] }),
    ],
    [
      '`$patch: merge` in a list item merges as usual',
      templateSpec({ containers: [{ name: 'sidecar', image: 'busybox:2', $patch: 'merge' }] }),
      withPodSpec({
        containers: [web, { ...sidecar, image: 'busybox:2' }],
        tolerations: [{ key: 'a', operator: 'Exists' }],
      }),
    ],
    [
      '`kubectl rollout restart` adds a template annotation',
      {
        spec: {
          template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:00:00Z' } } },
        },
      },
      {
        ...live,
        spec: {
          ...(live.spec as JsonObject),
          template: {
            metadata: {
              labels: { app: 'web' },
              annotations: { 'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:00:00Z' },
            },
            spec: { containers: [web, sidecar], tolerations: [{ key: 'a', operator: 'Exists' }] },
          },
        },
      },
    ],
  ])('%s', (_name, patch, expected) => {
    expect(strategicMergePatch(live, patch, schema)).toEqual(expected);
  });

  const spec = live.spec as JsonObject;
  const metadata = live.metadata as JsonObject;

  it.each<[string, JsonObject, JsonObject]>([
    [
      '$retainKeys drops rollingUpdate when the strategy becomes Recreate',
      { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: null, type: 'Recreate' } } },
      { spec: { ...spec, strategy: { type: 'Recreate' } } },
    ],
    [
      '`$patch: replace` in a map replaces the map',
      { spec: { strategy: { $patch: 'replace', type: 'Recreate' } } },
      { spec: { ...spec, strategy: { type: 'Recreate' } } },
    ],
    [
      '`$patch: delete` in a map removes it',
      { spec: { strategy: { $patch: 'delete' } } },
      { spec: (({ strategy: _s, ...rest }) => rest)(spec) },
    ],
    [
      'finalizers are a merged set: a new one is added',
      { metadata: { finalizers: ['c'] } },
      { metadata: { ...metadata, finalizers: ['c', 'a', 'b'] } },
    ],
    [
      '$deleteFromPrimitiveList removes finalizers, $setElementOrder orders the rest',
      {
        metadata: {
          '$setElementOrder/finalizers': ['b', 'c'],
          '$deleteFromPrimitiveList/finalizers': ['a'],
          finalizers: ['c'],
        },
      },
      { metadata: { ...metadata, finalizers: ['b', 'c'] } },
    ],
    ['an empty list does not clear a merged list', { metadata: { finalizers: [] } }, {}],
    ['null clears a merged list', { metadata: { finalizers: null } }, { metadata: { name: 'web' } }],
  ])('%s', (_name, patch, changes) => {
    expect(strategicMergePatch(live, patch, schema)).toEqual({ ...live, ...changes });
  });

  it.each<[string, JsonObject, number, string]>([
    ['an unknown $patch value', { spec: { strategy: { $patch: 'frob' } } }, 400, 'Unknown patch type: "frob" in map'],
    [
      'a deleted item without its merge key',
      templateSpec({ containers: [{ $patch: 'delete' }] }),
      400,
      'does not contain declared merge key: name',
    ],
    [
      'a patch setting keys outside $retainKeys',
      { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: {} } } },
      422,
      "patch content doesn't match retainKeys list",
    ],
    ['an unknown directive', { spec: { $frob: 1 } }, 400, 'unknown strategic merge patch directive "$frob"'],
  ])('rejects %s', (_name, patch, code, message) => {
    let error: unknown;
    try {
      strategicMergePatch(live, patch, schema);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PatchError);
    expect((error as PatchError).code).toBe(code);
    expect((error as PatchError).message).toContain(message);
  });
});

describe('strategicMergePatch on a Node', () => {
  const schema = patchSchemaFor('v1', 'Node');
  const node: JsonObject = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'n1', labels: { role: 'worker' } },
    spec: { podCIDR: '10.0.1.0/24', taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }] },
  };
  const spec = node.spec as JsonObject;

  it.each<[string, JsonObject, JsonObject]>([
    ['`kubectl cordon` sets unschedulable', { spec: { unschedulable: true } }, { ...spec, unschedulable: true }],
    ['`kubectl uncordon` sends null', { spec: { unschedulable: null } }, spec],
    [
      '`kubectl taint` sends the full list, which replaces the old one',
      {
        spec: {
          taints: [
            { key: 'gpu', value: 'true', effect: 'NoSchedule' },
            { key: 'db', effect: 'NoExecute' },
          ],
        },
      },
      {
        ...spec,
        taints: [
          { key: 'gpu', value: 'true', effect: 'NoSchedule' },
          { key: 'db', effect: 'NoExecute' },
        ],
      },
    ],
    [
      '`kubectl taint ... gpu-` removing the last taint sends null',
      { spec: { taints: null } },
      { podCIDR: '10.0.1.0/24' },
    ],
  ])('%s', (_name, patch, expectedSpec) => {
    expect(strategicMergePatch(node, patch, schema)).toEqual({ ...node, spec: expectedSpec });
  });

  it('leaves unknown lists to replace semantics and merges unknown maps', () => {
    const result = strategicMergePatch(
      { ...node, extra: { list: [1, 2], keep: true } },
      { extra: { list: [3] } },
      schema,
    );
    expect(result.extra).toEqual({ list: [3], keep: true });
  });

  it('merges status conditions by type', () => {
    const withStatus: JsonObject = {
      ...node,
      status: {
        conditions: [
          { type: 'Ready', status: 'False' },
          { type: 'MemoryPressure', status: 'False' },
        ],
      },
    };
    const result = strategicMergePatch(
      withStatus,
      { status: { conditions: [{ type: 'Ready', status: 'True' }] } },
      schema,
    );
    expect(result.status).toEqual({
      conditions: [
        { type: 'Ready', status: 'True' },
        { type: 'MemoryPressure', status: 'False' },
      ],
    });
  });
});
