// DELETECOLLECTION: every object the selectors match, each deleted as a single DELETE would.
import { deleteObject } from './delete.js';
import { deleteOptions } from './delete-options.js';
import { listOptions } from './list-options.js';
import { objectNamespace, typeMeta, type RestContext, type RestResult } from './context.js';

export async function deleteCollection(ctx: RestContext): Promise<RestResult> {
  const options = await deleteOptions(ctx);
  const filter = listOptions(ctx);
  const page = await ctx.store.list(objectNamespace(ctx));
  const items = [];
  for (const object of page.items.filter(filter.matches)) items.push(await deleteObject(ctx, object, options));
  const { apiVersion, kind } = typeMeta(ctx.info);
  return {
    code: 200,
    body: { apiVersion, kind: `${kind}List`, metadata: { resourceVersion: String(page.revision) }, items },
  };
}
