// Query parameters are read one way, as upstream's parameter codec reads them.
import { describe, expect, it } from 'vitest';
import { booleanParam, dryRunCauses, optionalBooleanParam } from '../../../server/apiserver/http/query.js';

describe('booleanParam', () => {
  it.each([
    ['watch=true', true],
    ['watch=True', true],
    ['watch=1', true],
    ['watch=yes', true],
    ['watch=', true],
    ['watch', true],
    ['watch=false', false],
    ['watch=FALSE', false],
    ['watch=False', false],
    ['watch=0', false],
    ['', false],
    ['watch=0&watch=1', false],
  ])('reads %s as %s', (query, expected) => {
    expect(booleanParam(new URLSearchParams(query), 'watch')).toBe(expected);
  });

  it('tells an absent parameter from a false one when absence means something', () => {
    expect(optionalBooleanParam(new URLSearchParams(''), 'sendInitialEvents')).toBeUndefined();
    expect(optionalBooleanParam(new URLSearchParams('sendInitialEvents=false'), 'sendInitialEvents')).toBe(false);
    expect(optionalBooleanParam(new URLSearchParams('sendInitialEvents=true'), 'sendInitialEvents')).toBe(true);
  });
});

describe('dryRunCauses', () => {
  it('accepts no dryRun, or All however often it is repeated', () => {
    expect(dryRunCauses(new URLSearchParams(''))).toEqual([]);
    expect(dryRunCauses(new URLSearchParams('dryRun=All&dryRun=All'))).toEqual([]);
  });

  it('refuses any other value with upstream wording', () => {
    expect(dryRunCauses(new URLSearchParams('dryRun=All&dryRun=Bogus'))).toEqual([
      {
        type: 'FieldValueNotSupported',
        field: 'dryRun',
        message: 'Unsupported value: []string{"All", "Bogus"}: supported values: "All"',
      },
    ]);
  });
});
