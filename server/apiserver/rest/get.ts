// GET one object.
import { renderObject, rendering } from './output.js';
import { objectNamespace, type RestContext, type RestResult } from './context.js';

export async function get(ctx: RestContext): Promise<RestResult> {
  const object = await ctx.store.get(objectNamespace(ctx), ctx.request.name!);
  return { code: 200, body: renderObject(ctx.info, object, rendering(ctx.req.headers.accept, ctx.query), ctx.now()) };
}
