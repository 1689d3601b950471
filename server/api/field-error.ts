// Field errors as values, as apimachinery's util/validation/field (field.Error, field.Required, ...), worded as
// upstream's, and the Status message an `Invalid` answer carries. In api/ because validation is not the API
// server's alone: label selectors (api/labels.ts) report their errors the same way.
import type { StatusCause } from './meta.js';

/** The cause types the API server puts in `details.causes[].type` (metav1.CauseType). */
export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueDuplicate'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueNotFound';

/** One validation failure at a field path such as `spec.template.spec.containers[0].image`. */
export interface FieldError {
  type: FieldErrorType;
  field: string;
  badValue?: unknown;
  detail: string;
}

const TYPE_TEXT: Record<FieldErrorType, string> = {
  FieldValueRequired: 'Required value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  FieldValueNotFound: 'Not found',
};

/** A bad value that must print as this exact Go literal (e.g. a struct), not as Go would print a plain value. */
export interface GoLiteral {
  goLiteral: string;
}

/** field.Required. */
export const required = (field: string, detail = ''): FieldError => ({ type: 'FieldValueRequired', field, detail });

/** field.Invalid. */
export const invalid = (field: string, badValue: unknown, detail: string): FieldError => ({
  type: 'FieldValueInvalid',
  field,
  badValue,
  detail,
});

/** field.NotSupported: the detail lists the supported values, quoted. */
export const notSupported = (field: string, badValue: unknown, valid: readonly string[]): FieldError => ({
  type: 'FieldValueNotSupported',
  field,
  badValue,
  detail: valid.length > 0 ? `supported values: ${valid.map((v) => JSON.stringify(v)).join(', ')}` : '',
});

/** field.Duplicate. */
export const duplicate = (field: string, badValue: unknown): FieldError => ({
  type: 'FieldValueDuplicate',
  field,
  badValue,
  detail: '',
});

/** field.NotFound: a reference to something that does not exist (e.g. a volume mount's volume). */
export const notFound = (field: string, badValue: unknown): FieldError => ({
  type: 'FieldValueNotFound',
  field,
  badValue,
  detail: '',
});

/** field.Forbidden. */
export const forbidden = (field: string, detail: string): FieldError => ({
  type: 'FieldValueForbidden',
  field,
  detail,
});

/** field.TooLong with upstream's 1.30+ wording. */
export const tooLong = (field: string, maxLength: number): FieldError => ({
  type: 'FieldValueTooLong',
  field,
  detail: `may not be more than ${maxLength} ${maxLength === 1 ? 'byte' : 'bytes'}`,
});

/**
 * Renders a bad value the way Go's fmt renders it in field errors: strings quoted (%q), numbers and booleans bare,
 * string maps and slices as Go literals (%#v, e.g. `map[string]string{"app":"x"}`), null as `null`.
 */
function goValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && 'goLiteral' in value) return String((value as GoLiteral).goLiteral);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
    return `[]string{${value.map((v) => JSON.stringify(v)).join(', ')}}`;
  if (typeof value === 'object' && Object.values(value).every((v) => typeof v === 'string')) {
    const entries = Object.entries(value as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[string]string{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}

/** The text after the field path (field.Error.ErrorBody): this is a cause's `message`. */
function errorBody(error: FieldError): string {
  let text = TYPE_TEXT[error.type];
  const valueShown = !['FieldValueRequired', 'FieldValueForbidden', 'FieldValueTooLong'].includes(error.type);
  if (valueShown) text += `: ${goValue(error.badValue)}`;
  if (error.detail) text += `: ${error.detail}`;
  return text;
}

/** `field: body`, as field.Error.Error(). */
export function errorString(error: FieldError): string {
  return `${error.field}: ${errorBody(error)}`;
}

/** One entry of a Status's `details.causes`. */
export function toCause(error: FieldError): StatusCause {
  return { type: error.type, message: errorBody(error), field: error.field };
}

/** Joins messages as an apimachinery Aggregate does: one alone, several as `[a, b]`, duplicates dropped. */
export function aggregate(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? (unique[0] ?? '') : `[${unique.join(', ')}]`;
}

/**
 * The message of a 422 `Invalid` Status (errors.NewInvalid), e.g.
 * `Deployment.apps "web" is invalid: spec.selector: Required value`. `group` is empty for the core group.
 */
export function invalidMessage(kind: string, group: string, name: string, errors: readonly FieldError[]): string {
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  return `${qualifiedKind} ${JSON.stringify(name)} is invalid: ${aggregate(errors.map(errorString))}`;
}
