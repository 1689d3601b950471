// pods/eviction (policy/v1 Eviction): what `kubectl drain` uses; a graceful delete of the pod with the options the
// eviction carries. PodDisruptionBudgets are not enforced yet.
import { mediaType, parseDocument } from '../http/body.js';
import { errors } from '../status.js';
import { isObject, objectNamespace, type RestContext, type RestResult } from './context.js';
import { deleteObject } from './delete.js';
import type { DeleteOptions } from './delete-options.js';

export async function evict(ctx: RestContext): Promise<RestResult> {
  const eviction = parseDocument(await ctx.body(), mediaType(ctx.req.headers['content-type']));
  if (!isObject(eviction)) throw errors.badRequest('the body must be a policy/v1 Eviction');
  const pods = ctx.storeFor('pods');
  const pod = await pods.get(objectNamespace(ctx), ctx.request.name!);
  const options = (eviction.deleteOptions ?? {}) as DeleteOptions;
  await deleteObject({ ...ctx, store: pods, info: ctx.registry.forResource('', 'pods')! }, pod, options);
  return { code: 201, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } };
}
