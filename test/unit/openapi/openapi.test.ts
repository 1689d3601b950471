import { describe, expect, it } from 'vitest';
import { openApiDocument, openApiIndex } from '../../../server/apiserver/openapi/index.js';
import { ResourceRegistry } from '../../../server/apiserver/resources.js';

type Json = Record<string, unknown>;

const registry = new ResourceRegistry();
const core = openApiDocument(registry, 'api/v1') as Json;
const apps = openApiDocument(registry, 'apis/apps/v1') as Json;

const paths = (document: Json) => document.paths as Record<string, Json>;
const schemas = (document: Json) => (document.components as Json).schemas as Record<string, Json>;
const property = (schema: Json | undefined, name: string) => (schema?.properties as Record<string, Json>)[name];

/** Follows a property's `$ref` (bare, in `allOf`, or in `items`) to the component it names. */
function resolve(document: Json, schema: Json | undefined): Json | undefined {
  const target = (schema?.items as Json | undefined) ?? schema;
  const reference = (target?.$ref ?? (target?.allOf as Json[] | undefined)?.[0]?.$ref) as string | undefined;
  return reference ? schemas(document)[reference.replace('#/components/schemas/', '')] : undefined;
}

function walk(document: Json, kind: string, fieldPath: string[]): Json | undefined {
  let schema: Json | undefined = schemas(document)[kind];
  let field: Json | undefined;
  for (const name of fieldPath) {
    field = property(schema, name);
    schema = resolve(document, field);
  }
  return field;
}

function queryParameters(operation: Json | undefined): string[] {
  const parameters = (operation?.parameters ?? []) as Json[];
  return parameters.filter((parameter) => parameter.in === 'query').map((parameter) => String(parameter.name));
}

describe('openApiIndex', () => {
  const index = openApiIndex(registry);

  it('lists every served group-version with a hashed document URL', () => {
    expect(Object.keys(index.paths)).toEqual(
      registry
        .groups()
        .flatMap(({ group, versions }) => versions.map((v) => (group ? `apis/${group}/${v}` : `api/${v}`))),
    );
    expect(index.paths['api/v1']?.serverRelativeURL).toMatch(/^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]{128}$/);
    expect(index.paths['apis/apps/v1']?.serverRelativeURL).toMatch(
      /^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}$/,
    );
  });

  it('keeps hashes stable for the same content and distinct across documents', () => {
    expect(openApiIndex(new ResourceRegistry())).toEqual(index);
    const urls = Object.values(index.paths).map((entry) => entry.serverRelativeURL.split('hash=')[1]);
    expect(new Set(urls).size).toBe(urls.length);
  });
});

