// `kubelab controller-manager`: the controllers in one process, as kube-controller-manager. They see the cluster only
// through the API (an admin kubeconfig in the state dir). With several copies running, the Lease
// kube-system/kube-controller-manager decides which one works; the others stand by and take over when it dies.
import { hostname } from 'node:os';
import {
  createClient,
  LeaderElector,
  loadKubeconfig,
  realClock,
  SharedInformerFactory,
  stripManagedFields,
  type Client,
  type Lease,
} from '../client/index.js';
import type { Controller } from '../controllers/lib/controller.js';
import { DeploymentController } from '../controllers/deployment/controller.js';
import { CronJobController } from '../controllers/cronjob.js';
import { DaemonSetController } from '../controllers/daemonset.js';
import { GarbageCollector } from '../controllers/garbage-collector.js';
import { JobController } from '../controllers/job.js';
import { StatefulSetController } from '../controllers/statefulset.js';
import { NamespaceController } from '../controllers/namespace.js';
import { PodGCController } from '../controllers/pod-gc.js';
import { NodeLifecycleController } from '../controllers/node-lifecycle.js';
import { ReplicaSetController } from '../controllers/replicaset.js';
import { ReplicationManager } from '../controllers/replication-controller.js';
import type { Logger } from '../log.js';
import { kubeconfigPath } from './apiserver-command.js';
import type { KubelabConfig } from './config.js';

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

export async function runControllerManager(config: KubelabConfig, log: Logger): Promise<number> {
  const client = createClient(await loadKubeconfig(kubeconfigPath(config, 'admin')));
  const elector = leaderElector(client, 'kube-controller-manager', log);
  const stop = () => elector.stop();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await elector.run(async (lost) => {
    const informers = new SharedInformerFactory(client, { transform: stripManagedFields });
    const options = { client, informers, log, clock: realClock };
    const controllers: Controller[] = [
      new ReplicaSetController(options),
      new ReplicationManager(options),
      new DeploymentController(options),
      new DaemonSetController(options),
      new StatefulSetController(options),
      new JobController(options),
      new CronJobController(options),
      new GarbageCollector(options),
      new NamespaceController(options),
      new PodGCController(options),
      new NodeLifecycleController({
        ...options,
        // KUBELAB_NODE_MONITOR_GRACE_SECONDS shortens the wait before a silent node is Unknown (upstream: 40 s).
        gracePeriodMs: Number(process.env.KUBELAB_NODE_MONITOR_GRACE_SECONDS ?? 40) * 1000,
      }),
    ];
    informers.start();
    lost.addEventListener('abort', () => {
      for (const controller of controllers) controller.stop();
      informers.stop();
    });
    log.info('controllers starting', { controllers: controllers.map((c) => c.name) });
    await Promise.all(controllers.map((controller) => controller.run(2)));
  });
  client.close();
  return 0;
}
