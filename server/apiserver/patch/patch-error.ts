// The one error type of the patch engines, and how it becomes the Kubernetes Status the API answers.
import type { Status, StatusCause } from '../../api/meta.js';

/** The HTTP codes a patch can fail with, each paired with its metav1 StatusReason. */
export const PATCH_ERROR_REASONS = {
  400: 'BadRequest',
  404: 'NotFound',
  409: 'Conflict',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
} as const;

export type PatchErrorCode = keyof typeof PATCH_ERROR_REASONS;

/**
 * An expected failure of a patch request: malformed body (400), unknown content type (415), a patch that does
 * not apply to this object (422) or a server-side apply conflict (409). Engines throw it; `applyPatch` returns it
 * as a value; the API answers it with `patchErrorToStatus`.
 */
export class PatchError extends Error {
  constructor(
    readonly code: PatchErrorCode,
    message: string,
    readonly causes: StatusCause[] = [],
  ) {
    super(message);
    this.name = 'PatchError';
  }

  get reason(): (typeof PATCH_ERROR_REASONS)[PatchErrorCode] {
    return PATCH_ERROR_REASONS[this.code];
  }
}

/** The metav1.Status body for a failed patch, with reason and code kept consistent for client predicates. */
export function patchErrorToStatus(error: PatchError): Status {
  const status: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: error.message,
    reason: error.reason,
    code: error.code,
  };
  if (error.causes.length > 0) status.details = { causes: error.causes };
  return status;
}
