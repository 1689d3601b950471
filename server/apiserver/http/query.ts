// Query parameters read one way everywhere, as upstream's parameter codec reads them into *Options structs.
import { notSupported, toCause } from '../../api/field-error.js';
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

/**
 * The causes that make a `dryRun` parameter invalid: every value must be "All", as upstream's ValidateDryRun
 * (the value shows as Go prints a []string: `[]string{"Bogus"}`).
 */
export function dryRunCauses(query: URLSearchParams): StatusCause[] {
  const values = query.getAll('dryRun');
  if (values.every((value) => value === 'All')) return [];
  return [toCause(notSupported('dryRun', values, ['All']))];
}
