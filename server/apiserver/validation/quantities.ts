// Resource lists (requests, limits, capacity, allocatable): every value a quantity that parses and is not negative,
// as upstream's ValidateResourceQuantityValue. A value of another type (a boolean, an object) is a field error, not
// a crash: numbers were already made canonical strings by defaulting.
import type { Node } from '../../api/types/core.js';
import { parseQuantity, QUANTITY_FORMAT_ERROR, type Quantity } from '../../api/quantity.js';
import { invalid, type FieldError } from '../../api/field-error.js';

/** The parsed quantity, or the field error that explains why `value` is not one. */
export function quantityField(value: unknown, field: string): { quantity: Quantity } | { error: FieldError } {
  if (typeof value !== 'string' && typeof value !== 'number')
    return { error: invalid(field, value, QUANTITY_FORMAT_ERROR) };
  const parsed = parseQuantity(String(value));
  if (!parsed.ok) return { error: invalid(field, value, parsed.error) };
  if (parsed.quantity.nanos < 0n) return { error: invalid(field, value, 'must be greater than or equal to 0') };
  return { quantity: parsed.quantity };
}

/** Every entry of a resource list, as `<field>[<name>]`. */
function validateResourceList(list: unknown, field: string): FieldError[] {
  if (list === undefined || list === null) return [];
  if (typeof list !== 'object' || Array.isArray(list))
    return [invalid(field, list, 'must be a map of resource names to quantities')];
  return Object.entries(list).flatMap(([name, value]) => {
    const checked = quantityField(value, `${field}[${name}]`);
    return 'error' in checked ? [checked.error] : [];
  });
}

/** A Node's reported capacity and allocatable. */
export function validateNodeResources(node: Node): FieldError[] {
  return [
    ...validateResourceList(node.status?.capacity, 'status.capacity'),
    ...validateResourceList(node.status?.allocatable, 'status.allocatable'),
  ];
}
