// One pass over a JSON text before JSON.parse sees it: how deep it nests (refused past a limit, as upstream's decoder
// refuses bodies nested past 10,000 levels) and which object keys repeat (what fieldValidation=Strict refuses, as
// upstream's strict JSON decoder reports `duplicate field "spec.replicas"`). Iterative, so no body can exhaust the
// stack here. The text need not be valid JSON: JSON.parse judges that afterwards.

/** What a scan found: nesting past the limit, or the paths of repeated keys. */
export type JsonScan = { ok: true; duplicates: string[] } | { ok: false };

interface Frame {
  /** The field path of this object or array, as upstream prints it: `spec.containers[0]`. */
  path: string;
  keys: Set<string> | undefined;
  /** Arrays: the index of the element being read. */
  index: number;
  /** Objects: the next string is a key. */
  expectKey: boolean;
  /** The key whose value is being read (objects). */
  key: string;
}

/** Scans `text`; nesting beyond `maxDepth` objects and arrays stops the scan. */
export function scanJson(text: string, maxDepth: number): JsonScan {
  const stack: Frame[] = [];
  const duplicates: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const end = stringEnd(text, i);
      const top = stack[stack.length - 1];
      if (top?.keys && top.expectKey) {
        top.key = keyText(text.slice(i, end + 1));
        if (top.keys.has(top.key)) duplicates.push(childPath(top.path, top.key));
        top.keys.add(top.key);
        top.expectKey = false;
      }
      i = end;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (stack.length === maxDepth) return { ok: false };
      const parent = stack[stack.length - 1];
      const path = !parent ? '' : parent.keys ? childPath(parent.path, parent.key) : `${parent.path}[${parent.index}]`;
      stack.push({ path, keys: c === 0x7b ? new Set() : undefined, index: 0, expectKey: true, key: '' });
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top) {
        top.index++;
        top.expectKey = true;
      }
    }
  }
  return { ok: true, duplicates };
}

/** The index of the quote that closes the string opening at `start` (or the text's end when it never closes). */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c /* \ */) i++;
    else if (c === 0x22) return i;
  }
  return text.length - 1;
}

function keyText(literal: string): string {
  try {
    return String(JSON.parse(literal));
  } catch {
    return literal.slice(1, -1);
  }
}

function childPath(parent: string, key: string): string {
  return parent ? `${parent}.${key}` : key;
}
