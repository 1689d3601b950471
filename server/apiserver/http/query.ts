// Query parameters read one way everywhere, as upstream's parameter codec reads them into *Options structs.
import type { StatusCause } from '../../api/meta.js';

/**
 * A boolean query parameter as upstream's Convert_Slice_string_To_bool reads it: absent, "0" and "false" (in any
 * case) are false; every other value, "True", "1", "yes" and "" included, is true. The first value counts.
 */
export function booleanParam(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  return value !== null && value !== '0' && value.toLowerCase() !== 'false';
}

/** A boolean parameter whose absence means something of its own (sendInitialEvents), as upstream's *bool. */
export function optionalBooleanParam(query: URLSearchParams, name: string): boolean | undefined {
  return query.has(name) ? booleanParam(query, name) : undefined;
}

/** Upstream's `field.NotSupported` cause: `Unsupported value: "x": supported values: "A", "B"`. */
export function notSupported(field: string, value: string, supported: readonly string[]): StatusCause {
  const list = supported.map((option) => JSON.stringify(option)).join(', ');
  return { type: 'FieldValueNotSupported', field, message: `Unsupported value: ${value}: supported values: ${list}` };
}

/** Upstream's `field.Forbidden` cause. */
export function forbidden(field: string, detail: string): StatusCause {
  return { type: 'FieldValueForbidden', field, message: `Forbidden: ${detail}` };
}

/**
 * The causes that make a `dryRun` parameter invalid: every value must be "All", as upstream's ValidateDryRun
 * (the value shows as Go prints a []string: `[]string{"Bogus"}`).
 */
export function dryRunCauses(query: URLSearchParams): StatusCause[] {
  const values = query.getAll('dryRun');
  if (values.every((value) => value === 'All')) return [];
  return [notSupported('dryRun', `[]string{${values.map((value) => JSON.stringify(value)).join(', ')}}`, ['All'])];
}
