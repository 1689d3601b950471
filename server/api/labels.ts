// Label selectors: the `-l` of kubectl, the `labelSelector` of a list or watch, and the `selector` of every workload.
// The grammar, error messages and string form follow apimachinery's pkg/labels/selector.go.
import { aggregate, errorString, invalid, type FieldError } from './field-error.js';
import { isQualifiedName, isValidLabelValue } from './name-validation.js';
import type { LabelSelector } from './types/label-selector.js';

/** selection.Operator, spelled as upstream spells it. */
export type Operator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

/** One clause of a selector; a selector matches when all its requirements do. */
export interface Requirement {
  key: string;
  operator: Operator;
  values: string[];
}

/** Requirements sorted by key; empty matches everything. */
export type Selector = Requirement[];

/** A parse or conversion outcome: the selector, or upstream's error message. */
export type SelectorResult = { ok: true; selector: Selector } | { ok: false; error: string };

type Token = 'end' | 'id' | '(' | ')' | ',' | '!' | '=' | '==' | '!=' | '>' | '<' | 'in' | 'notin' | 'error';
interface Item {
  token: Token;
  literal: string;
}

const SPECIAL = new Set(['=', '!', '(', ')', ',', '>', '<']);
const SYMBOLS = new Set(['=', '==', '!=', '!', '(', ')', ',', '>', '<']);
const isSpace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';

/** Splits a selector into tokens as upstream's Lexer: symbols greedily, anything else up to a space or symbol. */
function lex(input: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  for (;;) {
    while (pos < input.length && isSpace(input[pos] ?? '')) pos++;
    if (pos >= input.length) {
      items.push({ token: 'end', literal: '' });
      return items;
    }
    const start = pos;
    if (SPECIAL.has(input[pos] ?? '')) {
      let best = '';
      while (pos < input.length && SPECIAL.has(input[pos] ?? '')) {
        const candidate = input.slice(start, pos + 1);
        if (SYMBOLS.has(candidate)) best = candidate;
        else if (best) break;
        pos++;
      }
      pos = start + best.length;
      if (!best) {
        items.push({ token: 'error', literal: `error expected: keyword found '${input.slice(start)}'` });
        pos = input.length;
      } else items.push({ token: best as Token, literal: best });
      continue;
    }
    while (pos < input.length && !SPECIAL.has(input[pos] ?? '') && !isSpace(input[pos] ?? '')) pos++;
    const word = input.slice(start, pos);
    items.push({ token: word === 'in' || word === 'notin' ? word : 'id', literal: word });
  }
}

