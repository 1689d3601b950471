// `kubelab controller-manager`: the controllers in one process, as kube-controller-manager. They see the cluster only
// through the API (an admin kubeconfig in the state dir). With several copies running, the Lease
// kube-system/kube-controller-manager decides which one works; the others stand by and take over when it dies.
import { loadKubeconfig, realClock, SharedInformerFactory, stripManagedFields } from '../client/index.js';
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
import { kubeconfigPath, type KubelabConfig } from './config.js';
import { runLeaderElected } from './leader-election.js';

export async function runControllerManager(config: KubelabConfig, log: Logger): Promise<number> {
  const kubeconfig = await loadKubeconfig(kubeconfigPath(config, 'admin'));
  await runLeaderElected(kubeconfig, 'kube-controller-manager', log, async (client, lost) => {
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
  return 0;
}
