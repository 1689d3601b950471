// The `paths` of a group-version's OpenAPI v3 document: one path item per URL a resource answers, one operation
// per verb, each tagged with `x-kubernetes-group-version-kind` and `x-kubernetes-action` as upstream tags them.
// kubectl reads these: explain finds a resource's kind on its collection path, and apply/create only send
// `fieldValidation=Strict` when the kind's PATCH operation lists that query parameter.
import { PATCH_CONTENT_TYPES } from '../patch/index.js';
import type { ResourceInfo, SubresourceInfo } from '../resources.js';
import { META, PATCH, ref, type GroupVersionKind, type Schema } from './schemas.js';

/** How a verb reaches the wire: HTTP method, upstream's action name and operationId verb. */
interface VerbShape {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  action: string;
  operation: string;
}

const ITEM_VERBS: Readonly<Record<string, VerbShape>> = {
  get: { method: 'get', action: 'get', operation: 'read' },
  update: { method: 'put', action: 'put', operation: 'replace' },
  patch: { method: 'patch', action: 'patch', operation: 'patch' },
  delete: { method: 'delete', action: 'delete', operation: 'delete' },
};
const COLLECTION_VERBS: Readonly<Record<string, VerbShape>> = {
  list: { method: 'get', action: 'list', operation: 'list' },
  create: { method: 'post', action: 'post', operation: 'create' },
  deletecollection: { method: 'delete', action: 'deletecollection', operation: 'deleteCollection' },
};
const SUBRESOURCE_VERBS: Readonly<Record<string, VerbShape>> = {
  ...ITEM_VERBS,
  create: { method: 'post', action: 'post', operation: 'create' },
};
// Streaming subresources: upstream calls their operations `connect`, one per method.
const CONNECT = new Set(['exec', 'attach', 'portforward']);

const query = (name: string, type: string): Schema => ({ name, in: 'query', schema: { type }, uniqueItems: true });
const path = (name: string): Schema => ({ name, in: 'path', required: true, schema: { type: 'string' } });

// Query parameters by verb, named as the API server reads them (and as kubectl's QueryParamVerifierV3 looks
// for `fieldValidation` among a PATCH operation's own parameters).
const WRITE = [query('dryRun', 'string'), query('fieldManager', 'string'), query('fieldValidation', 'string')];
const LIST = [
  query('allowWatchBookmarks', 'boolean'),
  query('continue', 'string'),
  query('fieldSelector', 'string'),
  query('labelSelector', 'string'),
  query('limit', 'integer'),
  query('resourceVersion', 'string'),
  query('resourceVersionMatch', 'string'),
  query('sendInitialEvents', 'boolean'),
  query('timeoutSeconds', 'integer'),
  query('watch', 'boolean'),
];
const DELETE = [
  query('dryRun', 'string'),
  query('gracePeriodSeconds', 'integer'),
  query('propagationPolicy', 'string'),
];
const PARAMETERS: Readonly<Record<string, Schema[]>> = {
  get: [],
  list: LIST,
  create: WRITE,
  update: WRITE,
  patch: [...WRITE, query('force', 'boolean')],
  delete: DELETE,
  deletecollection: [...LIST, ...DELETE],
};
const SUBRESOURCE_PARAMETERS: Readonly<Record<string, Schema[]>> = {
  log: ['container', 'sinceTime']
    .map((name) => query(name, 'string'))
    .concat(
      ['follow', 'previous', 'timestamps', 'insecureSkipTLSVerifyBackend'].map((name) => query(name, 'boolean')),
      ['limitBytes', 'sinceSeconds', 'tailLines'].map((name) => query(name, 'integer')),
    ),
  exec: [query('command', 'string'), ...streams()],
  attach: streams(),
  portforward: [query('ports', 'integer')],
};

function streams(): Schema[] {
  return [query('container', 'string'), ...['stdin', 'stdout', 'stderr', 'tty'].map((name) => query(name, 'boolean'))];
}

const json = (schema: Schema) => ({ 'application/json': { schema } });
const body = (schema: Schema) => ({ required: true, content: { '*/*': { schema } } });
const PATCH_BODY = {
  required: true,
  content: Object.fromEntries(PATCH_CONTENT_TYPES.map((type) => [type, { schema: ref(PATCH) }])),
};

/** What the path builder needs to know about the kinds in the document: its schema name, if it has one. */
export type SchemaNameOf = (gvk: GroupVersionKind) => string | undefined;

