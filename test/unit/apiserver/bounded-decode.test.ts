// The scans that bound a body before a parser recurses: nesting depth, aliases, and repeated keys worded as
// upstream's strict decoders word them.
import { describe, expect, it } from 'vitest';
import { scanJson } from '../../../server/apiserver/http/json-scan.js';
import { nestsDeeperThan } from '../../../server/apiserver/http/nesting.js';
import { decodeYaml } from '../../../server/apiserver/http/yaml-decode.js';

const nested = (open: string, close: string, depth: number) => open.repeat(depth) + close.repeat(depth);

describe('scanJson', () => {
  it.each([
    ['an object at the limit', nested('[', ']', 100), true],
    ['an object past the limit', nested('[', ']', 101), false],
    ['brackets inside strings', `{"a":"${'['.repeat(500)}"}`, true],
    ['escaped quotes inside strings', `{"a":"\\"[[[","b":${nested('{"c":', '}', 99).replace(/}+$/, '1$&')}}`, true],
    ['10,000 levels', nested('{"a":', '}', 10_000), false],
  ])('judges %s', (_name, text, ok) => {
    expect(scanJson(text, 100).ok).toBe(ok);
  });

  it('names repeated keys by their field path, as upstream', () => {
    const text =
      '{"metadata":{"name":"a","name":"b"},"spec":{"containers":[{"image":"x","image":"y"}]},"kind":"P","kind":"P"}';
    expect(scanJson(text, 100)).toEqual({
      ok: true,
      duplicates: ['metadata.name', 'spec.containers[0].image', 'kind'],
    });
  });

  it('compares keys by their value, escapes resolved', () => {
    expect(scanJson('{"a":1,"\\u0061":2}', 100)).toEqual({ ok: true, duplicates: ['a'] });
  });
});

describe('decodeYaml', () => {
  const outcome = (text: string) => {
    const decoded = decodeYaml(text, 100);
    if (decoded.ok) return 'ok';
    return decoded.tooDeep ? 'too deep' : decoded.message;
  };

  it.each([
    ['flow collections at the limit', 'x: ' + nested('[', ']', 99), 'ok'],
    ['flow collections past the limit', 'x: ' + nested('[', ']', 100), 'too deep'],
    ['3,000 flow collections', 'x: ' + nested('[', ']', 3000), 'too deep'],
    ['block sequences past the limit', '- '.repeat(101) + 'a', 'too deep'],
    [
      'block maps past the limit',
      Array.from({ length: 101 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' v',
      'too deep',
    ],
    [
      'block maps at the limit',
      Array.from({ length: 100 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' v',
      'ok',
    ],
  ])('judges %s', (_name, text, expected) => {
    expect(outcome(text)).toBe(expected);
  });

  it('refuses more aliases than maxAliasCount', () => {
    const text = 'a: &a x\n' + Array.from({ length: 101 }, (_, i) => `k${i}: *a`).join('\n');
    expect(outcome(text)).toMatch(/more than 100 YAML aliases/);
  });

  it('refuses an alias chain that expands exponentially', () => {
    let text = 'a: &a [x, x, x, x, x, x, x, x, x]\n';
    for (const [previous, name] of ['ab', 'bc', 'cd', 'de', 'ef']) {
      text += `${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]\n`;
    }
    expect(outcome(text)).toMatch(/alias/i);
  });

  it('reports repeated keys by line, as upstream, and keeps the last value', () => {
    const decoded = decodeYaml('a: 1\nb:\n  c: 2\n  "c": 3\nd: {x: 1, x: 2}\na: 4\n', 100);
    expect(decoded).toEqual({
      ok: true,
      value: { a: 4, b: { c: 3 }, d: { x: 2 } },
      duplicates: [
        'line 4: key "c" already set in map',
        'line 5: key "x" already set in map',
        'line 6: key "a" already set in map',
      ],
    });
  });

  it('refuses more than one document', () => {
    expect(outcome('a: 1\n---\nb: 2\n')).toMatch(/more than one YAML document/);
  });
});

describe('nestsDeeperThan', () => {
  it('counts the top-level object as one level', () => {
    expect(nestsDeeperThan({ a: { b: [1] } }, 3)).toBe(false);
    expect(nestsDeeperThan({ a: { b: [[1]] } }, 3)).toBe(true);
    expect(nestsDeeperThan('text', 0)).toBe(false);
  });
});
