// The scale subresource: a Deployment, ReplicaSet, StatefulSet or ReplicationController seen as autoscaling/v1
// Scale, so `kubectl scale` (a merge patch of spec.replicas) and autoscalers need not know the owning kind.
import type { KubeObject } from '../../api/meta.js';
import { rfc3339 } from '../../api/time.js';
import { formatSelector, labelSelectorAsSelector } from '../../api/labels.js';
import type { LabelSelector } from '../../api/types/label-selector.js';
import { applyPatch } from '../patch/index.js';
import { strategyFor } from '../registry/strategies.js';
import { ApiError, errors } from '../status.js';
import { mediaType, parseDocument } from '../http/body.js';
import { isObject, objectNamespace, type RestContext, type RestResult } from './context.js';
import { write } from './update.js';

interface Scalable {
  spec?: { replicas?: number; selector?: LabelSelector };
  status?: { replicas?: number };
}

function toScale(ctx: RestContext, object: KubeObject): KubeObject {
  const { spec, status } = object as KubeObject & Scalable;
  const labelSelector = strategyFor(ctx.info).labelSelector?.(object) ?? spec?.selector;
  const selector = labelSelector ? labelSelectorAsSelector(labelSelector) : undefined;
  const { name, namespace, uid, resourceVersion, creationTimestamp } = object.metadata;
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: spec?.replicas ?? 0 },
    status: { replicas: status?.replicas ?? 0, selector: selector?.ok ? formatSelector(selector.selector) : '' },
  };
}

export async function scale(ctx: RestContext): Promise<RestResult> {
  const namespace = objectNamespace(ctx);
  const name = ctx.request.name!;
  const current = await ctx.store.get(namespace, name);
  if (ctx.request.verb === 'get') return { code: 200, body: toScale(ctx, current) };
  let wanted: KubeObject;
  if (ctx.request.verb === 'update') {
    const parsed = parseDocument(await ctx.body(), mediaType(ctx.req.headers['content-type']));
    if (!isObject(parsed)) throw errors.badRequest('the body must be an autoscaling/v1 Scale');
    wanted = parsed;
  } else {
    const outcome = applyPatch(mediaType(ctx.req.headers['content-type']), toScale(ctx, current), await ctx.body(), {
      fieldManager: ctx.query.get('fieldManager') ?? 'kubectl-scale',
      now: rfc3339(ctx.now()),
    });
    if (!outcome.ok) throw new ApiError(outcome.error.code, outcome.error.reason, outcome.error.message);
    wanted = outcome.object;
  }
  const version = wanted.metadata?.resourceVersion;
  if (version && version !== current.metadata.resourceVersion)
    throw errors.staleObject(ctx.info.resource, ctx.info.group, name);
  const replicas = (wanted.spec as { replicas?: unknown } | undefined)?.replicas;
  if (!Number.isInteger(replicas) || (replicas as number) < 0) {
    throw errors.invalid('Scale', 'autoscaling', name, [
      {
        type: 'FieldValueInvalid',
        field: 'spec.replicas',
        message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
      },
    ]);
  }
  // A shallow copy is enough: prepareUpdate (admit.ts) works on its own deep copy.
  const next: KubeObject & Scalable = {
    ...current,
    spec: { ...(current as Scalable).spec, replicas: replicas as number },
  };
  const stored = await write({ ...ctx, request: { ...ctx.request, subresource: undefined } }, next, current);
  return { code: 200, body: toScale(ctx, stored) };
}