/** The path items of one resource: collection, item, all-namespaces list and subresources. */
export function resourcePaths(info: ResourceInfo, schemaNameOf: SchemaNameOf): Record<string, Schema> {
  const base = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  const collection = info.namespaced ? `${base}/namespaces/{namespace}/${info.resource}` : `${base}/${info.resource}`;
  const scope = info.namespaced ? [path('namespace')] : [];
  const gvk = { group: info.group, version: info.version, kind: info.kind };
  const kindSchema = refTo(schemaNameOf(gvk));
  const listSchema = refTo(schemaNameOf({ ...gvk, kind: `${info.kind}List` }));
  const opId = (verb: string, suffix = '') =>
    `${verb}${pascalGroup(info.group)}${pascalCase(info.version)}${info.namespaced ? 'Namespaced' : ''}${info.kind}${suffix}`;

  const paths: Record<string, Schema> = {};
  const add = (
    url: string,
    parameters: Schema[],
    verbs: Record<string, VerbShape>,
    make: (verb: string, shape: VerbShape) => Schema,
  ) => {
    const item: Schema = {};
    for (const verb of info.verbs) {
      const shape = verbs[verb];
      if (shape) item[shape.method] = make(verb, shape);
    }
    if (Object.keys(item).length > 0) paths[url] = { ...item, parameters: [...parameters, query('pretty', 'string')] };
  };
  const operation = (verb: string, shape: VerbShape, id: string, response: Schema | undefined, extra: Schema = {}) => ({
    operationId: id,
    parameters: PARAMETERS[verb] ?? [],
    ...extra,
    responses: responses(verb, response),
    'x-kubernetes-action': shape.action,
    'x-kubernetes-group-version-kind': gvk,
  });

  add(collection, scope, COLLECTION_VERBS, (verb, shape) =>
    operation(
      verb,
      shape,
      opId(shape.operation),
      verb === 'list' ? listSchema : verb === 'create' ? kindSchema : ref(`${META}.Status`),
      {
        ...(verb === 'create' && kindSchema ? { requestBody: body(kindSchema) } : {}),
        ...(verb === 'deletecollection' ? { requestBody: body(ref(`${META}.DeleteOptions`)) } : {}),
      },
    ),
  );
  add(`${collection}/{name}`, [path('name'), ...scope], ITEM_VERBS, (verb, shape) =>
    operation(verb, shape, opId(shape.operation), kindSchema, {
      ...(verb === 'update' && kindSchema ? { requestBody: body(kindSchema) } : {}),
      ...(verb === 'patch' ? { requestBody: PATCH_BODY } : {}),
      ...(verb === 'delete' ? { requestBody: body(ref(`${META}.DeleteOptions`)) } : {}),
    }),
  );
  if (info.namespaced && info.verbs.includes('list')) {
    const shape = COLLECTION_VERBS.list as VerbShape;
    const id = `list${pascalGroup(info.group)}${pascalCase(info.version)}${info.kind}ForAllNamespaces`;
    paths[`${base}/${info.resource}`] = {
      get: operation('list', shape, id, listSchema),
      parameters: [query('pretty', 'string')],
    };
  }
  for (const sub of info.subresources ?? []) {
    Object.assign(paths, subresourcePath(info, sub, `${collection}/{name}/${sub.name}`, scope, schemaNameOf, opId));
  }
  return paths;
}

function subresourcePath(
  info: ResourceInfo,
  sub: SubresourceInfo,
  url: string,
  scope: Schema[],
  schemaNameOf: SchemaNameOf,
  opId: (verb: string, suffix: string) => string,
): Record<string, Schema> {
  const gvk = { group: sub.group ?? info.group, version: sub.version ?? info.version, kind: sub.kind };
  const schema = refTo(schemaNameOf(gvk));
  const suffix = pascalCase(sub.name);
  const item: Schema = {};
  for (const verb of sub.verbs) {
    const shape = SUBRESOURCE_VERBS[verb];
    if (!shape) continue;
    const connect = CONNECT.has(sub.name);
    const operationId = opId(connect ? `connect${pascalCase(shape.method)}` : shape.operation, suffix);
    const streamed = connect || sub.name === 'log';
    item[shape.method] = {
      operationId,
      parameters: SUBRESOURCE_PARAMETERS[sub.name] ?? PARAMETERS[verb] ?? [],
      ...(shape.method === 'patch' ? { requestBody: PATCH_BODY } : {}),
      ...((shape.method === 'put' || (shape.method === 'post' && !connect)) && schema
        ? { requestBody: body(schema) }
        : {}),
      responses: streamed
        ? { '200': { description: 'OK', content: { '*/*': { schema: { type: 'string' } } } } }
        : responses(verb, schema),
      'x-kubernetes-action': connect ? 'connect' : shape.action,
      'x-kubernetes-group-version-kind': gvk,
    };
  }
  return Object.keys(item).length > 0 ? { [url]: { ...item, parameters: [path('name'), ...scope] } } : {};
}

function responses(verb: string, schema: Schema | undefined): Schema {
  const ok = { description: 'OK', ...(schema ? { content: json(schema) } : {}) };
  const codes: Schema = { '200': ok };
  if (verb === 'create' || verb === 'update' || verb === 'patch') codes['201'] = { ...ok, description: 'Created' };
  if (verb === 'create' || verb === 'delete') codes['202'] = { ...ok, description: 'Accepted' };
  codes['401'] = { description: 'Unauthorized' };
  return codes;
}

const refTo = (name: string | undefined): Schema | undefined => (name ? ref(name) : undefined);

function pascalCase(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** `''` → `Core`, `apps` → `Apps`, `discovery.k8s.io` → `Discovery`, as in upstream's operationIds. */
function pascalGroup(group: string): string {
  if (group === '') return 'Core';
  return group
    .replace(/\.k8s\.io$/, '')
    .split('.')
    .map(pascalCase)
    .join('');
}
