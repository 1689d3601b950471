// Validation of metadata shared by every kind: names, namespace, labels, annotations, label selectors, and the
// fields no update may change. As apimachinery's api/validation/objectmeta.go and metav1/validation.
import type { ObjectMeta } from '../../api/meta.js';
import type { LabelSelector } from '../../api/types/label-selector.js';
import { forbidden, invalid, notSupported, required, tooLong, type FieldError } from '../../api/field-error.js';
import { isDNS1123Label, isQualifiedName, isValidLabelValue } from '../../api/name-validation.js';

/** Checks a name (or, with prefix=true, a generateName prefix) and returns its error messages. */
export type NameValidator = (name: string, prefix: boolean) => string[];

/** Upstream's limit on the total size of an object's annotations (256 KiB). */
export const TOTAL_ANNOTATION_SIZE_LIMIT_B = 256 * 1024;

/** Adapts a string check to a NameValidator: a generateName prefix may end in '-' (maskTrailingDash). */
export function nameValidator(check: (value: string) => string[]): NameValidator {
  return (name, prefix) => check(prefix && name.length > 1 && name.endsWith('-') ? `${name.slice(0, -1)}a` : name);
}

/** ValidateLabels: keys are qualified names, values label values; errors point at the map, as upstream. */
export function validateLabels(labels: Record<string, string> | undefined, field: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const [key, value] of Object.entries(labels ?? {})) {
    for (const m of isQualifiedName(key)) errors.push(invalid(field, key, m));
    for (const m of isValidLabelValue(value)) errors.push(invalid(field, value, m));
  }
  return errors;
}

/** ValidateAnnotations: keys are qualified names (case-insensitively); all together at most 256 KiB. */
export function validateAnnotations(annotations: Record<string, string> | undefined, field: string): FieldError[] {
  const errors: FieldError[] = [];
  let size = 0;
  for (const [key, value] of Object.entries(annotations ?? {})) {
    for (const m of isQualifiedName(key.toLowerCase())) errors.push(invalid(field, key, m));
    size += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT_B) errors.push(tooLong(field, TOTAL_ANNOTATION_SIZE_LIMIT_B));
  return errors;
}

/** ValidateObjectMeta for a create: name (or generateName), namespace by scope, labels and annotations. */
export function validateObjectMeta(
  meta: ObjectMeta | undefined,
  namespaced: boolean,
  validateName: NameValidator,
  field = 'metadata',
): FieldError[] {
  const errors: FieldError[] = [];
  const m = meta ?? {};
  if (m.generateName)
    for (const msg of validateName(m.generateName, true))
      errors.push(invalid(`${field}.generateName`, m.generateName, msg));
  if (!m.name) errors.push(required(`${field}.name`, 'name or generateName is required'));
  else for (const msg of validateName(m.name, false)) errors.push(invalid(`${field}.name`, m.name, msg));
  if (namespaced) {
    if (!m.namespace) errors.push(required(`${field}.namespace`));
    else for (const msg of isDNS1123Label(m.namespace)) errors.push(invalid(`${field}.namespace`, m.namespace, msg));
  } else if (m.namespace) errors.push(forbidden(`${field}.namespace`, 'not allowed on this type'));
  errors.push(...validateLabels(m.labels, `${field}.labels`));
  errors.push(...validateAnnotations(m.annotations, `${field}.annotations`));
  return errors;
}

/** ValidateObjectMetaUpdate: what identifies an object never changes. */
export function validateObjectMetaUpdate(meta: ObjectMeta, old: ObjectMeta, field = 'metadata'): FieldError[] {
  const errors: FieldError[] = [];
  const immutable: (keyof ObjectMeta)[] = ['name', 'namespace', 'uid', 'creationTimestamp'];
  for (const key of immutable) {
    if (old[key] !== undefined && meta[key] !== undefined && meta[key] !== old[key])
      errors.push(invalid(`${field}.${key}`, meta[key], 'field is immutable'));
  }
  errors.push(...validateLabels(meta.labels, `${field}.labels`));
  errors.push(...validateAnnotations(meta.annotations, `${field}.annotations`));
  return errors;
}

const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** ValidateLabelSelector: matchLabels as labels, matchExpressions with a valid operator and value count. */
export function validateLabelSelector(selector: LabelSelector | undefined, field: string): FieldError[] {
  if (!selector) return [];
  const errors = validateLabels(selector.matchLabels, `${field}.matchLabels`);
  (selector.matchExpressions ?? []).forEach((expr, i) => {
    const path = `${field}.matchExpressions[${i}]`;
    const values = expr.values ?? [];
    if ((expr.operator === 'In' || expr.operator === 'NotIn') && values.length === 0)
      errors.push(required(`${path}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
    else if ((expr.operator === 'Exists' || expr.operator === 'DoesNotExist') && values.length > 0)
      errors.push(forbidden(`${path}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    else if (!SELECTOR_OPERATORS.includes(expr.operator))
      errors.push(notSupported(`${path}.operator`, expr.operator, SELECTOR_OPERATORS));
    for (const m of isQualifiedName(expr.key ?? '')) errors.push(invalid(`${path}.key`, expr.key, m));
    values.forEach((v, j) => {
      for (const m of isValidLabelValue(v)) errors.push(invalid(`${path}.values[${j}]`, v, m));
    });
  });
  return errors;
}
