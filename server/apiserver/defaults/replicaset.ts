// ReplicaSet defaults, as kubernetes' pkg/apis/apps/v1/defaults.go SetDefaults_ReplicaSet.
import type { ReplicaSet } from '../../api/types/apps.js';
import { defaultPodTemplate } from './pod.js';

/** One replica, plus the pod template's defaults. */
export function defaultReplicaSet(replicaSet: ReplicaSet): void {
  replicaSet.spec.replicas ??= 1;
  defaultPodTemplate(replicaSet.spec.template);
}
