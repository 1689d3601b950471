// Resource quantities (`100m`, `128Mi`, `1e3`): how requests, limits, capacity and allocatable are written.
// Parsing and canonical form follow apimachinery's pkg/api/resource/quantity.go. Values are held exactly as a whole
// number of nano-units (upstream's finest precision; anything finer rounds up), so milli-CPU arithmetic never drifts.

/** How a quantity was written, and so how it prints (upstream's Format). */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** An exact quantity: `nanos` × 10⁻⁹ base units (cores, bytes, ...). */
export interface Quantity {
  nanos: bigint;
  format: QuantityFormat;
}

/** A parse outcome: the quantity, or upstream's error message. */
export type QuantityResult = { ok: true; quantity: Quantity } | { ok: false; error: string };

/** Upstream's ErrFormatWrong text. */
export const QUANTITY_FORMAT_ERROR =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

const QUANTITY = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
const DECIMAL_EXPONENTS: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const NANO = 10n ** 9n;

/** Reads the suffix as (base, exponent, format), or undefined when upstream would not accept it. */
function parseSuffix(suffix: string): { base: 2 | 10; exponent: number; format: QuantityFormat } | undefined {
  const decimal = DECIMAL_EXPONENTS[suffix];
  if (decimal !== undefined) return { base: 10, exponent: decimal, format: 'DecimalSI' };
  const binary = BINARY_SUFFIXES.indexOf(suffix);
  if (binary > 0) return { base: 2, exponent: binary * 10, format: 'BinarySI' };
  const match = /^[eE]([-+]?[0-9]+)$/.exec(suffix);
  if (match) return { base: 10, exponent: Number(match[1]), format: 'DecimalExponent' };
  return undefined;
}

/** Divides rounding toward +∞, as upstream rounds too-precise quantities up. */
function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a > 0n === b > 0n ? q + 1n : q;
}

/** Parses a quantity string (resource.ParseQuantity). */
export function parseQuantity(input: string): QuantityResult {
  const text = input.trim();
  const match = QUANTITY.exec(text);
  if (text === '' || !match) return { ok: false, error: QUANTITY_FORMAT_ERROR };
  const [, numberPart = '', suffixPart = ''] = match;
  const number = /^([+-]?)([0-9]*)(?:\.([0-9]*))?$/.exec(numberPart);
  if (!number || (number[2] === '' && (number[3] ?? '') === ''))
    return { ok: false, error: 'unable to parse numeric part of quantity' };
  const suffix = parseSuffix(suffixPart);
  if (!suffix) return { ok: false, error: "unable to parse quantity's suffix" };
  const fraction = number[3] ?? '';
  const digits = BigInt(`${number[2] || '0'}${fraction}` || '0');
  // value = digits × 10^-len(fraction) × base^exponent; in nanos multiply by 10^9.
  let numerator = digits * NANO;
  let denominator = 10n ** BigInt(fraction.length);
  if (suffix.base === 2) numerator *= 2n ** BigInt(suffix.exponent);
  else if (suffix.exponent >= 0) numerator *= 10n ** BigInt(suffix.exponent);
  else denominator *= 10n ** BigInt(-suffix.exponent);
  const magnitude = ceilDiv(numerator, denominator);
  const nanos = number[1] === '-' ? -magnitude : magnitude;
  return { ok: true, quantity: { nanos, format: suffix.format } };
}

/** Like parseQuantity for values the caller trusts (defaults, tests): throws on a malformed string. */
export function mustParseQuantity(input: string): Quantity {
  const result = parseQuantity(input);
  if (!result.ok) throw new Error(`${input}: ${result.error}`);
  return result.quantity;
}

/** The value in whole base units, rounded up (Quantity.Value), e.g. bytes of memory. */
export function quantityValue(q: Quantity): number {
  return Number(ceilDiv(q.nanos, NANO));
}

/** The value in thousandths, rounded up (Quantity.MilliValue), e.g. millicores of CPU. */
export function quantityMilliValue(q: Quantity): number {
  return Number(ceilDiv(q.nanos, 10n ** 6n));
}

/** -1, 0 or 1 as a is less than, equal to or greater than b (Quantity.Cmp). */
export function compareQuantities(a: Quantity, b: Quantity): -1 | 0 | 1 {
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
}

/** The sum, printed in a's format (Quantity.Add). */
export function addQuantities(a: Quantity, b: Quantity): Quantity {
  return { nanos: a.nanos + b.nanos, format: a.format };
}

/** The difference a − b, printed in a's format (Quantity.Sub). */
export function subtractQuantities(a: Quantity, b: Quantity): Quantity {
  return { nanos: a.nanos - b.nanos, format: a.format };
}

/** Mantissa and the largest exponent (a multiple of 3, from -9 to 18) that keeps the mantissa whole. */
function canonicalDecimal(nanos: bigint): [bigint, number] {
  let mantissa = nanos;
  let exponent = -9;
  while (mantissa !== 0n && mantissa % 1000n === 0n && exponent < 18) {
    mantissa /= 1000n;
    exponent += 3;
  }
  return mantissa === 0n ? [0n, 0] : [mantissa, exponent];
}

/**
 * The canonical text of a quantity (Quantity.String): `0.5` → `500m`, `1000` → `1k`, `0.5Gi` → `512Mi`. BinarySI
 * values under 1024 or with a fraction print as DecimalSI, as upstream does to avoid losing precision.
 */
export function formatQuantity(q: Quantity): string {
  let format = q.format;
  const whole = q.nanos % NANO === 0n;
  const units = q.nanos / NANO;
  if (format === 'BinarySI' && (!whole || (units > -1024n && units < 1024n))) format = 'DecimalSI';
  if (format === 'BinarySI') {
    let mantissa = units;
    let index = 0;
    while (mantissa % 1024n === 0n && index < BINARY_SUFFIXES.length - 1) {
      mantissa /= 1024n;
      index++;
    }
    return `${mantissa}${BINARY_SUFFIXES[index]}`;
  }
  const [mantissa, exponent] = canonicalDecimal(q.nanos);
  if (format === 'DecimalExponent') return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
  const suffix = Object.keys(DECIMAL_EXPONENTS).find((s) => DECIMAL_EXPONENTS[s] === exponent) ?? '';
  return `${mantissa}${suffix}`;
}

/** Parses and prints back in canonical form, or returns the error: what the API server stores for a quantity field. */
export function canonicalizeQuantity(input: string): { ok: true; value: string } | { ok: false; error: string } {
  const result = parseQuantity(input);
  return result.ok ? { ok: true, value: formatQuantity(result.quantity) } : result;
}
