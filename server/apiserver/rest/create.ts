// CREATE (POST to a collection): decode, name (generateName), defaults, server fields, validation, admission, store.
import { admitNamespace, admitPriority, defaulted, generatedName, recorded, validated } from './admit.js';
import { isDryRun, type RestContext, type RestResult } from './context.js';
import { decodeObject } from './decode.js';
import { errors } from '../status.js';
import { prepareForCreate } from '../registry/lifecycle.js';
import { allocateServiceAddresses } from './service-addresses.js';
import { populateNamespace } from './namespace-content.js';

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
  if (ctx.info.resource === 'pods') await admitPriority(ctx, decoded);
  // Server fields first: some defaults need them (a Job's generated selector is keyed by its uid).
  const prepared = prepareForCreate(ctx.info, decoded, ctx.now());
  const object = validated(ctx, recorded(ctx, undefined, defaulted(ctx, prepared)));
  await admitNamespace(ctx, object);
  if (ctx.info.resource === 'services') await allocateServiceAddresses(ctx, object);
  if (isDryRun(ctx.query)) return { code: 201, body: object };
  const created = await ctx.store.create(object);
  if (ctx.info.resource === 'namespaces') {
    const stores = { serviceAccounts: ctx.storeFor('serviceaccounts'), configMaps: ctx.storeFor('configmaps') };
    await populateNamespace(created.metadata.name!, stores, ctx.clusterCa, ctx.now());
  }
  return { code: 201, body: created };
}
