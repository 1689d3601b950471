// A pod's QoS class, as upstream's qos.GetPodQOS (pkg/apis/core/helper/qos), for cpu and memory.
import type { Container } from '../../../api/types/core.js';
import { compareQuantities, parseQuantity, type Quantity } from '../../../api/quantity.js';

/** A quantity that is set and not zero, parsed; undefined otherwise (zero and malformed ones do not count). */
function nonZero(value: unknown): Quantity | undefined {
  if (typeof value !== 'string') return undefined;
  const parsed = parseQuantity(value);
  return parsed.ok && parsed.quantity.nanos !== 0n ? parsed.quantity : undefined;
}

/** Guaranteed, Burstable or BestEffort: what `kubectl describe pod` shows and eviction ranks by. */
export function podQOSClass(containers: readonly Container[]): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  let anySet = false;
  let guaranteed = true;
  for (const c of containers) {
    for (const name of ['cpu', 'memory']) {
      const limit = nonZero(c.resources?.limits?.[name]);
      const request = nonZero(c.resources?.requests?.[name]) ?? limit;
      if (request || limit) anySet = true;
      if (!limit || !request || compareQuantities(request, limit) !== 0) guaranteed = false;
    }
  }
  if (!anySet) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
