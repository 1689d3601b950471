// Defaults of the small core kinds that hold data: Secrets (pkg/apis/core/v1/defaults.go).
import type { Secret } from '../../api/types/core.js';

/** An untyped Secret is `Opaque`. */
export function defaultSecret(secret: Secret): void {
  secret.type ||= 'Opaque';
}
