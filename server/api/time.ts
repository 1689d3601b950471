// Times as the API writes them. metav1.Time marshals as RFC 3339 in UTC with whole seconds
// (`2024-01-01T00:00:00Z`), as upstream's Time.MarshalJSON; every component that stamps a time on an object
// (creationTimestamp, conditions, taints, events) writes it this way, so clients compare and sort them alike.

/** `time` (a Date, or milliseconds since the epoch) as metav1.Time writes it: RFC 3339, UTC, whole seconds. */
export function rfc3339(time: Date | number): string {
  return new Date(time).toISOString().replace(/\.\d+Z$/, 'Z');
}
