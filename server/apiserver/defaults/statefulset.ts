// StatefulSet defaults, as kubernetes' pkg/apis/apps/v1/defaults.go SetDefaults_StatefulSet.
import type { StatefulSet } from '../../api/types/apps.js';
import { defaultPodTemplate } from './pod.js';

/** OrderedReady, RollingUpdate from partition 0, PVCs retained, one replica, ten old revisions kept. */
export function defaultStatefulSet(statefulSet: StatefulSet): void {
  const spec = statefulSet.spec;
  spec.podManagementPolicy ||= 'OrderedReady';
  const strategy = (spec.updateStrategy ??= {});
  if (!strategy.type) {
    strategy.type = 'RollingUpdate';
    strategy.rollingUpdate ??= {};
  }
  if (strategy.type === 'RollingUpdate' && strategy.rollingUpdate) strategy.rollingUpdate.partition ??= 0;
  const retention = (spec.persistentVolumeClaimRetentionPolicy ??= {});
  retention.whenDeleted ||= 'Retain';
  retention.whenScaled ||= 'Retain';
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  defaultPodTemplate(spec.template);
}