describe('openApiDocument', () => {
  it('answers null for a group-version that is not served', () => {
    expect(openApiDocument(registry, 'apis/extensions/v1beta1')).toBeNull();
    expect(openApiDocument(registry, 'api/v2')).toBeNull();
    expect(openApiDocument(registry, 'nonsense')).toBeNull();
  });

  it('accepts the path as the index URL spells it', () => {
    expect(openApiDocument(registry, '/openapi/v3/apis/apps/v1?hash=abc')).toBe(apps);
  });

  it('is an OpenAPI 3.0 document whose every $ref resolves inside it', () => {
    for (const document of [core, apps]) {
      expect(document.openapi).toBe('3.0.0');
      const references = JSON.stringify(document).match(/"#\/components\/schemas\/[^"]+"/g) ?? [];
      expect(references.length).toBeGreaterThan(100);
      for (const reference of new Set(references)) {
        expect(schemas(document)[reference.slice('"#/components/schemas/'.length, -1)], reference).toBeDefined();
      }
    }
  });

  it.each([
    [core, '/api/v1/namespaces/{namespace}/pods/{name}', { group: '', version: 'v1', kind: 'Pod' }],
    [core, '/api/v1/namespaces/{namespace}/pods/{name}/status', { group: '', version: 'v1', kind: 'Pod' }],
    [core, '/api/v1/nodes/{name}', { group: '', version: 'v1', kind: 'Node' }],
    [
      apps,
      '/apis/apps/v1/namespaces/{namespace}/deployments/{name}',
      { group: 'apps', version: 'v1', kind: 'Deployment' },
    ],
    [
      apps,
      '/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status',
      { group: 'apps', version: 'v1', kind: 'Deployment' },
    ],
    [
      apps,
      '/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale',
      { group: 'autoscaling', version: 'v1', kind: 'Scale' },
    ],
  ])(
    'gives the PATCH of %#: %s the kind, the action and the query parameters kubectl looks for',
    (document, url, gvk) => {
      const patch = paths(document)[url]?.patch as Json | undefined;
      expect(patch?.['x-kubernetes-group-version-kind']).toEqual(gvk);
      expect(patch?.['x-kubernetes-action']).toBe('patch');
      expect(queryParameters(patch)).toEqual(
        expect.arrayContaining(['fieldValidation', 'dryRun', 'fieldManager', 'force']),
      );
      expect(Object.keys((patch?.requestBody as Json).content as Json)).toEqual([
        'application/json-patch+json',
        'application/merge-patch+json',
        'application/strategic-merge-patch+json',
        'application/apply-patch+yaml',
      ]);
    },
  );

  it('offers fieldValidation on the PATCH of every kind that can be patched', () => {
    for (const info of registry.all.filter((resource) => resource.verbs.includes('patch'))) {
      const gv = info.group ? `apis/${info.group}/${info.version}` : `api/${info.version}`;
      const document = openApiDocument(registry, gv) as Json;
      const patches = Object.values(paths(document))
        .map((item) => item.patch as Json | undefined)
        .filter((patch) => (patch?.['x-kubernetes-group-version-kind'] as Json | undefined)?.kind === info.kind);
      expect(patches.length, info.kind).toBeGreaterThan(0);
      for (const patch of patches) expect(queryParameters(patch), info.kind).toContain('fieldValidation');
    }
  });

  it('tags collection, item and subresource operations with their actions', () => {
    const pods = paths(core)['/api/v1/namespaces/{namespace}/pods'];
    expect(pods?.get).toMatchObject({ 'x-kubernetes-action': 'list', operationId: 'listCoreV1NamespacedPod' });
    expect(pods?.post).toMatchObject({ 'x-kubernetes-action': 'post' });
    expect(pods?.delete).toMatchObject({ 'x-kubernetes-action': 'deletecollection' });
    expect(paths(core)['/api/v1/pods']?.get).toMatchObject({ 'x-kubernetes-action': 'list' });
    expect(paths(core)['/api/v1/namespaces/{namespace}/pods/{name}']?.put).toMatchObject({
      'x-kubernetes-action': 'put',
    });
    expect(paths(core)['/api/v1/namespaces/{namespace}/pods/{name}/exec']?.post).toMatchObject({
      'x-kubernetes-action': 'connect',
      'x-kubernetes-group-version-kind': { group: '', version: 'v1', kind: 'PodExecOptions' },
    });
    expect(paths(core)['/api/v1/namespaces/{namespace}/pods/{name}/eviction']?.post).toMatchObject({
      'x-kubernetes-group-version-kind': { group: 'policy', version: 'v1', kind: 'Eviction' },
    });
  });

  it('names schemas as upstream and marks top-level kinds with their group-version-kind', () => {
    expect(schemas(apps)['io.k8s.api.apps.v1.Deployment']?.['x-kubernetes-group-version-kind']).toEqual([
      { group: 'apps', version: 'v1', kind: 'Deployment' },
    ]);
    expect(schemas(core)['io.k8s.api.core.v1.Event']?.['x-kubernetes-group-version-kind']).toEqual([
      { group: '', version: 'v1', kind: 'Event' },
    ]);
    expect(schemas(apps)['io.k8s.api.core.v1.PodTemplateSpec']).toBeDefined();
    expect(schemas(apps)['io.k8s.api.autoscaling.v1.Scale']).toBeDefined();
    expect(property(schemas(core)['io.k8s.api.core.v1.Pod'], 'metadata')).toEqual({
      $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
    });
    expect(schemas(core)['io.k8s.api.core.v1.PodSpec']?.['x-kubernetes-group-version-kind']).toBeUndefined();
  });

  it('gives fields their types and formats', () => {
    const container = schemas(core)['io.k8s.api.core.v1.Container'];
    expect(property(container, 'image')).toEqual({ type: 'string' });
    expect(property(container, 'args')).toEqual({ type: 'array', items: { type: 'string' } });
    expect(property(container, 'stdin')).toEqual({ type: 'boolean' });
    expect(property(schemas(core)['io.k8s.api.core.v1.ContainerPort'], 'containerPort')).toEqual({
      type: 'integer',
      format: 'int32',
    });
    const metadata = schemas(core)['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'];
    expect(property(metadata, 'labels')).toEqual({ type: 'object', additionalProperties: { type: 'string' } });
    expect(property(metadata, 'creationTimestamp')).toEqual({
      $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Time',
    });
  });

  it('lists required fields it knows as facts', () => {
    expect(schemas(core)['io.k8s.api.core.v1.Container']?.required).toEqual(['name']);
    expect(schemas(core)['io.k8s.api.core.v1.PodSpec']?.required).toEqual(['containers']);
    expect(schemas(apps)['io.k8s.api.apps.v1.DeploymentSpec']?.required).toEqual(['selector', 'template']);
    expect(schemas(core)['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']?.required).toBeUndefined();
  });

  it('carries strategic-merge metadata on Deployment.spec.template.spec.containers', () => {
    expect(walk(apps, 'io.k8s.api.apps.v1.Deployment', ['spec', 'template', 'spec', 'containers'])).toMatchObject({
      type: 'array',
      'x-kubernetes-patch-strategy': 'merge',
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
    });
    const env = walk(apps, 'io.k8s.api.apps.v1.Deployment', ['spec', 'template', 'spec', 'containers', 'env']);
    expect(env).toMatchObject({ 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'name' });
    expect(walk(apps, 'io.k8s.api.apps.v1.Deployment', ['spec', 'strategy'])).toMatchObject({
      'x-kubernetes-patch-strategy': 'retainKeys',
    });
    expect(walk(core, 'io.k8s.api.core.v1.Pod', ['spec', 'volumes'])).toMatchObject({
      'x-kubernetes-patch-strategy': 'merge,retainKeys',
      'x-kubernetes-patch-merge-key': 'name',
    });
    expect(walk(core, 'io.k8s.api.core.v1.Pod', ['metadata', 'finalizers'])).toMatchObject({
      'x-kubernetes-patch-strategy': 'merge',
      'x-kubernetes-list-type': 'set',
    });
  });

  it('leaves lists without a patch strategy to be replaced whole', () => {
    const tolerations = walk(core, 'io.k8s.api.core.v1.Pod', ['spec', 'tolerations']);
    expect(tolerations).toMatchObject({ type: 'array' });
    expect(tolerations?.['x-kubernetes-patch-strategy']).toBeUndefined();
    expect(walk(core, 'io.k8s.api.core.v1.Pod', ['spec', 'containers', 'args'])).toEqual({
      type: 'array',
      items: { type: 'string' },
    });
  });
});
