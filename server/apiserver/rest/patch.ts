// PATCH: JSON patch, merge patch, strategic merge patch, or server-side apply (which may also create), applied to
// the current object and written with compare-and-swap, retried when another writer got there first. A
// resourceVersion inside the patch is a precondition (409 when stale), as upstream.
import type { KubeObject } from '../../api/meta.js';
import { rfc3339 } from '../../api/time.js';
import { booleanParam } from '../http/query.js';
import { applyPatch } from '../patch/index.js';
import { ApiError, errors } from '../status.js';
import { mediaType } from '../http/body.js';
import { fieldManager, finishCreate, prepareCreate } from './admit.js';
import { isDryRun, objectNamespace, typeMeta, type RestContext, type RestResult } from './context.js';
import { checkUnknownFields } from './field-validation.js';
import { write } from './update.js';

const MAX_ATTEMPTS = 5;

export async function patch(ctx: RestContext): Promise<RestResult> {
  const type = mediaType(ctx.req.headers['content-type']);
  const body = await ctx.body();
  const options = {
    fieldManager: fieldManager(ctx),
    force: booleanParam(ctx.query, 'force'),
    now: rfc3339(ctx.now()),
    subresource: ctx.request.subresource,
  };
  for (let attempt = 1; ; attempt++) {
    const live = await ctx.store.find(objectNamespace(ctx), ctx.request.name!);
    if (!live && (type !== 'application/apply-patch+yaml' || ctx.request.subresource)) {
      throw errors.notFound(ctx.info.resource, ctx.info.group, ctx.request.name!);
    }
    const outcome = applyPatch(type, live ? { ...live, ...typeMeta(ctx.info) } : undefined, body, options);
    if (!outcome.ok) {
      const { error } = outcome;
      throw new ApiError(
        error.code,
        error.reason,
        error.message,
        error.causes.length ? { causes: error.causes } : undefined,
      );
    }
    const patched = checkIdentity(ctx, outcome.object);
    checkUnknownFields(ctx, patched);
    if (!live) return { code: 201, body: await createApplied(ctx, patched) };
    const wanted = patched.metadata.resourceVersion;
    if (wanted && wanted !== live.metadata.resourceVersion)
      throw errors.staleObject(ctx.info.resource, ctx.info.group, ctx.request.name!);
    if (!outcome.changed) return { code: 200, body: live };
    try {
      return { code: 200, body: await write(ctx, patched, live) };
    } catch (error) {
      const conflict = error instanceof ApiError && error.reason === 'Conflict' && !wanted;
      if (!conflict || attempt === MAX_ATTEMPTS) throw error;
    }
  }
}

/** Server-side apply of an object that does not exist yet: a create, with the managedFields apply recorded. */
async function createApplied(ctx: RestContext, object: KubeObject): Promise<KubeObject> {
  const dryRun = isDryRun(ctx.query);
  const prepared = await prepareCreate(ctx, object, dryRun, false);
  return dryRun ? prepared : finishCreate(ctx, await ctx.store.create(prepared));
}

/** A patch may not change what the object is: its apiVersion, kind, name or namespace. */
function checkIdentity(ctx: RestContext, object: KubeObject): KubeObject {
  const expected = typeMeta(ctx.info);
  if (object.apiVersion !== expected.apiVersion || object.kind !== expected.kind) {
    throw errors.badRequest(
      `the patch may not change apiVersion or kind (expected ${expected.apiVersion} ${expected.kind})`,
    );
  }
  if (object.metadata?.name !== ctx.request.name) {
    throw errors.badRequest(
      `the name of the object (${object.metadata?.name}) does not match the name on the URL (${ctx.request.name})`,
    );
  }
  const namespace = objectNamespace(ctx);
  if (ctx.info.namespaced && object.metadata.namespace !== undefined && object.metadata.namespace !== namespace) {
    throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  return { ...object, metadata: { ...object.metadata, namespace } };
}
