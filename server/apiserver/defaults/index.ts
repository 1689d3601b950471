// The defaulting step of a create or update: which defaults each resource gets. Pure: returns a defaulted copy.
import type { KubeObject } from '../../api/meta.js';
import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from '../../api/types/apps.js';
import type { CronJob, Job } from '../../api/types/batch.js';
import type {
  Namespace,
  Node,
  PersistentVolumeClaim,
  Pod,
  PodTemplateSpec,
  Secret,
  Service,
} from '../../api/types/core.js';
import { defaultCronJob } from './cronjob.js';
import { defaultDaemonSet } from './daemonset.js';
import { defaultDeployment } from './deployment.js';
import { defaultJob, generateJobSelector } from './job.js';
import { defaultNamespace } from './namespace.js';
import { defaultNode } from './node.js';
import { admitPod, defaultPodFields, type TolerationDefaults } from './pod-admission.js';
import { defaultPodSpec, defaultPodTemplate } from './pod.js';
import { defaultReplicaSet } from './replicaset.js';
import { defaultService } from './service.js';
import { defaultStatefulSet } from './statefulset.js';
import { defaultPersistentVolumeClaim, defaultSecret } from './storage.js';

export { DEFAULT_TOLERATIONS, admitPod, type TolerationDefaults } from './pod-admission.js';
export { generateJobSelector } from './job.js';

type Defaulter = (obj: KubeObject) => void;

const DEFAULTERS: Record<string, Defaulter> = {
  pods: (obj) => {
    defaultPodSpec((obj as Pod).spec);
    defaultPodFields(obj as Pod);
  },
  podtemplates: (obj) => defaultPodTemplate((obj as KubeObject & { template?: PodTemplateSpec }).template),
  replicationcontrollers: (obj) => {
    const spec = (obj as KubeObject & { spec?: { replicas?: number; template?: PodTemplateSpec } }).spec;
    if (!spec) return;
    spec.replicas ??= 1;
    defaultPodTemplate(spec.template);
  },
  deployments: (obj) => defaultDeployment(obj as Deployment),
  replicasets: (obj) => defaultReplicaSet(obj as ReplicaSet),
  daemonsets: (obj) => defaultDaemonSet(obj as DaemonSet),
  statefulsets: (obj) => defaultStatefulSet(obj as StatefulSet),
  jobs: (obj) => defaultJob(obj as Job),
  cronjobs: (obj) => defaultCronJob(obj as CronJob),
  services: (obj) => defaultService(obj as Service),
  namespaces: (obj) => defaultNamespace(obj as Namespace),
  nodes: (obj) => defaultNode(obj as Node),
  secrets: (obj) => defaultSecret(obj as Secret),
  persistentvolumeclaims: (obj) => defaultPersistentVolumeClaim(obj as PersistentVolumeClaim),
};

const NEEDS_SPEC = new Set([
  'pods', 'replicationcontrollers', 'deployments', 'replicasets', 'daemonsets', 'statefulsets', 'jobs', 'cronjobs',
  'services',
]); // prettier-ignore

/** Whether the object is being created (admission and generated fields apply) or updated (defaults only). */
export type Operation = 'create' | 'update';

/**
 * Returns a copy of `obj` with the upstream defaults of `resource` (a lowercase plural such as `deployments`) filled
 * in; values the client set are never overwritten. Run on every create and update body, as upstream defaults on
 * decode. On create it also applies what upstream's registries and admission plugins add: `admitPod` (service
 * account, not-ready/unreachable tolerations, priority, Pending status and QoS class) and, when the Job already has
 * its uid, `generateJobSelector`; so call it after name and uid are assigned. Objects without a `spec` where one is
 * required come back as they are, for validation to reject.
 */
export function applyDefaults<T extends KubeObject>(
  resource: string,
  obj: T,
  operation: Operation = 'create',
  tolerations?: TolerationDefaults,
): T {
  const copy = structuredClone(obj);
  const defaulter = DEFAULTERS[resource];
  const spec = (copy as { spec?: unknown }).spec;
  if (!defaulter || (NEEDS_SPEC.has(resource) && (typeof spec !== 'object' || spec === null))) return copy;
  defaulter(copy);
  if (operation === 'create' && resource === 'pods') admitPod(copy as unknown as Pod, tolerations);
  if (operation === 'create' && resource === 'jobs' && copy.metadata.uid) generateJobSelector(copy as unknown as Job);
  return copy;
}
