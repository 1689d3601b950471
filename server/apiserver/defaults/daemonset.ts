// DaemonSet defaults, as kubernetes' pkg/apis/apps/v1/defaults.go SetDefaults_DaemonSet.
import type { DaemonSet } from '../../api/types/apps.js';
import { defaultPodTemplate } from './pod.js';

/** RollingUpdate one node at a time without surge; ten old revisions kept. */
export function defaultDaemonSet(daemonSet: DaemonSet): void {
  const spec = daemonSet.spec;
  const strategy = (spec.updateStrategy ??= {});
  strategy.type ||= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const rollingUpdate = (strategy.rollingUpdate ??= {});
    rollingUpdate.maxUnavailable ??= 1;
    rollingUpdate.maxSurge ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  defaultPodTemplate(spec.template);
}
