// Defaults for PodSpec and everything inside it (containers, probes, volumes), shared by Pods and by the pod
// templates of every workload, as kubernetes' pkg/apis/core/v1/defaults.go. Functions mutate the object they are given;
// the REST handlers hand them a private copy.
import type { Container, Pod, PodSpec, PodTemplateSpec, Probe, Volume } from '../../api/types/core.js';
import { canonicalQuantities } from './quantities.js';

/** The file mode configMap, secret, projected and downwardAPI volumes default to (0644). */
export const DEFAULT_VOLUME_MODE = 420;

/** The tag of an image reference, '' when it carries a digest and no tag (as parsers.ParseImageName). */
export function imageTag(image: string): string {
  const withoutDigest = image.split('@')[0] ?? '';
  const lastSegment = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  if (colon >= 0) return lastSegment.slice(colon + 1);
  return image.includes('@') ? '' : 'latest';
}

/** SetDefaults_Probe plus SetDefaults_HTTPGetAction. */
export function defaultProbe(probe: Probe | undefined): void {
  if (!probe) return;
  probe.timeoutSeconds ??= 1;
  probe.periodSeconds ??= 10;
  probe.successThreshold ??= 1;
  probe.failureThreshold ??= 3;
  if (probe.httpGet) {
    probe.httpGet.path ||= '/';
    probe.httpGet.scheme ||= 'HTTP';
  }
}

/** SetDefaults_Container, SetDefaults_ContainerPort and the defaults of the container's probes and env. */
export function defaultContainer(container: Container): void {
  container.imagePullPolicy ||= imageTag(container.image ?? '') === 'latest' ? 'Always' : 'IfNotPresent';
  container.terminationMessagePath ||= '/dev/termination-log';
  container.terminationMessagePolicy ||= 'File';
  // Go serialises the non-pointer ResourceRequirements struct even when empty: kubectl shows `resources: {}`.
  container.resources ??= {};
  canonicalQuantities(container.resources.requests);
  canonicalQuantities(container.resources.limits);
  for (const port of container.ports ?? []) port.protocol ||= 'TCP';
  for (const env of container.env ?? []) {
    if (env.valueFrom?.fieldRef) env.valueFrom.fieldRef.apiVersion ||= 'v1';
  }
  defaultProbe(container.livenessProbe);
  defaultProbe(container.readinessProbe);
  defaultProbe(container.startupProbe);
}

const VOLUME_SOURCES = [
  'emptyDir', 'hostPath', 'configMap', 'secret', 'downwardAPI', 'projected', 'persistentVolumeClaim', 'nfs', 'csi',
  'ephemeral', 'image', 'iscsi', 'rbd', 'cephfs', 'fc', 'azureFile', 'azureDisk', 'gcePersistentDisk',
  'awsElasticBlockStore', 'gitRepo', 'glusterfs', 'flexVolume', 'cinder', 'flocker', 'vsphereVolume', 'quobyte',
  'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'storageos',
]; // prettier-ignore

/** SetDefaults_Volume and the defaults of each volume source. */
export function defaultVolume(volume: Volume): void {
  if (VOLUME_SOURCES.every((source) => volume[source] === undefined || volume[source] === null)) volume.emptyDir = {};
  if (volume.hostPath) volume.hostPath.type ??= '';
  if (volume.configMap) volume.configMap.defaultMode ??= DEFAULT_VOLUME_MODE;
  if (volume.secret) volume.secret.defaultMode ??= DEFAULT_VOLUME_MODE;
  if (volume.projected) volume.projected.defaultMode ??= DEFAULT_VOLUME_MODE;
  if (volume.downwardAPI) {
    volume.downwardAPI.defaultMode ??= DEFAULT_VOLUME_MODE;
    for (const item of volume.downwardAPI.items ?? []) if (item.fieldRef) item.fieldRef.apiVersion ||= 'v1';
  }
}

/** SetDefaults_PodSpec and everything below it: what a Pod and every pod template get. */
export function defaultPodSpec(spec: PodSpec): void {
  spec.dnsPolicy ||= 'ClusterFirst';
  spec.restartPolicy ||= 'Always';
  spec.securityContext ??= {};
  spec.terminationGracePeriodSeconds ??= 30;
  spec.schedulerName ||= 'default-scheduler';
  if (spec.hostNetwork) {
    // DefaultHostNetworkHostPortsInPodTemplates: a host-network container's ports are its host ports.
    for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])])
      for (const port of c.ports ?? []) port.hostPort ??= port.containerPort;
  }
  for (const c of spec.initContainers ?? []) defaultContainer(c);
  for (const c of spec.containers ?? []) defaultContainer(c);
  for (const v of spec.volumes ?? []) defaultVolume(v);
  canonicalQuantities((spec as { overhead?: Record<string, unknown> }).overhead);
}

/** SetDefaults_Pod: the PodSpec defaults, requests defaulting to limits where unset, service links on. */
export function defaultPod(pod: Pod): void {
  defaultPodSpec(pod.spec);
  for (const c of [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])]) {
    const limits = c.resources?.limits;
    if (!limits) continue;
    const requests = (c.resources!.requests ??= {});
    for (const [name, value] of Object.entries(limits)) requests[name] ??= value;
  }
  pod.spec.enableServiceLinks ??= true;
}

/** The defaults of a PodTemplateSpec (a workload's `spec.template`). */
export function defaultPodTemplate(template: PodTemplateSpec | undefined): void {
  if (template?.spec) defaultPodSpec(template.spec);
}
