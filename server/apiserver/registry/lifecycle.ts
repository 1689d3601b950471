// What the API server itself sets on an object as it is created or updated, whatever the client sent: uid,
// creationTimestamp, generation (bumped only when the spec changes), and status owned by the status subresource.
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../../api/meta.js';
import type { ResourceInfo } from '../resources.js';

/** Resources whose status a client may not set on create: controllers and kubelets write it later. */
const FRESH_STATUS: Record<string, (object: KubeObject) => unknown> = {
  pods: (pod) => ({ phase: 'Pending', qosClass: qosClass(pod) }),
  deployments: () => ({}),
  replicasets: () => ({ replicas: 0 }),
  daemonsets: () => ({ currentNumberScheduled: 0, desiredNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0 }),
  statefulsets: () => ({ replicas: 0, availableReplicas: 0 }),
  jobs: () => ({}),
  cronjobs: () => ({}),
  services: () => ({ loadBalancer: {} }),
};

/** Fields every object shares, set on create. */
export function prepareForCreate(info: ResourceInfo, object: KubeObject, now: Date): KubeObject {
  const metadata = { ...object.metadata };
  delete metadata.deletionTimestamp;
  delete metadata.deletionGracePeriodSeconds;
  metadata.uid = randomUUID();
  metadata.creationTimestamp = now.toISOString().replace(/\.\d+Z$/, 'Z');
  if ('spec' in object || info.resource === 'pods') metadata.generation = 1;
  const fresh = FRESH_STATUS[info.resource];
  const prepared: KubeObject = { ...object, metadata };
  if (fresh) prepared.status = fresh(prepared);
  return prepared;
}

/**
 * Merges an update into the stored object: identity fields are kept; the main resource cannot change status and
 * the status subresource cannot change anything else; generation moves on only when the spec changed.
 */
export function prepareForUpdate(
  info: ResourceInfo,
  next: KubeObject,
  old: KubeObject,
  subresource?: string,
): KubeObject {
  const hasStatus = info.subresources?.some((sub) => sub.name === 'status') ?? false;
  let merged: KubeObject;
  if (subresource === 'status') {
    merged = { ...old, status: next.status, metadata: { ...old.metadata } };
  } else {
    merged = { ...next, metadata: { ...next.metadata } };
    if (hasStatus) {
      if (old.status === undefined) delete merged.status;
      else merged.status = old.status;
    }
  }
  if (info.resource === 'namespaces') keepNamespaceFinalizers(merged, next, old, subresource);
  const metadata = merged.metadata;
  metadata.uid = old.metadata.uid;
  metadata.creationTimestamp = old.metadata.creationTimestamp;
  metadata.namespace = old.metadata.namespace;
  metadata.name = old.metadata.name;
  if (old.metadata.deletionTimestamp) {
    metadata.deletionTimestamp = old.metadata.deletionTimestamp;
    metadata.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
  } else {
    delete metadata.deletionTimestamp;
    delete metadata.deletionGracePeriodSeconds;
  }
  metadata.generation = old.metadata.generation;
  if (old.metadata.generation !== undefined && specChanged(merged, old))
    metadata.generation = old.metadata.generation + 1;
  return merged;
}

/** As upstream's namespace strategies: spec.finalizers change only through the finalize subresource, and only they. */
function keepNamespaceFinalizers(merged: KubeObject, next: KubeObject, old: KubeObject, subresource?: string): void {
  type WithFinalizers = { finalizers?: string[] };
  const finalizers = (subresource === 'finalize' ? (next.spec as WithFinalizers) : (old.spec as WithFinalizers))
    ?.finalizers;
  if (subresource === 'finalize') merged.spec = { ...(old.spec as object), finalizers };
  else merged.spec = { ...(merged.spec as object), finalizers };
}

function specChanged(next: KubeObject, old: KubeObject): boolean {
  const spec = (object: KubeObject) => {
    const { metadata: _m, status: _s, ...rest } = object;
    return JSON.stringify(rest);
  };
  return spec(next) !== spec(old);
}

interface ContainerResources {
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

/** Guaranteed, Burstable or BestEffort, as upstream's qos.GetPodQOS decides it (simplified to cpu and memory). */
export function qosClass(pod: KubeObject): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const spec = pod.spec as { containers?: ContainerResources[]; initContainers?: ContainerResources[] } | undefined;
  const containers = [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const container of containers) {
    const requests = container.resources?.requests ?? {};
    const limits = container.resources?.limits ?? {};
    for (const name of ['cpu', 'memory']) {
      if (requests[name] !== undefined || limits[name] !== undefined) any = true;
      const request = requests[name] ?? limits[name];
      if (limits[name] === undefined || request !== limits[name]) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
