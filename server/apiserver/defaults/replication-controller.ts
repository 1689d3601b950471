// ReplicationController defaults, as kubernetes' pkg/apis/core/v1/defaults.go SetDefaults_ReplicationController.
import type { KubeObject } from '../../api/meta.js';
import type { PodTemplateSpec } from '../../api/types/core.js';
import { defaultPodTemplate } from './pod.js';

/** The parts of a v1 ReplicationController its defaults touch: its selector is a plain label map. */
export interface ReplicationControllerLike extends KubeObject {
  spec: { replicas?: number; selector?: Record<string, string>; template?: PodTemplateSpec; minReadySeconds?: number };
}

/** One replica; selector and (absent) labels taken from the template's labels; the pod template's defaults. */
export function defaultReplicationController(rc: ReplicationControllerLike): void {
  const labels = rc.spec.template?.metadata?.labels;
  if (labels) {
    if (Object.keys(rc.spec.selector ?? {}).length === 0) rc.spec.selector = { ...labels };
    if (Object.keys(rc.metadata.labels ?? {}).length === 0) rc.metadata.labels = { ...labels };
  }
  rc.spec.replicas ??= 1;
  defaultPodTemplate(rc.spec.template);
}
