// Leader election for the components that run one active copy (controller-manager, scheduler), as upstream's
// --leader-elect: the Lease kube-system/<name> decides which copy works; the others stand by.
import { hostname } from 'node:os';
import { LeaderElector, type Client, type Lease } from '../client/index.js';
import type { Logger } from '../log.js';

/** A candidate for the Lease kube-system/<name>, identified by host and process. */
export function leaderElector(client: Client, name: string, log: Logger): LeaderElector {
  const leases = client.resource<Lease>(
    { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespaced: true },
    'kube-system',
  );
  // KUBELAB_LEASE_DURATION_SECONDS shortens takeover for tests and demos (upstream's default is 15 s).
  const seconds = Number(process.env.KUBELAB_LEASE_DURATION_SECONDS ?? 15);
  return new LeaderElector(leases, {
    name,
    identity: `${hostname()}_${process.pid}`,
    leaseDurationMs: seconds * 1000,
    renewDeadlineMs: (seconds * 1000 * 2) / 3,
    retryPeriodMs: Math.min(2000, (seconds * 1000) / 5),
    log,
  });
}
