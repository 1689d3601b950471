/** JSON.parse that answers undefined instead of throwing: client text is validated with zod right after. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
