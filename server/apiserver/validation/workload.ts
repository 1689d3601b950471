// What every controller-with-a-template shares: a required, non-empty selector that matches the template's labels
// (ValidatePodTemplateSpecForReplicaSet and friends), and the Go rendering of a selector in "field is immutable".
import type { PodTemplateSpec } from '../../api/types/core.js';
import type { LabelSelector } from '../../api/types/label-selector.js';
import { labelSelectorAsSelector, matchesSelector } from '../../api/labels.js';
import { invalid, notSupported, required, type FieldError, type GoLiteral } from '../../api/field-error.js';
import { validateLabelSelector } from './meta.js';
import { validatePodTemplateSpec } from './pod.js';

/** A LabelSelector printed as Go's %#v prints a v1.LabelSelector, as upstream's immutable-selector error shows it. */
export function goLabelSelector(selector: LabelSelector | undefined): GoLiteral {
  if (!selector) return { goLiteral: '(*v1.LabelSelector)(nil)' };
  const q = (s: string) => JSON.stringify(s);
  const labels = selector.matchLabels
    ? `map[string]string{${Object.keys(selector.matchLabels)
        .sort()
        .map((k) => `${q(k)}:${q(selector.matchLabels?.[k] ?? '')}`)
        .join(', ')}}`
    : 'map[string]string(nil)';
  const expressions = selector.matchExpressions
    ? `[]v1.LabelSelectorRequirement{${selector.matchExpressions
        .map((e) => {
          const values = e.values ? `[]string{${e.values.map(q).join(', ')}}` : '[]string(nil)';
          return `v1.LabelSelectorRequirement{Key:${q(e.key)}, Operator:${q(e.operator)}, Values:${values}}`;
        })
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return { goLiteral: `v1.LabelSelector{MatchLabels:${labels}, MatchExpressions:${expressions}}` };
}

/**
 * The selector is required and not empty, and the template's labels satisfy it; then the template itself.
 * `kind` words the empty-selector message (`empty selector is invalid for deployment`).
 */
export function validateSelectorAndTemplate(
  selector: LabelSelector | undefined,
  template: PodTemplateSpec | undefined,
  field: string,
  kind: string,
): FieldError[] {
  const errors: FieldError[] = [];
  if (!selector) errors.push(required(`${field}.selector`));
  else {
    errors.push(...validateLabelSelector(selector, `${field}.selector`));
    const empty = Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions?.length ?? 0) === 0;
    if (empty)
      errors.push(invalid(`${field}.selector`, goLabelSelector(selector), `empty selector is invalid for ${kind}`));
  }
  if (!template) {
    errors.push(required(`${field}.template`));
    return errors;
  }
  const parsed = selector ? labelSelectorAsSelector(selector) : undefined;
  if (parsed?.ok && parsed.selector.length > 0 && !matchesSelector(parsed.selector, template.metadata?.labels))
    errors.push(
      invalid(
        `${field}.template.metadata.labels`,
        template.metadata?.labels ?? {},
        '`selector` does not match template `labels`',
      ),
    );
  errors.push(...validatePodTemplateSpec(template, `${field}.template`));
  return errors;
}

/** Templates of long-running controllers must restart their containers: only `Always` is accepted. */
export function validateRestartAlways(template: PodTemplateSpec | undefined, field: string): FieldError[] {
  const policy = template?.spec?.restartPolicy;
  return policy && policy !== 'Always'
    ? [notSupported(`${field}.template.spec.restartPolicy`, policy, ['Always'])]
    : [];
}

/** ValidateNonnegativeField. */
export function nonNegative(value: number | undefined, field: string): FieldError[] {
  return value !== undefined && value < 0 ? [invalid(field, value, 'must be greater than or equal to 0')] : [];
}

/** ValidateImmutableField for a selector, worded and rendered as upstream. */
export function immutableSelector(
  next: LabelSelector | undefined,
  old: LabelSelector | undefined,
  field: string,
): FieldError[] {
  const same = goLabelSelector(next).goLiteral === goLabelSelector(old).goLiteral;
  return same ? [] : [invalid(field, goLabelSelector(next), 'field is immutable')];
}