/** Builds a requirement as upstream's NewRequirement, returning its field errors. */
export function newRequirement(key: string, operator: Operator, values: string[]): Requirement | FieldError[] {
  const errors: FieldError[] = [];
  const keyErrors = isQualifiedName(key);
  if (keyErrors.length > 0) errors.push(invalid('key', key, keyErrors.join('; ')));
  if ((operator === 'in' || operator === 'notin') && values.length === 0)
    errors.push(invalid('values', values, "for 'in', 'notin' operators, values set can't be empty"));
  if ((operator === '=' || operator === '==' || operator === '!=') && values.length !== 1)
    errors.push(invalid('values', values, 'exact-match compatibility requires one single value'));
  if ((operator === 'exists' || operator === '!') && values.length !== 0)
    errors.push(invalid('values', values, 'values set must be empty for exists and does not exist'));
  if (operator === 'gt' || operator === 'lt') {
    if (values.length !== 1)
      errors.push(invalid('values', values, "for 'Gt', 'Lt' operators, exactly one value is required"));
    values.forEach((v, i) => {
      if (!/^[+-]?\d+$/.test(v))
        errors.push(invalid(`values[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"));
    });
  }
  values.forEach((v, i) => {
    const valueErrors = isValidLabelValue(v);
    if (valueErrors.length > 0) errors.push(invalid(`values[${i}][${key}]`, v, valueErrors.join('; ')));
  });
  return errors.length > 0 ? errors : { key, operator, values };
}

class Parser {
  private position = 0;
  constructor(private readonly items: Item[]) {}

  /** The next item; in a value position `in` and `notin` are plain identifiers. */
  peek(valueContext = true): Item {
    const item = this.items[this.position] ?? { token: 'end', literal: '' };
    return valueContext && (item.token === 'in' || item.token === 'notin') ? { ...item, token: 'id' } : item;
  }

  next(valueContext = true): Item {
    const item = this.peek(valueContext);
    this.position++;
    return item;
  }

  parse(): Requirement[] | string {
    const requirements: Requirement[] = [];
    for (;;) {
      const { token, literal } = this.peek();
      if (token === 'end') return requirements;
      if (token !== 'id' && token !== '!') return `found '${literal}', expected: !, identifier, or 'end of string'`;
      const r = this.parseRequirement();
      if (typeof r === 'string') return `unable to parse requirement: ${r}`;
      requirements.push(r);
      const after = this.next();
      if (after.token === 'end') return requirements;
      if (after.token !== ',') return `found '${after.literal}', expected: ',' or 'end of string'`;
      const following = this.peek();
      if (following.token !== 'id' && following.token !== '!')
        return `found '${following.literal}', expected: identifier after ','`;
    }
  }

  private parseRequirement(): Requirement | string {
    let first = this.next();
    let operator: Operator | undefined;
    if (first.token === '!') {
      operator = '!';
      first = this.next();
    }
    if (first.token !== 'id') return `found '${first.literal}', expected: identifier`;
    const key = first.literal;
    const keyErrors = isQualifiedName(key);
    if (keyErrors.length > 0) return errorString(invalid('<nil>', key, keyErrors.join('; ')));
    const lookahead = this.peek().token;
    if (operator === '!' || lookahead === 'end' || lookahead === ',')
      return toRequirement(newRequirement(key, operator ?? 'exists', []));
    const op = this.next(false);
    const operators: Partial<Record<Token, Operator>> = {
      in: 'in',
      notin: 'notin',
      '=': '=',
      '==': '==',
      '!=': '!=',
      '>': 'gt',
      '<': 'lt', // prettier-ignore
    };
    operator = operators[op.token];
    if (!operator) return `found '${op.literal}', expected: in, notin, =, ==, !=, gt, lt`;
    const values = operator === 'in' || operator === 'notin' ? this.parseValues() : this.parseExactValue();
    if (typeof values === 'string') return values;
    return toRequirement(newRequirement(key, operator, [...new Set(values)].sort()));
  }

  private parseValues(): string[] | string {
    const open = this.next();
    if (open.token !== '(') return `found '${open.literal}' expected: '('`;
    const first = this.peek();
    if (first.token === ')') {
      this.next();
      return [''];
    }
    if (first.token !== 'id' && first.token !== ',')
      return `found '${first.literal}', expected: ',', ')' or identifier`;
    const values = this.parseIdentifiers();
    if (typeof values === 'string') return values;
    if (this.next().token !== ')') return `found '${first.literal}', expected: ')'`;
    return values;
  }

  /** A possibly empty, comma-separated list of possibly empty values, up to (not including) ')'. */
  private parseIdentifiers(): string[] | string {
    const values: string[] = [];
    for (;;) {
      const item = this.next();
      if (item.token === 'id') {
        values.push(item.literal);
        const after = this.peek();
        if (after.token === ')') return values;
        if (after.token !== ',') return `found '${after.literal}', expected: ',' or ')'`;
      } else if (item.token === ',') {
        if (values.length === 0) values.push('');
        const after = this.peek().token;
        if (after === ')') {
          values.push('');
          return values;
        }
        if (after === ',') {
          this.next();
          values.push('');
        }
      } else return `found '${item.literal}', expected: ',', or identifier`;
    }
  }

  private parseExactValue(): string[] | string {
    const item = this.peek();
    if (item.token === 'end' || item.token === ',') return [''];
    this.next();
    return item.token === 'id' ? [item.literal] : `found '${item.literal}', expected: identifier`;
  }
}

function toRequirement(result: Requirement | FieldError[]): Requirement | string {
  return Array.isArray(result) ? aggregate(result.map(errorString)) : result;
}

const byKey = (a: Requirement, b: Requirement) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** Parses a selector string (labels.Parse); requirements come back sorted by key. */
export function parseSelector(input: string): SelectorResult {
  const result = new Parser(lex(input)).parse();
  return typeof result === 'string' ? { ok: false, error: result } : { ok: true, selector: result.sort(byKey) };
}

/** Whether a label map satisfies one requirement (Requirement.Matches). */
export function matchesRequirement(r: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(labels, r.key);
  const value = labels[r.key] ?? '';
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has && r.values.includes(value);
    case 'notin':
    case '!=':
      return !has || !r.values.includes(value);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || !/^[+-]?\d+$/.test(value) || r.values.length !== 1) return false;
      const [left, right] = [BigInt(value), BigInt(r.values[0] ?? '0')];
      return r.operator === 'gt' ? left > right : left < right;
    }
  }
}

/** Whether a label map (possibly absent) satisfies every requirement of a selector. */
export function matchesSelector(selector: Selector, labels: Readonly<Record<string, string>> | undefined): boolean {
  return selector.every((r) => matchesRequirement(r, labels ?? {}));
}

const LABEL_SELECTOR_OPERATORS: Record<string, Operator> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

/**
 * Converts a metav1.LabelSelector to requirements (LabelSelectorAsSelector). An empty selector matches everything;
 * upstream treats an absent (nil) selector as matching nothing, which callers decide before calling this.
 */
export function labelSelectorAsSelector(ls: LabelSelector): SelectorResult {
  const requirements: Requirement[] = [];
  const candidates: [string, Operator, string[]][] = Object.entries(ls.matchLabels ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => [k, '=', [v]]);
  for (const expr of ls.matchExpressions ?? []) {
    const operator = LABEL_SELECTOR_OPERATORS[expr.operator];
    if (!operator)
      return { ok: false, error: `${JSON.stringify(expr.operator)} is not a valid label selector operator` };
    candidates.push([expr.key, operator, [...(expr.values ?? [])]]);
  }
  for (const [key, operator, values] of candidates) {
    const r = toRequirement(newRequirement(key, operator, values));
    if (typeof r === 'string') return { ok: false, error: r };
    requirements.push(r);
  }
  return { ok: true, selector: requirements.sort(byKey) };
}

/** The selector that matches exactly the given labels (SelectorFromSet), e.g. a Service's spec.selector. */
export function selectorFromSet(set: Readonly<Record<string, string>>): Selector {
  return Object.keys(set)
    .sort()
    .map((key) => ({ key, operator: '=' as const, values: [set[key] ?? ''] }));
}

/** One requirement as text (Requirement.String), values sorted. */
export function formatRequirement(r: Requirement): string {
  const values = [...r.values].sort().join(',');
  switch (r.operator) {
    case 'exists':
      return r.key;
    case '!':
      return `!${r.key}`;
    case 'in':
    case 'notin':
      return `${r.key} ${r.operator} (${values})`;
    case 'gt':
      return `${r.key}>${values}`;
    case 'lt':
      return `${r.key}<${values}`;
    default:
      return `${r.key}${r.operator}${values}`;
  }
}

/** A selector as text (Selector.String): Scale's status.selector, describe's "Selector:" line. */
export function formatSelector(selector: Selector): string {
  return selector.map(formatRequirement).join(',');
}
