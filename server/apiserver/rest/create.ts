// CREATE (POST to a collection): decode, name (generateName), then the write steps of admit.ts, store, and the
// resource's after-create hook. Create-only resources that are never stored answer through their strategy.
import { finishCreate, generatedName, prepareCreate } from './admit.js';
import { isDryRun, type RestContext, type RestResult } from './context.js';
import { decodeObject } from './decode.js';
import { errors } from '../status.js';

export async function create(ctx: RestContext): Promise<RestResult> {
  const decoded = await decodeObject(ctx);
  const metadata = decoded.metadata;
  if (!metadata.name) {
    if (!metadata.generateName) {
      throw errors.invalid(ctx.info.kind, ctx.info.group, '', [
        {
          type: 'FieldValueRequired',
          field: 'metadata.name',
          message: 'Required value: name or generateName is required',
        },
      ]);
    }
    metadata.name = generatedName(metadata.generateName);
  }
  const dryRun = isDryRun(ctx.query);
  const object = await prepareCreate(ctx, decoded, dryRun, true);
  if (dryRun) return { code: 201, body: object };
  return { code: 201, body: await finishCreate(ctx, await ctx.store.create(object)) };
}
