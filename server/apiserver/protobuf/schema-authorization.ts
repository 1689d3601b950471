// authorization.k8s.io/v1 SelfSubjectAccessReview and SelfSubjectRulesReview
// (k8s.io/api/authorization/v1/generated.proto) and authentication.k8s.io/v1 SelfSubjectReview
// (k8s.io/api/authentication/v1/generated.proto): what `kubectl auth can-i` and `kubectl auth whoami` send.
// Only what a client sends is here; the status the server fills in is answered as JSON.
import type { SchemaTable } from './schema-types.js';

export const AUTHORIZATION_SCHEMA = {
  SelfSubjectAccessReview: {
    1: ['metadata', 'message:ObjectMeta'],
    2: ['spec', 'message:SelfSubjectAccessReviewSpec'],
  },
  SelfSubjectAccessReviewSpec: {
    1: ['resourceAttributes', 'message:ResourceAttributes'],
    2: ['nonResourceAttributes', 'message:NonResourceAttributes'],
  },
  ResourceAttributes: {
    1: ['namespace', 'string'],
    2: ['verb', 'string'],
    3: ['group', 'string'],
    4: ['version', 'string'],
    5: ['resource', 'string'],
    6: ['subresource', 'string'],
    7: ['name', 'string'],
  },
  NonResourceAttributes: {
    1: ['path', 'string'],
    2: ['verb', 'string'],
  },
  SelfSubjectRulesReview: {
    1: ['metadata', 'message:ObjectMeta'],
    2: ['spec', 'message:SelfSubjectRulesReviewSpec'],
  },
  SelfSubjectRulesReviewSpec: {
    1: ['namespace', 'string'],
  },
  SelfSubjectReview: {
    1: ['metadata', 'message:ObjectMeta'],
  },
} satisfies SchemaTable;
