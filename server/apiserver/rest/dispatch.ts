// Routes a resource request to its handler by verb and subresource; what a resource does not support is a 405
// (or 404 for an unknown subresource), as upstream answers.
import { strategyFor } from '../registry/strategies.js';
import { errors } from '../status.js';
import { sendJson } from '../http/respond.js';
import { bind } from './binding.js';
import type { RestContext, RestResult } from './context.js';
import { create } from './create.js';
import { del } from './delete.js';
import { deleteCollection } from './delete-collection.js';
import { evict } from './eviction.js';
import { get } from './get.js';
import { list } from './list.js';
import { proxyToKubelet } from './node-proxy.js';
import { patch } from './patch.js';
import { scale } from './scale.js';
import { update } from './update.js';
import { watch } from './watch.js';

type Handler = (ctx: RestContext) => Promise<RestResult>;

const MAIN: Record<string, Handler> = {
  get,
  list,
  create,
  update,
  patch,
  delete: del,
  deletecollection: deleteCollection,
};
const STATUS: Record<string, Handler> = { get, update, patch };
const SUBRESOURCES: Record<string, Record<string, Handler>> = {
  status: STATUS,
  scale: { get: scale, update: scale, patch: scale },
  binding: { create: bind },
  eviction: { create: evict },
  log: { get: proxyToKubelet },
  exec: { get: proxyToKubelet, create: proxyToKubelet },
  attach: { get: proxyToKubelet, create: proxyToKubelet },
  portforward: { get: proxyToKubelet, create: proxyToKubelet },
  finalize: { update },
};

export async function dispatch(ctx: RestContext): Promise<void> {
  const { verb, subresource, name } = ctx.request;
  if (verb === 'watch') {
    if (!ctx.info.verbs.includes('watch')) throw errors.methodNotAllowed(`${ctx.info.resource} cannot be watched`);
    return watch(ctx);
  }
  let handler: Handler | undefined;
  if (subresource) {
    if (!ctx.info.subresources?.some((sub) => sub.name === subresource)) {
      throw errors.notFound(`${ctx.info.resource}/${subresource}`, ctx.info.group, name ?? '');
    }
    handler = SUBRESOURCES[subresource]?.[verb];
  } else if (ctx.info.verbs.includes(verb)) {
    // Create-only resources that are never stored (bindings, reviews) answer a create through their strategy.
    const virtual = verb === 'create' ? strategyFor(ctx.info).create : undefined;
    handler = virtual ?? MAIN[verb];
  }
  if (!handler) {
    throw errors.methodNotAllowed(`the server does not allow this method on the requested resource`);
  }
  const result = await handler(ctx);
  sendJson(ctx.res, result.code, result.body);
}
