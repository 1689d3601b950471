// Who is asking and what they may do. Bearer tokens map to users with one of three roles, a small stand-in for
// RBAC: admin (the student's kubeconfig) may do anything; reader (graders) may get, list and watch all but Secrets;
// node (kubelets) may also do what a kubelet needs. Every user may ask what it may do (the self reviews, as
// upstream's system:basic-user role). Admins may impersonate the other known users (`kubectl --as`).
// Answers are 401 and 403 Status errors.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ResourceRequest } from './request-info.js';
import { ApiError } from './status.js';

export type Role = 'admin' | 'reader' | 'node';

export interface User {
  name: string;
  role: Role;
}

const READ_VERBS = ['get', 'list', 'watch'];
/** Subresources that are not reads of the object, whatever their verb: they reach into the pod's containers. */
const CONTAINER_ACCESS = new Set(['log', 'exec', 'attach', 'portforward']);
/** Resources a reader may not read: a grader has no business with credentials. */
const HIDDEN_FROM_READERS = new Set(['secrets']);
/** Every user may ask what it may do and who it is (system:basic-user). */
const SELF_REVIEWS = new Set(['selfsubjectaccessreviews', 'selfsubjectrulesreviews', 'selfsubjectreviews']);
/** What a kubelet writes: its Node and Lease, pod status and final deletes, events. */
const NODE_WRITES: Record<string, string[]> = {
  nodes: ['create', 'update', 'patch'],
  'nodes/status': ['update', 'patch'],
  'pods/status': ['update', 'patch'],
  pods: ['delete'],
  events: ['create', 'update', 'patch'],
  leases: ['create', 'update', 'patch'],
};
/** The groups each role's user belongs to, as `kubectl auth whoami` shows them. */
const GROUPS: Record<Role, string[]> = {
  admin: ['system:masters', 'system:authenticated'],
  reader: ['system:authenticated'],
  node: ['system:nodes', 'system:authenticated'],
};

export class Authenticator {
  private readonly tokens: { token: Buffer; user: User }[];

  constructor(tokens: Record<string, User>) {
    this.tokens = Object.entries(tokens).map(([token, user]) => ({ token: Buffer.from(token), user }));
  }

  /** The user a request's bearer token names, or null. */
  authenticate(req: IncomingMessage): User | null {
    const header = req.headers.authorization ?? '';
    if (!header.startsWith('Bearer ')) return null;
    const given = Buffer.from(header.slice('Bearer '.length).trim());
    const match = this.tokens.find(({ token }) => token.length === given.length && timingSafeEqual(token, given));
    return match?.user ?? null;
  }

  /**
   * The user the request acts as: `user` itself, or the known user its Impersonate-User header names (admins only,
   * as upstream's impersonate verb). A 403 ApiError when that is not allowed or the name is not a known user.
   */
  actingUser(user: User, req: IncomingMessage): User | ApiError {
    const wanted = req.headers['impersonate-user'];
    if (wanted === undefined) return user;
    const name = (Array.isArray(wanted) ? wanted[0] : wanted) ?? '';
    if (user.role !== 'admin')
      return forbidden(
        name,
        `users "${name}" is forbidden: User "${user.name}" cannot impersonate resource "users" in API group "" at the cluster scope`,
      );
    const known = this.tokens.map((entry) => entry.user);
    const found = known.find((candidate) => candidate.name === name);
    if (found) return found;
    return forbidden(
      name,
      `users "${name}" is forbidden: this server can impersonate only its own users (${known.map((u) => u.name).join(', ')})`,
    );
  }
}

function forbidden(name: string, message: string): ApiError {
  return new ApiError(403, 'Forbidden', message, { name, kind: 'users' });
}

/** Whether `user` may perform `request`. Discovery and health need only a valid token. */
export function authorize(user: User, request: ResourceRequest): boolean {
  if (user.role === 'admin') return true;
  if (request.verb === 'create' && SELF_REVIEWS.has(request.resource)) return true;
  if (READ_VERBS.includes(request.verb) && !CONTAINER_ACCESS.has(request.subresource ?? '')) {
    return user.role !== 'reader' || !HIDDEN_FROM_READERS.has(request.resource);
  }
  if (user.role !== 'node') return false;
  const resource = request.subresource ? `${request.resource}/${request.subresource}` : request.resource;
  return NODE_WRITES[resource]?.includes(request.verb) ?? false;
}

/** Whether `user` may reach a path outside the resource API (`/healthz`, `/version`, discovery): reads, or admins. */
export function authorizeNonResource(user: User, verb: string): boolean {
  return user.role === 'admin' || verb === 'get';
}

/** The groups `user` belongs to. */
export function groupsOf(user: User): string[] {
  return GROUPS[user.role];
}

/** One rule of what a user may do, as RBAC's PolicyRule and SelfSubjectRulesReview's ResourceRule. */
export interface ResourceRule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
}

/** What `user` may do with `resources` (the readable served plural names), as a rules review lists it. */
export function rulesOf(user: User, resources: readonly string[]): ResourceRule[] {
  if (user.role === 'admin') return [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }];
  const selfReviews = { verbs: ['create'], apiGroups: ['*'], resources: [...SELF_REVIEWS] };
  const readable = user.role === 'reader' ? resources.filter((r) => !HIDDEN_FROM_READERS.has(r)) : ['*'];
  const rules = [selfReviews, { verbs: READ_VERBS, apiGroups: ['*'], resources: readable }];
  if (user.role !== 'node') return rules;
  return [
    ...rules,
    ...Object.entries(NODE_WRITES).map(([resource, verbs]) => ({ verbs, apiGroups: ['*'], resources: [resource] })),
  ];
}
