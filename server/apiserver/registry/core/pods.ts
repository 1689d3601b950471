// The pod strategy, as upstream's pkg/registry/core/pod/strategy.go: SetDefaults_Pod, the admission plugins every
// real cluster runs on pod creation, Pending status with the QoS class, and graceful deletion for bound pods (the
// kubelet ends them with a delete of grace period 0).
import type { KubeObject } from '../../../api/meta.js';
import type { Pod } from '../../../api/types/core.js';
import { defaultPod } from '../../defaults/pod.js';
import { validatePod } from '../../validation/pod.js';
import { validatePodUpdate } from '../../validation/pod-update.js';
import { DefaultTolerationSeconds } from '../admission/default-toleration-seconds.js';
import { Priority } from '../admission/priority.js';
import { ServiceAccount } from '../admission/service-account.js';
import { hasSpec, withSpec, type ResourceStrategy } from '../strategy.js';
import { podQOSClass } from './pod-qos.js';

/** What a pod being deleted carries: where it runs and how long its containers get to stop. */
interface PodDeletionSpec {
  nodeName?: string;
  terminationGracePeriodSeconds?: number;
}

const boundNode = (pod: KubeObject) => (pod.spec as PodDeletionSpec | undefined)?.nodeName;

export const podStrategy: ResourceStrategy = {
  defaults: withSpec(defaultPod),
  // In kube-apiserver's default order.
  admission: [ServiceAccount, Priority, DefaultTolerationSeconds],
  prepareForCreate(pod) {
    pod.metadata.generation = 1;
    const spec = hasSpec(pod) ? (pod as Pod).spec : undefined;
    const containers = [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])];
    pod.status = { phase: 'Pending', qosClass: podQOSClass(containers) };
  },
  validateCreate: (pod) => validatePod(pod as Pod),
  validateUpdate: (pod, old) => validatePodUpdate(pod as Pod, old as Pod),
  prepareForDelete(pod, options) {
    const spec = pod.spec as PodDeletionSpec | undefined;
    const grace = boundNode(pod) ? (options.gracePeriodSeconds ?? spec?.terminationGracePeriodSeconds ?? 30) : 0;
    return { gracePeriodSeconds: grace, waits: false };
  },
  // A pod bound to a node waits for its kubelet, which ends it with a delete of grace period 0.
  awaitsRemoval: (pod) => Boolean(boundNode(pod)),
};
