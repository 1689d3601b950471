// Defaults of the small core kinds that hold data: Secrets and PersistentVolumeClaims (pkg/apis/core/v1/defaults.go).
import type { PersistentVolumeClaim, Secret } from '../../api/types/core.js';

/** An untyped Secret is `Opaque`. */
export function defaultSecret(secret: Secret): void {
  secret.type ||= 'Opaque';
}

/** A claim mounts a filesystem unless it asks for a block device, and starts Pending. */
export function defaultPersistentVolumeClaim(claim: PersistentVolumeClaim): void {
  const spec = (claim.spec ??= {});
  spec.volumeMode ||= 'Filesystem';
  const status = (claim.status ??= {});
  status.phase ||= 'Pending';
}
