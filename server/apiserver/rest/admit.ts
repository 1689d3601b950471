// What every write goes through before it is stored, in upstream's order: defaults, then validation (422 Invalid
// with field causes), then admission (the namespace must exist and not be terminating; Services get their IPs).
import { randomBytes } from 'node:crypto';
import type { KubeObject } from '../../api/meta.js';
import { applyDefaults } from '../defaults/index.js';
import { recordUpdate } from '../patch/index.js';
import { invalidMessage, toCause, validateCreate, validateUpdate } from '../validation/index.js';
import { patchAllocatedValues } from '../defaults/service.js';
import { ApiError, errors } from '../status.js';
import type { RestContext } from './context.js';

/** Upstream's generateName suffix: five characters from a consonant-and-digit alphabet. */
export function generatedName(prefix: string): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return prefix + [...randomBytes(5)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

/** Upstream's defaults; on update a Service keeps the ClusterIP and NodePorts it was given when it was created. */
export function defaulted(ctx: RestContext, object: KubeObject, old?: KubeObject): KubeObject {
  const result = malformedIsBadRequest(() =>
    applyDefaults(ctx.info.resource, object, old ? 'update' : 'create', ctx.tolerations),
  );
  if (old && ctx.info.resource === 'services') patchAllocatedValues(result as never, old as never);
  return result;
}

/** 422 Invalid with field causes, as upstream words them; the status subresource is not held to spec rules. */
export function validated(ctx: RestContext, object: KubeObject, old?: KubeObject): KubeObject {
  if (old && ctx.request.subresource === 'status') return object;
  const found = malformedIsBadRequest(() =>
    old ? validateUpdate(ctx.info.resource, object, old) : validateCreate(ctx.info.resource, object),
  );
  if (found.length === 0) return object;
  const name = object.metadata.name ?? '';
  throw new ApiError(422, 'Invalid', invalidMessage(ctx.info.kind, ctx.info.group, name, found), {
    name,
    group: ctx.info.group,
    kind: ctx.info.kind,
    causes: found.map(toCause),
  });
}

/** Namespaced objects may be created only in a namespace that exists and is not being deleted. */
export async function admitNamespace(ctx: RestContext, object: KubeObject): Promise<void> {
  if (!ctx.info.namespaced) return;
  const name = object.metadata.namespace!;
  const namespace = await ctx.storeFor('namespaces').find(undefined, name);
  if (!namespace) throw errors.notFound('namespaces', '', name);
  if (namespace.metadata.deletionTimestamp) {
    throw new ApiError(
      403,
      'Forbidden',
      `${ctx.info.resource} "${object.metadata.name}" is forbidden: unable to create new content in namespace ${name} because it is being terminated`,
    );
  }
}

/** Records this write in managedFields as an Update by the request's fieldManager (or its User-Agent program). */
export function recorded(ctx: RestContext, before: KubeObject | undefined, after: KubeObject): KubeObject {
  return recordUpdate(before, after, {
    manager: fieldManager(ctx),
    now: ctx
      .now()
      .toISOString()
      .replace(/\.\d+Z$/, 'Z'),
    subresource: ctx.request.subresource,
  });
}

/** The fieldManager query parameter; upstream defaults it to the client's User-Agent program name. */
export function fieldManager(ctx: RestContext): string {
  return ctx.query.get('fieldManager') ?? ((ctx.req.headers['user-agent'] ?? 'unknown').split('/')[0] || 'unknown');
}

/**
 * Defaults and validation read fields by their expected types; an object whose fields have other types (a string
 * where a list belongs) makes them fail. That is the client's mistake: a 400 naming it, not a 500.
 */
function malformedIsBadRequest<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw errors.badRequest(`the object has a field of the wrong type: ${(error as Error).message}`);
  }
}

const SYSTEM_CLASSES = new Set(['system-cluster-critical', 'system-node-critical']);

/**
 * The Priority admission plugin for PriorityClass objects: a pod naming a class gets its value (and preemption
 * policy); a pod naming none gets the globalDefault class, if there is one. An unknown class is refused, as
 * upstream. (A priority the client set itself is kept, where upstream would refuse it: the labs set it directly.)
 */
export async function admitPriority(ctx: RestContext, pod: KubeObject): Promise<void> {
  const spec = (pod.spec ?? {}) as { priorityClassName?: string; priority?: number; preemptionPolicy?: string };
  if (spec.priorityClassName && SYSTEM_CLASSES.has(spec.priorityClassName)) return;
  const classes = ctx.storeFor('priorityclasses', 'scheduling.k8s.io');
  let chosen: KubeObject | undefined;
  if (spec.priorityClassName) {
    chosen = (await classes.find(undefined, spec.priorityClassName)) ?? undefined;
    if (!chosen) {
      throw new ApiError(
        403,
        'Forbidden',
        `pods "${pod.metadata.name ?? ''}" is forbidden: no PriorityClass with name ${spec.priorityClassName} was found`,
      );
    }
  } else {
    chosen = (await classes.list(undefined)).items.find((item) => item.globalDefault === true);
    if (!chosen) return;
    spec.priorityClassName = chosen.metadata.name;
  }
  spec.priority ??= Number(chosen.value ?? 0);
  spec.preemptionPolicy ??= (chosen.preemptionPolicy as string | undefined) ?? 'PreemptLowerPriority';
  pod.spec = spec;
}
