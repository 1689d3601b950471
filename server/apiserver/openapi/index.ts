// OpenAPI v3 as kubectl reads it: `GET /openapi/v3` lists one document per group-version, each fetched from its
// `serverRelativeURL` (`/openapi/v3/apis/apps/v1?hash=…`). kubectl uses the documents to decide whether to let the
// server validate (`fieldValidation`), to render `explain`, and for the strategic-merge metadata of `apply`.
import { createHash } from 'node:crypto';
import { groupVersion, type ResourceInfo, type ResourceRegistry } from '../resources.js';
import { SERVER_VERSION } from '../version.js';
import { patchTags, type PatchTags } from './field-facts.js';
import { modelForKind } from './models.js';
import { resourcePaths } from './paths.js';
import { buildSchemas, SchemaNamer, type GroupVersionKind, type Schema, type SchemaRoot } from './schemas.js';

export { strictDecodingMessage, unknownFieldMessage, unknownFields } from './unknown-fields.js';

/** The body of `GET /openapi/v3`. */
export interface OpenApiIndex {
  paths: Record<string, { serverRelativeURL: string }>;
}

/** Everything built for one registry: documents are built on first request and kept, as their content never changes. */
class OpenApiCache {
  readonly namer = new SchemaNamer();
  readonly tags: PatchTags;
  readonly documents = new Map<string, Schema>();
  index?: OpenApiIndex;

  constructor(readonly registry: ResourceRegistry) {
    this.tags = patchTags(kindsOf(registry));
  }
}

// A memo of pure functions of an immutable registry, keyed weakly: it holds no state a test could observe.
const caches = new WeakMap<ResourceRegistry, OpenApiCache>();

function cacheFor(registry: ResourceRegistry): OpenApiCache {
  let cache = caches.get(registry);
  if (!cache) caches.set(registry, (cache = new OpenApiCache(registry)));
  return cache;
}

/** `api/v1` or `apis/<group>/<version>`: the index key and URL suffix of a group-version's document. */
export function groupVersionPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

/**
 * The `/openapi/v3` index: every served group-version with the URL of its document. The `hash` query is the
 * SHA-512 of the document (upper-case hex, as upstream), so it changes exactly when the document does and clients
 * may cache a hashed URL for good.
 */
export function openApiIndex(registry: ResourceRegistry): OpenApiIndex {
  const cache = cacheFor(registry);
  if (cache.index) return cache.index;
  const paths: OpenApiIndex['paths'] = {};
  for (const { group, versions } of registry.groups()) {
    for (const version of versions) {
      const key = groupVersionPath(group, version);
      const document = openApiDocument(registry, key);
      const hash = createHash('sha512').update(JSON.stringify(document)).digest('hex').toUpperCase();
      paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${hash}` };
    }
  }
  return (cache.index = { paths });
}

/**
 * The document of one group-version, for `GET /openapi/v3/<path>`: `path` is `api/v1` or `apis/apps/v1` (a
 * leading `/`, an `openapi/v3/` prefix and a `?hash=` query are ignored). Null for a group-version not served.
 */
export function openApiDocument(registry: ResourceRegistry, path: string): Schema | null {
  const key = path
    .replace(/\?.*$/, '')
    .replace(/^\/+/, '')
    .replace(/^openapi\/v3\//, '')
    .replace(/\/+$/, '');
  const match = /^(?:api\/([^/]+)|apis\/([^/]+)\/([^/]+))$/.exec(key);
  if (!match) return null;
  const [group, version] = match[1] ? ['', match[1]] : [match[2] ?? '', match[3] ?? ''];
  const resources = registry.inGroupVersion(group, version);
  if (resources.length === 0) return null;

  const cache = cacheFor(registry);
  const cached = cache.documents.get(key);
  if (cached) return cached;
  const document = buildDocument(cache, resources);
  cache.documents.set(key, document);
  return document;
}

function buildDocument(cache: OpenApiCache, resources: ResourceInfo[]): Schema {
  const roots = schemaRoots(resources);
  const { schemas, names: modelNames } = buildSchemas(roots, cache.namer, cache.tags);
  const names = new Map<string, string>();
  for (const { model, gvk } of roots) {
    const name = modelNames.get(model);
    if (gvk && name) names.set(gvkKey(gvk), name);
  }
  const paths: Record<string, Schema> = {};
  for (const info of resources)
    Object.assign(
      paths,
      resourcePaths(info, (gvk) => names.get(gvkKey(gvk))),
    );
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: SERVER_VERSION.gitVersion },
    paths,
    components: { schemas },
  };
}

/**
 * The models one document describes: its kinds and their lists first (so their own types take this group's
 * package), then the kinds of subresources served from other groups (Scale, Eviction), then DeleteOptions/Status.
 */
function schemaRoots(resources: ResourceInfo[]): SchemaRoot[] {
  const roots: SchemaRoot[] = [];
  const add = (gvk: GroupVersionKind, owner = gvk.group) => {
    const model = modelForKind(gvk.group, gvk.version, gvk.kind);
    if (model && !roots.some((root) => root.model === model)) roots.push({ model, group: owner, gvk });
  };
  for (const { group, version, kind } of resources) {
    add({ group, version, kind });
    add({ group, version, kind: `${kind}List` });
  }
  for (const info of resources) {
    for (const sub of info.subresources ?? []) {
      add({ group: sub.group ?? info.group, version: sub.version ?? info.version, kind: sub.kind });
    }
  }
  for (const model of ['V1DeleteOptions', 'V1Status']) roots.push({ model, group: '' });
  return roots;
}

/** Every kind the registry serves, subresource kinds included, with its model: the input of patchTags. */
function kindsOf(registry: ResourceRegistry): { apiVersion: string; kind: string; model: string }[] {
  const kinds = registry.all.flatMap((info) => [
    info,
    ...(info.subresources ?? []).map((sub) => ({
      group: sub.group ?? info.group,
      version: sub.version ?? info.version,
      kind: sub.kind,
    })),
  ]);
  return kinds.flatMap(({ group, version, kind }) => {
    const model = modelForKind(group, version, kind);
    return model ? [{ apiVersion: groupVersion({ group, version }), kind, model }] : [];
  });
}

const gvkKey = ({ group, version, kind }: GroupVersionKind) => `${group}/${version}/${kind}`;
