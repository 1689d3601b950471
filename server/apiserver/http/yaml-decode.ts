// Decoding a YAML body without letting it exhaust the process. The yaml package lexes and parses iteratively but
// composes values recursively (it overflows the stack near 800 nested flow collections, and repeated overflows
// inside its regular expressions once killed the API server), so the nesting of the parsed token tree is
// measured first, iteratively, and the body is composed only when it is within the limit. Aliases are bounded
// by maxAliasCount (the yaml package's guard against entity-expansion bombs). Repeated keys are collected, not
// fatal: fieldValidation decides, as upstream's strict YAML decoder reports `line 4: key "x" already set in map`.
import { Composer, Lexer, LineCounter, Parser, type CST } from 'yaml';

/** At most this many alias expansions per anchor, the yaml package's own default made explicit. */
const MAX_ALIAS_COUNT = 100;

/** A decoded document, the repeated keys it had, or why it could not be decoded. */
export type YamlDecoding =
  | { ok: true; value: unknown; duplicates: string[] }
  | { ok: false; tooDeep: true }
  | { ok: false; tooDeep: false; message: string };

/** Decodes the one YAML document in `text`; collections nested beyond `maxDepth` are refused before composing. */
export function decodeYaml(text: string, maxDepth: number): YamlDecoding {
  const lines = new LineCounter();
  const tokens = parseTokens(text, lines, maxDepth);
  const shape = tokens && measure(tokens, lines, maxDepth);
  if (!shape || shape.depth > maxDepth) return { ok: false, tooDeep: true };
  if (shape.aliases > MAX_ALIAS_COUNT) {
    return { ok: false, tooDeep: false, message: `the body uses more than ${MAX_ALIAS_COUNT} YAML aliases` };
  }
  // Repeated keys were found above in one pass; the yaml package's own check compares every pair of keys.
  const documents = Array.from(
    new Composer({ uniqueKeys: false, logLevel: 'error' }).compose(tokens, true, text.length),
  );
  if (documents.length > 1) {
    return { ok: false, tooDeep: false, message: 'the body holds more than one YAML document; send one object' };
  }
  const [error] = documents[0]!.errors;
  if (error) {
    const { line, col } = lines.linePos(error.pos[0]);
    return { ok: false, tooDeep: false, message: `${error.message} at line ${line}, column ${col}` };
  }
  try {
    return { ok: true, value: documents[0]!.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), duplicates: shape.duplicates };
  } catch (error) {
    // toJS refuses an alias expansion past maxAliasCount.
    return { ok: false, tooDeep: false, message: (error as Error).message };
  }
}

/**
 * The token tree of `text`, or undefined as soon as the parser holds more open collections than `maxDepth`
 * allows (its stack holds the document, the open collections and at most one scalar): a deep body costs no more
 * than reading up to its limit.
 */
function parseTokens(text: string, lines: LineCounter, maxDepth: number): CST.Token[] | undefined {
  const parser = new Parser(lines.addNewLine);
  lines.addNewLine(0);
  const tokens: CST.Token[] = [];
  for (const lexeme of new Lexer().lex(text)) {
    for (const token of parser.next(lexeme)) tokens.push(token);
    if (parser.stack.length > maxDepth + 2) return undefined;
  }
  for (const token of parser.end()) tokens.push(token);
  return tokens;
}

/** What one pass over the token tree finds: nesting depth (counted up to `limit + 1`), aliases, repeated keys. */
interface Shape {
  depth: number;
  aliases: number;
  duplicates: string[];
}

function measure(tokens: CST.Token[], lines: LineCounter, limit: number): Shape {
  const stack: Array<{ token: CST.Token; depth: number }> = tokens.map((token) => ({ token, depth: 0 }));
  const shape: Shape = { depth: 0, aliases: 0, duplicates: [] };
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    if (token.type === 'alias') shape.aliases++;
    if (token.type === 'document' && token.value) stack.push({ token: token.value, depth });
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    const inner = depth + 1;
    shape.depth = Math.max(shape.depth, inner);
    if (inner > limit) break;
    const keys = token.type === 'block-map' || (token.type === 'flow-collection' && token.start.source === '{');
    const seen = new Set<string>();
    for (const item of token.items) {
      const key = keys && item.key ? scalarText(item.key) : undefined;
      if (key !== undefined && seen.has(key)) {
        shape.duplicates.push(`line ${lines.linePos(item.key!.offset).line}: key "${key}" already set in map`);
      }
      if (key !== undefined) seen.add(key);
      if (item.key) stack.push({ token: item.key, depth: inner });
      if (item.value) stack.push({ token: item.value, depth: inner });
    }
  }
  // Listed by line, as a reader looks for them.
  shape.duplicates.sort((a, b) => lineOf(a) - lineOf(b));
  return shape;
}

function lineOf(duplicate: string): number {
  return Number(/^line (\d+)/.exec(duplicate)?.[1]);
}

/** A scalar key's text (quotes resolved), or undefined for keys that are not scalars. */
function scalarText(token: CST.Token): string | undefined {
  if (token.type === 'scalar') return token.source.trim();
  if (token.type === 'single-quoted-scalar') return token.source.slice(1, -1).replaceAll("''", "'");
  if (token.type !== 'double-quoted-scalar') return undefined;
  try {
    return String(JSON.parse(token.source));
  } catch {
    return token.source.slice(1, -1);
  }
}
