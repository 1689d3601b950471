import { describe, expect, it } from 'vitest';
import {
  formatLabels,
  formatLabelSelector,
  type LabelSelector,
  labelSelectorString,
  layoutContainerCells,
  listWithMore,
  printBoolPtr,
} from '../../../server/apiserver/tables/format.js';

describe('formatLabels', () => {
  it.each<{ labels: Record<string, string> | undefined; want: string }>([
    { labels: undefined, want: '<none>' },
    { labels: {}, want: '<none>' },
    { labels: { app: 'web' }, want: 'app=web' },
    { labels: { tier: 'fe', app: 'web', 'kubernetes.io/os': 'linux' }, want: 'app=web,kubernetes.io/os=linux,tier=fe' },
  ])('renders $labels as $want', ({ labels, want }) => {
    expect(formatLabels(labels)).toBe(want);
  });
});

describe('label selectors', () => {
  it.each<{ selector: LabelSelector | undefined; text: string | undefined; formatted: string }>([
    { selector: undefined, text: '', formatted: '<none>' },
    { selector: {}, text: '', formatted: '<none>' },
    { selector: { matchLabels: { app: 'web' } }, text: 'app=web', formatted: 'app=web' },
    {
      selector: {
        matchLabels: { tier: 'fe' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['prod', 'dev'] },
          { key: 'app', operator: 'Exists' },
          { key: 'zone', operator: 'NotIn', values: ['b'] },
          { key: 'legacy', operator: 'DoesNotExist' },
        ],
      },
      text: 'app,env in (dev,prod),!legacy,tier=fe,zone notin (b)',
      formatted: 'app,env in (dev,prod),!legacy,tier=fe,zone notin (b)',
    },
    {
      selector: { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] },
      text: undefined,
      formatted: '<error>',
    },
    {
      selector: { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] },
      text: undefined,
      formatted: '<error>',
    },
    {
      selector: { matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] },
      text: undefined,
      formatted: '<error>',
    },
  ])('renders $selector as "$text" and as a column "$formatted"', ({ selector, text, formatted }) => {
    expect(labelSelectorString(selector)).toBe(text);
    expect(formatLabelSelector(selector)).toBe(formatted);
  });
});

describe('small formatters', () => {
  it.each([
    { items: [], want: '<unset>' },
    { items: ['a'], want: 'a' },
    { items: ['a', 'b', 'c'], want: 'a,b,c' },
    { items: ['a', 'b', 'c', 'd', 'e'], want: 'a,b,c + 2 more...' },
  ])('lists $items as $want', ({ items, want }) => {
    expect(listWithMore(items)).toBe(want);
  });

  it.each([
    { value: true, want: 'True' },
    { value: false, want: 'False' },
    { value: undefined, want: '<unset>' },
  ])('prints the boolean $value as $want', ({ value, want }) => {
    expect(printBoolPtr(value)).toBe(want);
  });

  it('lays out container names and images comma-joined', () => {
    expect(
      layoutContainerCells([
        { name: 'a', image: 'x:1' },
        { name: 'b', image: 'y' },
      ]),
    ).toEqual(['a,b', 'x:1,y']);
    expect(layoutContainerCells(undefined)).toEqual(['', '']);
  });
});
