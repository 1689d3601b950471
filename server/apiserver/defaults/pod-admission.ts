// What a created Pod gets beyond its PodSpec defaults: SetDefaults_Pod, and the admission plugins every real
// cluster runs on pod creation (DefaultTolerationSeconds, Priority, ServiceAccount) plus the status the pod registry
// sets. Templates never get these: kubectl shows them on Pods only.
import type { Container, Pod, Toleration } from '../../api/types/core.js';
import { compareQuantities, parseQuantity, type Quantity } from '../../api/quantity.js';

/** Seconds a pod stays bound to a not-ready or unreachable node (DefaultTolerationSeconds' default). */
export const DEFAULT_TOLERATION_SECONDS = 300;

/** How long pods tolerate a not-ready and an unreachable node (kube-apiserver's --default-*-toleration-seconds). */
export interface TolerationDefaults {
  notReadySeconds: number;
  unreachableSeconds: number;
}

/** Upstream's defaults: 300 s each. */
export const DEFAULT_TOLERATIONS: TolerationDefaults = {
  notReadySeconds: DEFAULT_TOLERATION_SECONDS,
  unreachableSeconds: DEFAULT_TOLERATION_SECONDS,
};

/** The priorities of the built-in PriorityClasses (scheduling.SystemPriorityClasses). */
export const SYSTEM_PRIORITY_CLASSES: Readonly<Record<string, number>> = {
  'system-node-critical': 2000001000,
  'system-cluster-critical': 2000000000,
};

/** SetDefaults_Pod: requests default to limits where unset; service links on. */
export function defaultPodFields(pod: Pod): void {
  for (const c of [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])]) {
    const limits = c.resources?.limits;
    if (!limits) continue;
    const requests = (c.resources!.requests ??= {});
    for (const [name, value] of Object.entries(limits)) requests[name] ??= value;
  }
  pod.spec.enableServiceLinks ??= true;
}

const tolerates = (t: Toleration, key: string) => (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect);

/** The DefaultTolerationSeconds admission plugin: tolerate not-ready and unreachable nodes (300 s by default). */
export function addDefaultTolerations(pod: Pod, defaults: TolerationDefaults = DEFAULT_TOLERATIONS): void {
  const tolerations = pod.spec.tolerations ?? [];
  const seconds = {
    'node.kubernetes.io/not-ready': defaults.notReadySeconds,
    'node.kubernetes.io/unreachable': defaults.unreachableSeconds,
  };
  for (const [key, tolerationSeconds] of Object.entries(seconds)) {
    if (tolerations.some((t) => tolerates(t, key))) continue;
    tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds });
  }
  pod.spec.tolerations = tolerations;
}

/**
 * The Priority admission plugin, for the built-in classes only: priority 0 without a class (no global default
 * exists), and preemptionPolicy PreemptLowerPriority. A user-defined PriorityClass must be resolved by the caller.
 */
export function setPodPriority(pod: Pod): void {
  const className = pod.spec.priorityClassName;
  if (!className) pod.spec.priority ??= 0;
  else if (SYSTEM_PRIORITY_CLASSES[className] !== undefined) pod.spec.priority ??= SYSTEM_PRIORITY_CLASSES[className];
  pod.spec.preemptionPolicy ??= 'PreemptLowerPriority';
}

/** The ServiceAccount admission plugin's naming part: pods run as `default` unless told otherwise. */
export function setServiceAccount(pod: Pod): void {
  const name = pod.spec.serviceAccountName || pod.spec.serviceAccount || 'default';
  pod.spec.serviceAccountName = name;
  pod.spec.serviceAccount = name;
}

/** A quantity that is set and not zero, parsed; undefined otherwise (zero quantities do not count for QoS). */
function nonZero(value: string | undefined): Quantity | undefined {
  if (value === undefined) return undefined;
  const parsed = parseQuantity(value);
  return parsed.ok && parsed.quantity.nanos !== 0n ? parsed.quantity : undefined;
}

/** The pod's QoS class (qos.GetPodQOS, for cpu and memory), shown by `kubectl describe pod`. */
export function podQOSClass(containers: readonly Container[]): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  let anySet = false;
  let guaranteed = true;
  for (const c of containers) {
    for (const name of ['cpu', 'memory']) {
      const limit = nonZero(c.resources?.limits?.[name]);
      const request = nonZero(c.resources?.requests?.[name]) ?? limit;
      if (request || limit) anySet = true;
      if (!limit || !request || compareQuantities(request, limit) !== 0) guaranteed = false;
    }
  }
  if (!anySet) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** The pod registry's PrepareForCreate: whatever status the client sent is replaced by Pending and the QoS class. */
export function initialPodStatus(pod: Pod): void {
  const containers = [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])];
  pod.status = { phase: 'Pending', qosClass: podQOSClass(containers) };
}

/** Everything a Pod gets on create besides its PodSpec defaults. */
export function admitPod(pod: Pod, tolerations?: TolerationDefaults): void {
  defaultPodFields(pod);
  setServiceAccount(pod);
  addDefaultTolerations(pod, tolerations);
  setPodPriority(pod);
  initialPodStatus(pod);
}
