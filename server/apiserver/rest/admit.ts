// What every write goes through before it is stored, in this order and for every resource alike; what differs by
// resource is in its strategy (registry/). On create: server fields, defaults, mutating admission, the strategy's
// PrepareForCreate, validation (422 Invalid with field causes), validating admission, allocation. On update:
// defaults, the generic merge and the strategy's PrepareForUpdate, validation.
import { randomBytes } from 'node:crypto';
import type { KubeObject } from '../../api/meta.js';
import { rfc3339 } from '../../api/time.js';
import { invalidMessage, toCause, type FieldError } from '../../api/field-error.js';
import { mutateForCreate, validateAdmission } from '../registry/create-steps.js';
import { bumpGeneration, prepareObjectForCreate, prepareObjectForUpdate, updateScope } from '../registry/lifecycle.js';
import { strategyFor, validateForCreate, validateForUpdate } from '../registry/strategies.js';
import { recordUpdate } from '../patch/index.js';
import { ApiError, errors } from '../status.js';
import type { RestContext } from './context.js';

/** Upstream's generateName suffix: five characters from a consonant-and-digit alphabet. */
export function generatedName(prefix: string): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return prefix + [...randomBytes(5)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

/**
 * A new object made ready to store: server fields, defaults, admission, the strategy's PrepareForCreate and
 * validation, then the validating admission plugins and the strategy's allocations (checked only on a dry run).
 * `record` adds the managedFields entry of an Update (server-side apply has recorded its own).
 */
export async function prepareCreate(
  ctx: RestContext,
  decoded: KubeObject,
  dryRun: boolean,
  record: boolean,
): Promise<KubeObject> {
  const object = prepareObjectForCreate(decoded, ctx.now());
  await malformedIsBadRequest(() => mutateForCreate(ctx, object));
  const recorded = record ? recordUpdate(undefined, object, writeOptions(ctx)) : object;
  validated(ctx, recorded, () => validateForCreate(ctx.info, recorded));
  await validateAdmission(ctx, recorded);
  await strategyFor(ctx.info).allocate?.(ctx, recorded, dryRun);
  return recorded;
}

/** Runs the strategy's after-create hook on what was stored; answers what the client should see. */
export async function finishCreate(ctx: RestContext, created: KubeObject): Promise<KubeObject> {
  await strategyFor(ctx.info).afterCreate?.(ctx, created);
  return created;
}

/**
 * `next` merged over `old` as an update through the request's subresource: defaults (not for finalize, whose
 * defaults would put the `kubernetes` finalizer back), identity and status kept, the strategy's PrepareForUpdate,
 * generation, then validation (not for status, whose writers may change what the spec rules forbid).
 */
export function prepareUpdate(ctx: RestContext, next: KubeObject, old: KubeObject): KubeObject {
  const strategy = strategyFor(ctx.info);
  const scope = updateScope(ctx.request.subresource);
  const input = structuredClone(next);
  return syncMalformedIsBadRequest(() => {
    if (scope !== 'finalize') strategy.defaults?.(input);
    const merged = prepareObjectForUpdate(ctx.info, input, old, scope);
    strategy.prepareForUpdate?.(merged, input, old, scope);
    bumpGeneration(merged, old);
    if (scope === 'status') return merged;
    return validated(ctx, merged, () => validateForUpdate(ctx.info, merged, old));
  });
}

/** 422 Invalid with field causes, as upstream words them, when `check` finds any. */
function validated(ctx: RestContext, object: KubeObject, check: () => FieldError[]): KubeObject {
  const found = syncMalformedIsBadRequest(check);
  if (found.length === 0) return object;
  const name = object.metadata.name ?? '';
  throw new ApiError(422, 'Invalid', invalidMessage(ctx.info.kind, ctx.info.group, name, found), {
    name,
    group: ctx.info.group,
    kind: ctx.info.kind,
    causes: found.map(toCause),
  });
}

/** Records this write in managedFields as an Update by the request's fieldManager (or its User-Agent program). */
export function recorded(ctx: RestContext, before: KubeObject | undefined, after: KubeObject): KubeObject {
  return recordUpdate(before, after, writeOptions(ctx));
}

function writeOptions(ctx: RestContext) {
  return {
    manager: fieldManager(ctx),
    now: rfc3339(ctx.now()),
    subresource: ctx.request.subresource,
  };
}

/** The fieldManager query parameter; upstream defaults it to the client's User-Agent program name. */
export function fieldManager(ctx: RestContext): string {
  return ctx.query.get('fieldManager') ?? ((ctx.req.headers['user-agent'] ?? 'unknown').split('/')[0] || 'unknown');
}

/**
 * Defaults and validation read fields by their expected types; an object whose fields have other types (a string
 * where a list belongs) makes them fail. That is the client's mistake: a 400 naming it, not a 500.
 */
function syncMalformedIsBadRequest<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw asBadRequest(error);
  }
}

async function malformedIsBadRequest(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    throw asBadRequest(error);
  }
}

function asBadRequest(error: unknown): unknown {
  if (error instanceof ApiError) return error;
  return errors.badRequest(`the object has a field of the wrong type: ${(error as Error).message}`);
}
