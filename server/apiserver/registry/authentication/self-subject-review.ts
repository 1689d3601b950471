// SelfSubjectReview (authentication.k8s.io/v1): "who am I?", which `kubectl auth whoami` asks. Created, never
// stored; status.userInfo is the user the request was authenticated (or impersonated) as.
import { groupsOf } from '../../auth.js';
import type { RestContext, RestResult } from '../../rest/context.js';
import { decodeObject } from '../../rest/decode.js';
import type { ResourceStrategy } from '../strategy.js';

async function createSelfSubjectReview(ctx: RestContext): Promise<RestResult> {
  const review = await decodeObject(ctx);
  return {
    code: 201,
    body: {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'SelfSubjectReview',
      metadata: { ...review.metadata, creationTimestamp: null },
      status: { userInfo: { username: ctx.user.name, groups: groupsOf(ctx.user) } },
    },
  };
}

export const selfSubjectReviewStrategy: ResourceStrategy = { create: createSelfSubjectReview };
