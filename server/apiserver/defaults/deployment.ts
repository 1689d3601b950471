// Deployment defaults, as kubernetes' pkg/apis/apps/v1/defaults.go SetDefaults_Deployment.
import type { Deployment } from '../../api/types/apps.js';
import { defaultPodTemplate } from './pod.js';

/** One replica, RollingUpdate 25%/25%, ten old ReplicaSets kept, a 600 s progress deadline. */
export function defaultDeployment(deployment: Deployment): void {
  const spec = deployment.spec;
  spec.replicas ??= 1;
  const strategy = (spec.strategy ??= {});
  strategy.type ||= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const rollingUpdate = (strategy.rollingUpdate ??= {});
    rollingUpdate.maxUnavailable ??= '25%';
    rollingUpdate.maxSurge ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  defaultPodTemplate(spec.template);
}
