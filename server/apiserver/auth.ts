// Who is asking and what they may do. Bearer tokens map to users with one of three roles, a small stand-in for
// RBAC: admin (the student's kubeconfig) may do anything; reader (graders) may get, list and watch; node (kubelets)
// may do what a kubelet needs. Answers are 401 and 403 Status errors.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ResourceRequest } from './request-info.js';

export type Role = 'admin' | 'reader' | 'node';

export interface User {
  name: string;
  role: Role;
}

const READ_VERBS = new Set(['get', 'list', 'watch']);
/** What a kubelet writes: its Node and Lease, pod status and final deletes, events. */
const NODE_WRITES: Record<string, Set<string>> = {
  nodes: new Set(['create', 'update', 'patch']),
  'nodes/status': new Set(['update', 'patch']),
  'pods/status': new Set(['update', 'patch']),
  pods: new Set(['delete']),
  events: new Set(['create', 'update', 'patch']),
  leases: new Set(['create', 'update', 'patch']),
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
}

/** Whether `user` may perform `request`. Discovery and health need only a valid token. */
export function authorize(user: User, request: ResourceRequest): boolean {
  if (user.role === 'admin') return true;
  if (READ_VERBS.has(request.verb) && !['log', 'exec', 'attach', 'portforward'].includes(request.subresource ?? '')) {
    return user.role !== 'reader' || request.resource !== 'secrets';
  }
  if (user.role !== 'node') return false;
  const resource = request.subresource ? `${request.resource}/${request.subresource}` : request.resource;
  return NODE_WRITES[resource]?.has(request.verb) ?? false;
}
