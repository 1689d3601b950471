import { describe, expect, it } from 'vitest';
import {
  formatSelector,
  labelSelectorAsSelector,
  matchesSelector,
  parseSelector,
  selectorFromSet,
} from '../../../server/api/labels.js';

const parsed = (text: string) => {
  const result = parseSelector(text);
  if (!result.ok) throw new Error(result.error);
  return result.selector;
};

describe('parseSelector', () => {
  it.each([
    ['', ''],
    ['app=web', 'app=web'],
    ['app==web', 'app==web'],
    ['app!=web', 'app!=web'],
    [' tier = db , app in (b, a) ', 'app in (a,b),tier=db'],
    ['env notin (prod)', 'env notin (prod)'],
    ['app', 'app'],
    ['!app', '!app'],
    ['app=', 'app='],
    ['x in (foo,,baz),y,z notin ()', 'x in (,baz,foo),y,z notin ()'],
    ['in in (in)', 'in in (in)'],
    ['example.com/role=web,a>1', 'a>1,example.com/role=web'],
  ])('parses %j and formats it back as %j', (text, expected) => {
    expect(formatSelector(parsed(text))).toBe(expected);
  });

  it.each([
    ['app=web,', "found '', expected: identifier after ','"],
    ['app web', "unable to parse requirement: found 'web', expected: in, notin, =, ==, !=, gt, lt"],
    ['!app=x', "found '=', expected: ',' or 'end of string'"],
    ['app in web', "unable to parse requirement: found 'web' expected: '('"],
    ['app in (a b)', "unable to parse requirement: found 'b', expected: ',' or ')'"],
    ['=web', "found '=', expected: !, identifier, or 'end of string'"],
    ['a=(', "unable to parse requirement: found '(', expected: identifier"],
    [
      '-app=x',
      'unable to parse requirement: <nil>: Invalid value: "-app": name part must consist of alphanumeric characters, ' +
        "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or " +
        "'123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ],
    [
      'app=-x',
      'unable to parse requirement: values[0][app]: Invalid value: "-x": a valid label must be an empty string or ' +
        "consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character " +
        "(e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ],
    [
      'a>b',
      `unable to parse requirement: values[0]: Invalid value: "b": for 'Gt', 'Lt' operators, the value must be an integer`,
    ],
  ])("rejects %j with upstream's message", (text, error) => {
    expect(parseSelector(text)).toEqual({ ok: false, error });
  });
});

describe('matchesSelector', () => {
  const labels = { app: 'web', tier: 'front', replicas: '3' };
  it.each([
    ['', true],
    ['app=web', true],
    ['app=db', false],
    ['app!=db', true],
    ['missing!=x', true],
    ['app in (db,web)', true],
    ['app notin (web)', false],
    ['missing notin (web)', true],
    ['tier', true],
    ['missing', false],
    ['!missing', true],
    ['!app', false],
    ['replicas>2,replicas<4', true],
    ['app=web,tier=back', false],
  ])('%j against app=web,tier=front,replicas=3 → %s', (text, expected) => {
    expect(matchesSelector(parsed(text), labels)).toBe(expected);
  });

  it('treats absent labels as an empty map', () => {
    expect(matchesSelector(parsed('!app'), undefined)).toBe(true);
  });
});

describe('labelSelectorAsSelector', () => {
  it.each([
    [{}, ''],
    [{ matchLabels: { tier: 'db', app: 'web' } }, 'app=web,tier=db'],
    [
      {
        matchLabels: { app: 'web' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['prod', 'dev'] },
          { key: 'canary', operator: 'DoesNotExist' },
          { key: 'zone', operator: 'Exists' },
          { key: 'team', operator: 'NotIn', values: ['x'] },
        ],
      },
      'app=web,!canary,env in (dev,prod),team notin (x),zone',
    ],
  ])('converts %j to %j', (selector, expected) => {
    const result = labelSelectorAsSelector(selector);
    expect(result.ok && formatSelector(result.selector)).toBe(expected);
  });

  it.each([
    [
      { matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] },
      '"Gt" is not a valid label selector operator',
    ],
    [
      { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] },
      "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty",
    ],
    [
      { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] },
      'values: Invalid value: []string{"x"}: values set must be empty for exists and does not exist',
    ],
  ])('rejects %j', (selector, error) => {
    expect(labelSelectorAsSelector(selector)).toEqual({ ok: false, error });
  });

  it('builds a sorted exact-match selector from a label set', () => {
    expect(formatSelector(selectorFromSet({ b: '2', a: '1' }))).toBe('a=1,b=2');
  });
});
