// Validation of PodSpec, pod templates and Pods on create, as kubernetes' pkg/apis/core/validation ValidatePodSpec
// (the parts kubelab's users meet).
import type { Pod, PodSpec, PodTemplateSpec, Toleration } from '../../api/types/core.js';
import { duplicate, invalid, notSupported, required, type FieldError } from '../../api/field-error.js';
import { validateLabels } from './meta.js';
import { validateContainer, validateHostPorts } from './container.js';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName } from '../../api/name-validation.js';

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'];
const TOLERATION_OPERATORS = ['Equal', 'Exists'];
const TAINT_EFFECTS = ['NoExecute', 'NoSchedule', 'PreferNoSchedule'];

/** Volume names: required, DNS-1123 labels, unique. Returns the errors and the set of names for mounts. */
function validateVolumes(spec: PodSpec, field: string): [FieldError[], Set<string>] {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  (spec.volumes ?? []).forEach((volume, i) => {
    const path = `${field}[${i}].name`;
    if (!volume.name) errors.push(required(path));
    else for (const m of isDNS1123Label(volume.name)) errors.push(invalid(path, volume.name, m));
    if (volume.name && names.has(volume.name)) errors.push(duplicate(path, volume.name));
    if (volume.name) names.add(volume.name);
  });
  return [errors, names];
}

/** validateTolerations: a known operator and effect; Exists takes no value; tolerationSeconds only for NoExecute. */
export function validateTolerations(tolerations: Toleration[] | undefined, field: string): FieldError[] {
  const errors: FieldError[] = [];
  (tolerations ?? []).forEach((t, i) => {
    const path = `${field}[${i}]`;
    if (t.key) for (const m of isQualifiedName(t.key)) errors.push(invalid(`${path}.key`, t.key, m));
    if (!t.key && t.operator !== 'Exists')
      errors.push(
        invalid(
          `${path}.operator`,
          t.operator ?? '',
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    if (t.operator && !TOLERATION_OPERATORS.includes(t.operator))
      errors.push(notSupported(`${path}.operator`, t.operator, TOLERATION_OPERATORS));
    if (t.operator === 'Exists' && t.value)
      errors.push(invalid(`${path}.operator`, t.value, "value must be empty when `operator` is 'Exists'"));
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute')
      errors.push(
        invalid(`${path}.effect`, t.effect ?? '', "effect must be 'NoExecute' when `tolerationSeconds` is set"),
      );
    if (t.effect && !TAINT_EFFECTS.includes(t.effect))
      errors.push(notSupported(`${path}.effect`, t.effect, TAINT_EFFECTS));
  });
  return errors;
}

/** ValidatePodSpec (a subset): containers, volumes, policies, scheduling fields. `field` is e.g. `spec.template.spec`. */
export function validatePodSpec(spec: PodSpec | undefined, field: string): FieldError[] {
  if (!spec) return [required(field)];
  const [errors, volumes] = validateVolumes(spec, `${field}.volumes`);
  const containers = Array.isArray(spec.containers) ? spec.containers : [];
  const initContainers = spec.initContainers ?? [];
  if (containers.length === 0) errors.push(required(`${field}.containers`));
  const names = new Set<string>();
  const groups = [
    { containers: initContainers, field: `${field}.initContainers` },
    { containers, field: `${field}.containers` },
  ];
  for (const group of groups)
    group.containers.forEach((c, i) => {
      errors.push(...validateContainer(c, `${group.field}[${i}]`, volumes));
      if (c.name && names.has(c.name)) errors.push(duplicate(`${group.field}[${i}].name`, c.name));
      if (c.name) names.add(c.name);
    });
  errors.push(...validateHostPorts(groups));
  if (spec.restartPolicy && !RESTART_POLICIES.includes(spec.restartPolicy))
    errors.push(notSupported(`${field}.restartPolicy`, spec.restartPolicy, RESTART_POLICIES));
  if (spec.dnsPolicy && !DNS_POLICIES.includes(spec.dnsPolicy))
    errors.push(notSupported(`${field}.dnsPolicy`, spec.dnsPolicy, DNS_POLICIES));
  if (
    spec.activeDeadlineSeconds !== undefined &&
    !(spec.activeDeadlineSeconds >= 1 && spec.activeDeadlineSeconds <= 2147483647)
  )
    errors.push(
      invalid(
        `${field}.activeDeadlineSeconds`,
        spec.activeDeadlineSeconds,
        'must be between 1 and 2147483647, inclusive',
      ),
    );
  errors.push(...validateLabels(spec.nodeSelector, `${field}.nodeSelector`));
  for (const key of ['serviceAccountName', 'nodeName'] as const) {
    const value = spec[key];
    if (value) for (const m of isDNS1123Subdomain(value)) errors.push(invalid(`${field}.${key}`, value, m));
  }
  for (const key of ['hostname', 'subdomain'] as const) {
    const value = spec[key];
    if (value) for (const m of isDNS1123Label(value)) errors.push(invalid(`${field}.${key}`, value, m));
  }
  errors.push(...validateTolerations(spec.tolerations, `${field}.tolerations`));
  return errors;
}

/** ValidatePodTemplateSpec: template labels and the PodSpec under `field`. */
export function validatePodTemplateSpec(template: PodTemplateSpec | undefined, field: string): FieldError[] {
  if (!template) return [required(field)];
  return [
    ...validateLabels(template.metadata?.labels, `${field}.metadata.labels`),
    ...validatePodSpec(template.spec, `${field}.spec`),
  ];
}

/** A Pod on create: its spec (metadata is checked by the caller). */
export function validatePod(pod: Pod): FieldError[] {
  return validatePodSpec(pod.spec, 'spec');
}
