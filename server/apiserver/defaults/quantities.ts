// Quantities written as numbers (`cpu: 1`, `memory: 128`, as YAML users often write them) become their canonical
// strings on write, as upstream's Quantity decodes a JSON number; so every reader of a stored object sees strings.
import { formatQuantity, parseQuantity } from '../../api/quantity.js';

/**
 * Rewrites each number in a resource list (requests, limits, capacity, overhead) to its canonical quantity string:
 * 1 → "1", 0.5 → "500m". Other values are left for validation to judge (a boolean or object is a 422 there).
 */
export function canonicalQuantities(list: Record<string, unknown> | undefined): void {
  if (typeof list !== 'object' || list === null) return;
  for (const [name, value] of Object.entries(list)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    const parsed = parseQuantity(String(value));
    if (parsed.ok) list[name] = formatQuantity(parsed.quantity);
  }
}
