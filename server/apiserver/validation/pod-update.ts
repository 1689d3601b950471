// What a Pod update may change (ValidatePodUpdate): images, activeDeadlineSeconds (only down), added tolerations,
// terminationGracePeriodSeconds from negative to 1. Everything else in spec is fixed once the pod exists.
import type { Container, Pod, PodSpec, Toleration } from '../../api/types/core.js';
import { forbidden, invalid, required, type FieldError } from '../../api/field-error.js';
import { validatePodSpec } from './pod.js';
import { semanticEqual } from './equal.js';

/** Upstream's message, followed in upstream by a cmp.Diff of the specs; we list the changed fields instead. */
export const POD_UPDATE_FORBIDDEN =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,' +
  '`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),' +
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

const sameToleration = (a: Toleration, b: Toleration) =>
  (a.key ?? '') === (b.key ?? '') &&
  (a.operator ?? 'Equal') === (b.operator ?? 'Equal') &&
  (a.value ?? '') === (b.value ?? '') &&
  (a.effect ?? '') === (b.effect ?? '');

/** validateOnlyAddedTolerations: every old toleration stays, with at most a shorter tolerationSeconds. */
function validateOnlyAddedTolerations(next: Toleration[], old: Toleration[]): FieldError[] {
  for (const o of old) {
    const kept = next.find((n) => sameToleration(n, o));
    if (!kept)
      return [forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds')];
    if (
      o.tolerationSeconds !== undefined &&
      (kept.tolerationSeconds === undefined || kept.tolerationSeconds > o.tolerationSeconds)
    )
      return [forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds')];
  }
  return [];
}

/** The new spec with every field a pod update may change taken from the old one. */
function mungedSpec(spec: PodSpec, old: PodSpec): PodSpec {
  const withOldImages = (containers: Container[] | undefined, olds: Container[] | undefined) =>
    containers?.map((c, i) => ({ ...c, image: olds?.[i]?.image }));
  const munged: PodSpec = {
    ...spec,
    containers: withOldImages(spec.containers, old.containers) ?? [],
    initContainers: withOldImages(spec.initContainers, old.initContainers),
    activeDeadlineSeconds: old.activeDeadlineSeconds,
    tolerations: old.tolerations,
    schedulingGates: old.schedulingGates,
  };
  const oldGrace = old.terminationGracePeriodSeconds;
  if (oldGrace !== undefined && oldGrace < 0 && spec.terminationGracePeriodSeconds === 1)
    munged.terminationGracePeriodSeconds = oldGrace;
  return munged;
}

/** ValidatePodUpdate's spec rules. Metadata rules are the caller's (validateObjectMetaUpdate). */
export function validatePodUpdate(pod: Pod, old: Pod): FieldError[] {
  const errors = validatePodSpec(pod.spec, 'spec');
  if (!pod.spec || !old.spec) return errors;
  const spec = pod.spec;
  for (const key of ['containers', 'initContainers'] as const) {
    if ((spec[key]?.length ?? 0) !== (old.spec[key]?.length ?? 0)) {
      errors.push(forbidden(`spec.${key}`, 'pod updates may not add or remove containers'));
      return errors;
    }
    spec[key]?.forEach((c, i) => {
      if (!c.image && !errors.some((e) => e.field === `spec.${key}[${i}].image`))
        errors.push(required(`spec.${key}[${i}].image`));
    });
  }
  const [deadline, oldDeadline] = [spec.activeDeadlineSeconds, old.spec.activeDeadlineSeconds];
  if (oldDeadline !== undefined && deadline === undefined)
    errors.push(invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'));
  else if (oldDeadline !== undefined && deadline !== undefined && deadline > oldDeadline)
    errors.push(invalid('spec.activeDeadlineSeconds', deadline, 'must be less than or equal to previous value'));
  errors.push(...validateOnlyAddedTolerations(spec.tolerations ?? [], old.spec.tolerations ?? []));
  const munged = mungedSpec(spec, old.spec);
  if (!semanticEqual(munged, old.spec)) {
    const changed = [...new Set([...Object.keys(munged), ...Object.keys(old.spec)])]
      .filter((k) => !semanticEqual(munged[k], old.spec[k]))
      .sort();
    errors.push(forbidden('spec', `${POD_UPDATE_FORBIDDEN}\n  changed: ${changed.map((k) => `spec.${k}`).join(', ')}`));
  }
  return errors;
}
