import { describe, expect, it } from 'vitest';
import {
  QUANTITY_FORMAT_ERROR,
  addQuantities,
  canonicalizeQuantity,
  compareQuantities,
  mustParseQuantity,
  parseQuantity,
  quantityMilliValue,
  quantityValue,
} from '../../../server/api/quantity.js';

describe('quantities', () => {
  it.each([
    ['100m', '100m'],
    ['0.5', '500m'],
    ['1000m', '1'],
    ['1', '1'],
    ['1000', '1k'],
    ['1500000', '1500k'],
    ['128Mi', '128Mi'],
    ['1024Mi', '1Gi'],
    ['0.5Gi', '512Mi'],
    ['1.5Ki', '1536'],
    ['1000Ki', '1000Ki'],
    ['512', '512'],
    ['1G', '1G'],
    ['1e3', '1e3'],
    ['1E', '1E'],
    ['0', '0'],
    ['-100m', '-100m'],
    ['0.0015', '1500u'],
    ['100n', '100n'],
    ['0.0000000001', '1n'],
  ])('canonicalizes %j as %j', (input, expected) => {
    expect(canonicalizeQuantity(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['', QUANTITY_FORMAT_ERROR],
    ['abc', QUANTITY_FORMAT_ERROR],
    ['1 Gi', QUANTITY_FORMAT_ERROR],
    ['1K', "unable to parse quantity's suffix"],
    ['1Mb', QUANTITY_FORMAT_ERROR],
    ['1Ki2', "unable to parse quantity's suffix"],
    ['.', 'unable to parse numeric part of quantity'],
  ])('rejects %j', (input, error) => {
    expect(parseQuantity(input)).toEqual({ ok: false, error });
  });

  it.each([
    ['250m', 1, 250],
    ['1.5', 2, 1500],
    ['128Mi', 134217728, 134217728000],
    ['2Ki', 2048, 2048000],
  ])('%j has value %d and milli value %d', (input, value, milli) => {
    const q = mustParseQuantity(input);
    expect([quantityValue(q), quantityMilliValue(q)]).toEqual([value, milli]);
  });

  it.each([
    ['500m', '0.5', 0],
    ['1Gi', '1G', 1],
    ['100m', '1', -1],
  ])('compares %j with %j as %d', (a, b, expected) => {
    expect(compareQuantities(mustParseQuantity(a), mustParseQuantity(b))).toBe(expected);
  });

  it('adds exactly and keeps the first operand’s format', () => {
    const sum = addQuantities(mustParseQuantity('100m'), mustParseQuantity('0.2'));
    expect(quantityMilliValue(sum)).toBe(300);
    expect(
      canonicalizeQuantity('512Mi').ok && addQuantities(mustParseQuantity('512Mi'), mustParseQuantity('512Mi')).format,
    ).toBe('BinarySI');
  });
});
