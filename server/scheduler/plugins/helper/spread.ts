// Which pods count as "the same workload" when nothing says so, as upstream's plugins/helper/spread.go: the pods
// selected by the Services that select this pod, and by its controlling ReplicationController, ReplicaSet or
// StatefulSet. PodTopologySpread's system default constraints spread a pod over nodes and zones by this selector.
import type { KubeObject } from '../../../api/meta.js';
import type { Pod, Service } from '../../../api/types/core.js';
import type { LabelSelector, LabelSelectorRequirement } from '../../../api/types/label-selector.js';

/** A controller as DefaultSelector reads it: a ReplicationController's map, or a workload's LabelSelector. */
export type SelectingController = KubeObject & { spec?: { selector?: Record<string, string> | LabelSelector | null } };

/** What DefaultSelector reads, as upstream's listers: the cached Services of a namespace, controllers by name. */
export interface SpreadListers {
  services(namespace: string): readonly Service[];
  controller(
    kind: 'ReplicationController' | 'ReplicaSet' | 'StatefulSet',
    namespace: string,
    name: string,
  ): SelectingController | undefined;
}

/** The Services in the pod's namespace whose selector selects it (upstream's GetPodServices). */
function getPodServices(listers: SpreadListers, pod: Pod): Service[] {
  const labels = pod.metadata.labels ?? {};
  return listers.services(pod.metadata.namespace ?? 'default').filter((service) => {
    const selector = (service.spec?.selector ?? {}) as Record<string, string>;
    const entries = Object.entries(selector);
    return entries.length > 0 && entries.every(([key, value]) => labels[key] === value);
  });
}

/** The controller that owns the pod: its ownerReference with controller: true (upstream's GetControllerOf). */
function controllerOf(pod: Pod) {
  return pod.metadata.ownerReferences?.find((ref) => ref.controller);
}

/**
 * As upstream's DefaultSelector: the selectors of the pod's Services merged, plus its ReplicationController's
 * selector (a map), plus its ReplicaSet's or StatefulSet's label selector as requirements. Undefined when that
 * leaves nothing to select by (a bare pod no Service selects): such a pod gets no default spreading.
 */
export function defaultSelector(pod: Pod, listers: SpreadListers): LabelSelector | undefined {
  const matchLabels: Record<string, string> = {};
  for (const service of getPodServices(listers, pod))
    Object.assign(matchLabels, service.spec?.selector as Record<string, string>);
  const matchExpressions: LabelSelectorRequirement[] = [];
  const owner = controllerOf(pod);
  const namespace = pod.metadata.namespace ?? 'default';
  if (owner?.apiVersion === 'v1' && owner.kind === 'ReplicationController') {
    const selector = listers.controller('ReplicationController', namespace, owner.name)?.spec?.selector;
    Object.assign(matchLabels, selector as Record<string, string> | undefined);
  } else if (owner?.apiVersion === 'apps/v1' && (owner.kind === 'ReplicaSet' || owner.kind === 'StatefulSet')) {
    const selector = listers.controller(owner.kind, namespace, owner.name)?.spec?.selector as LabelSelector | undefined;
    for (const [key, value] of Object.entries(selector?.matchLabels ?? {}))
      matchExpressions.push({ key, operator: 'In', values: [value] });
    matchExpressions.push(...(selector?.matchExpressions ?? []));
  }
  if (Object.keys(matchLabels).length === 0 && matchExpressions.length === 0) return undefined;
  return { matchLabels, matchExpressions };
}
