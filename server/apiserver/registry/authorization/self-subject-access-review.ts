// SelfSubjectAccessReview and SelfSubjectRulesReview (authorization.k8s.io/v1): "may I do this?" and "what may I
// do?", which `kubectl auth can-i` asks. Created, never stored, as upstream's REST storage for them implements only
// Create; the answer comes from the same authorizer that judges real requests.
import type { KubeObject } from '../../../api/meta.js';
import { authorize, authorizeNonResource, rulesOf } from '../../auth.js';
import type { Verb } from '../../request-info.js';
import type { RestContext, RestResult } from '../../rest/context.js';
import type { ResourceStrategy } from '../strategy.js';
import { decodeObject } from '../../rest/decode.js';

interface ResourceAttributes {
  namespace?: string;
  verb?: string;
  group?: string;
  version?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}

interface AccessReviewSpec {
  resourceAttributes?: ResourceAttributes;
  nonResourceAttributes?: { path?: string; verb?: string };
}

/** status.allowed, with a reason naming the role when allowed (as RBAC names the binding); a plain "no" else. */
function accessStatus(ctx: RestContext, spec: AccessReviewSpec): { allowed: boolean; reason?: string } {
  const { user } = ctx;
  const asked = spec.resourceAttributes;
  const allowed = asked
    ? authorize(user, {
        type: 'resource',
        verb: (asked.verb ?? '') as Verb,
        group: asked.group ?? '',
        version: asked.version ?? '',
        namespace: asked.namespace || undefined,
        resource: asked.resource ?? '',
        name: asked.name || undefined,
        subresource: asked.subresource || undefined,
      })
    : authorizeNonResource(user, spec.nonResourceAttributes?.verb ?? '');
  return allowed ? { allowed, reason: `kubelab: allowed by role ${user.role}` } : { allowed };
}

async function createAccessReview(ctx: RestContext): Promise<RestResult> {
  const review = await decodeObject(ctx);
  const spec = (review.spec ?? {}) as AccessReviewSpec;
  return { code: 201, body: answer(ctx, review, { spec, status: accessStatus(ctx, spec) }) };
}

async function createRulesReview(ctx: RestContext): Promise<RestResult> {
  const review = await decodeObject(ctx);
  const readable = ctx.registry.all.filter((info) => info.verbs.includes('get'));
  const resources = [...new Set(readable.map((info) => info.resource))];
  const nonResourceRules = [{ verbs: ctx.user.role === 'admin' ? ['*'] : ['get'], nonResourceURLs: ['*'] }];
  const status = { resourceRules: rulesOf(ctx.user, resources), nonResourceRules, incomplete: false };
  return { code: 201, body: answer(ctx, review, { spec: review.spec ?? {}, status }) };
}

/** The review as created: the client's object with its metadata and the server's status. */
function answer(ctx: RestContext, review: KubeObject, body: { spec: unknown; status: unknown }): object {
  return {
    apiVersion: 'authorization.k8s.io/v1',
    kind: ctx.info.kind,
    metadata: { ...review.metadata, creationTimestamp: null },
    ...body,
  };
}

export const selfSubjectAccessReviewStrategy: ResourceStrategy = { create: createAccessReview };
export const selfSubjectRulesReviewStrategy: ResourceStrategy = { create: createRulesReview };
