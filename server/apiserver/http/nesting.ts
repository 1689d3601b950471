// How deeply a request body may nest objects and arrays. Upstream's JSON decoder refuses bodies nested past 10,000
// levels; ours refuses past 100 because much of the API server walks objects recursively (the yaml composer, merge
// and strategic merge patch, managed fields, defaults, validation, the OpenAPI field checks), and the yaml
// composer alone overflows the stack near 800 levels. The deepest built-in object we serve nests about 15 levels
// (a Deployment's pod template down to an affinity term's values; managed fields add 3), so 100 leaves room
// for any real object and keeps every recursive walk an order of magnitude away from the stack limit.

/** The most levels of nested objects and arrays a body, or the result of patching an object, may have. */
export const MAX_NESTING_DEPTH = 100;

/** The 400's message for a body nested past the limit. */
export function tooDeepMessage(limit = MAX_NESTING_DEPTH): string {
  return `the request body nests objects and arrays more than ${limit} levels deep, which this server does not accept`;
}

/**
 * True when `value` nests objects and arrays deeper than `limit` (the top-level object counts as 1). Iterative,
 * for values built without a text scan: protobuf bodies and the result of a JSON patch, which may deepen an object.
 */
export function nestsDeeperThan(value: unknown, limit = MAX_NESTING_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (typeof item !== 'object' || item === null) continue;
    if (depth + 1 > limit) return true;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}
