// Every error the API answers is a metav1.Status with the code and reason kubectl and client-go look for
// (apimachinery's api/errors). Handlers throw ApiError; the server turns anything else into a 500 Status.
import type { Status, StatusCause } from '../api/meta.js';

export type StatusReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Expired'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'Invalid'
  | 'TooManyRequests'
  | 'InternalError'
  | 'ServiceUnavailable'
  | 'Timeout';

export type StatusDetails = NonNullable<Status['details']>;

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: StatusReason,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
  }

  toStatus(): Status {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: wireDetails(this.details) } : {}),
      code: this.code,
    };
  }
}

/**
 * Details as upstream's encoder writes them: every empty field left out (`omitempty`, so a core resource's
 * `group: ""` is not written), and a cause's type under the JSON name `reason`, as metav1.StatusCause has it.
 */
function wireDetails(details: StatusDetails): StatusDetails {
  const wire: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details)) {
    if (value === '' || value === 0 || value === undefined) continue;
    if (key === 'causes') {
      if ((value as StatusCause[]).length > 0) wire.causes = (value as StatusCause[]).map(wireCause);
    } else {
      wire[key] = value;
    }
  }
  return wire as StatusDetails;
}

function wireCause({ type, message, field }: StatusCause): Record<string, string> {
  return { ...(type ? { reason: type } : {}), ...(message ? { message } : {}), ...(field ? { field } : {}) };
}

/** `pods "web" not found`; `deployments.apps "web" not found` in other groups. */
export function qualifiedResource(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}

export const errors = {
  notFound: (resource: string, group: string, name: string) =>
    new ApiError(404, 'NotFound', `${qualifiedResource(resource, group)} "${name}" not found`, {
      name,
      group,
      kind: resource,
    }),
  alreadyExists: (resource: string, group: string, name: string) =>
    new ApiError(409, 'AlreadyExists', `${qualifiedResource(resource, group)} "${name}" already exists`, {
      name,
      group,
      kind: resource,
    }),
  conflict: (resource: string, group: string, name: string, why: string) =>
    new ApiError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualifiedResource(resource, group)} "${name}": ${why}`,
      { name, group, kind: resource },
    ),
  /** Upstream's optimistic-lock wording, which kubectl users learn to recognise. */
  staleObject: (resource: string, group: string, name: string) =>
    errors.conflict(
      resource,
      group,
      name,
      'the object has been modified; please apply your changes to the latest version and try again',
    ),
  invalid: (kind: string, group: string, name: string, causes: StatusCause[]) => {
    const qualifiedKind = group ? `${kind}.${group}` : kind;
    const list = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : (c.message ?? ''))).join(', ');
    const shown = causes.length > 1 ? `[${list}]` : list;
    return new ApiError(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${shown}`, {
      name,
      group,
      kind,
      causes,
    });
  },
  badRequest: (message: string) => new ApiError(400, 'BadRequest', message),
  methodNotAllowed: (message: string) => new ApiError(405, 'MethodNotAllowed', message),
  notAcceptable: (message: string) => new ApiError(406, 'NotAcceptable', message),
  unsupportedMediaType: (type: string) =>
    new ApiError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml (got ${type || 'none'})`,
    ),
  tooLarge: (limit: number) =>
    new ApiError(413, 'RequestEntityTooLarge', `the request body is larger than ${limit} bytes`),
  expired: (requested: number, oldest: number) =>
    new ApiError(410, 'Expired', `too old resource version: ${requested} (${oldest})`),
  unauthorized: () => new ApiError(401, 'Unauthorized', 'Unauthorized'),
  forbidden: (user: string, verb: string, resource: string, group: string, namespace?: string) =>
    new ApiError(
      403,
      'Forbidden',
      `${qualifiedResource(resource, group)} is forbidden: User "${user}" cannot ${verb} resource "${resource}" in API group "${group}"${namespace ? ` in the namespace "${namespace}"` : ' at the cluster scope'}`,
      { group, kind: resource },
    ),
  /** 422 for invalid query parameters, as upstream's handlers answer a failed Validate{Create,List,...}Options. */
  invalidOptions: (kind: string, causes: StatusCause[]) => errors.invalid(kind, 'meta.k8s.io', '', causes),
  /**
   * 504 for a read from a resourceVersion the store has not reached after waiting, as upstream's
   * NewTooLargeResourceVersionError: clients retry after a second.
   */
  tooLargeResourceVersion: (requested: number, current: number) =>
    new ApiError(504, 'Timeout', `Timeout: Too large resource version: ${requested}, current: ${current}`, {
      causes: [{ type: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
      retryAfterSeconds: 1,
    }),
  internal: (message: string) => new ApiError(500, 'InternalError', `Internal error occurred: ${message}`),
  unavailable: (message: string) => new ApiError(503, 'ServiceUnavailable', message),
};

/** The Status of a successful delete answered without the object. */
export function successStatus(details: StatusDetails): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details };
}
