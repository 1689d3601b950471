import { describe, expect, it } from 'vitest';
import { humanDuration, translateTimestampSince } from '../../../server/apiserver/tables/duration.js';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe('humanDuration', () => {
  it.each([
    // upstream's own cases (apimachinery duration_test.go)
    { ms: 1 * s, want: '1s' },
    { ms: 70 * s, want: '70s' },
    { ms: 190 * s, want: '3m10s' },
    { ms: 70 * m, want: '70m' },
    { ms: 47 * h, want: '47h' },
    { ms: 49 * h, want: '2d1h' },
    { ms: (8 * 24 + 2) * h, want: '8d' },
    { ms: 367 * d, want: '367d' },
    { ms: 365 * 2 * d + 25 * h, want: '2y1d' },
    { ms: 365 * 8 * d + 2 * h, want: '8y' },
    // boundaries between the precisions
    { ms: 0, want: '0s' },
    { ms: 999, want: '0s' },
    { ms: 45 * s, want: '45s' },
    { ms: 119 * s + 999, want: '119s' },
    { ms: 120 * s, want: '2m' },
    { ms: 5 * m + 30 * s, want: '5m30s' },
    { ms: 9 * m + 59 * s, want: '9m59s' },
    { ms: 10 * m + 30 * s, want: '10m' },
    { ms: 179 * m + 59 * s, want: '179m' },
    { ms: 3 * h, want: '3h' },
    { ms: 3 * h + 5 * m, want: '3h5m' },
    { ms: 7 * h + 59 * m, want: '7h59m' },
    { ms: 8 * h + 59 * m, want: '8h' },
    { ms: 48 * h, want: '2d' },
    { ms: 7 * d + 23 * h, want: '7d23h' },
    { ms: 729 * d, want: '729d' },
    { ms: 730 * d, want: '2y' },
    { ms: 20 * 365 * d, want: '20y' },
    // clock skew: up to a second behind reads as now, more is invalid
    { ms: -500, want: '0s' },
    { ms: -1999, want: '0s' },
    { ms: -2 * s, want: '<invalid>' },
    { ms: -1 * h, want: '<invalid>' },
  ])('renders $ms ms as $want', ({ ms, want }) => {
    expect(humanDuration(ms)).toBe(want);
  });
});

describe('translateTimestampSince', () => {
  const now = new Date('2024-05-01T12:00:00Z');

  it.each([
    { timestamp: '2024-05-01T11:55:00Z', want: '5m' },
    { timestamp: '2024-05-01T11:59:15Z', want: '45s' },
    { timestamp: '2024-04-28T12:00:00Z', want: '3d' },
    { timestamp: '2024-05-01T12:00:05Z', want: '<invalid>' },
    { timestamp: undefined, want: '<unknown>' },
    { timestamp: '', want: '<unknown>' },
    { timestamp: 'not a time', want: '<unknown>' },
  ])('renders the age of $timestamp as $want', ({ timestamp, want }) => {
    expect(translateTimestampSince(timestamp, now)).toBe(want);
  });
});
