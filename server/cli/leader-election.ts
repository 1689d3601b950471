// Leader election for the components that run one active copy (controller-manager, scheduler), as upstream's
// --leader-elect: the Lease kube-system/<name> decides which copy works; the others stand by.
import { hostname } from 'node:os';
import { createClient, LeaderElector, type Client, type ClientConfig, type Lease } from '../client/index.js';
import type { Logger } from '../log.js';

/**
 * Runs `lead` with a client to the cluster whenever this process holds the Lease kube-system/<name> (upstream's
 * leaderelection.RunOrDie), until SIGTERM or SIGINT ends the election; then closes its clients. The Lease has a
 * client of its own, as upstream's leader-election client: renewals never queue behind the component's writes in
 * the connection pool.
 */
export async function runLeaderElected(
  kubeconfig: ClientConfig,
  name: string,
  log: Logger,
  lead: (client: Client, lost: AbortSignal) => Promise<void>,
): Promise<void> {
  const client = createClient(kubeconfig);
  const leaseClient = createClient(kubeconfig);
  const elector = leaderElector(leaseClient, name, log);
  const stop = () => elector.stop();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await elector.run((lost) => lead(client, lost));
  client.close();
  leaseClient.close();
}

/** A candidate for the Lease kube-system/<name>, identified by host and process. */
function leaderElector(client: Client, name: string, log: Logger): LeaderElector {
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
