import { describe, expect, it } from 'vitest';
import { nextTime, parseCron } from '../../../server/controllers/lib/cron.js';

/** The next firing after `after` as an ISO string without seconds, or an error. */
function next(spec: string, after: string): string | undefined {
  const parsed = parseCron(spec);
  if (!parsed.ok) throw new Error(parsed.error);
  return nextTime(parsed.schedule, new Date(after))?.toISOString().slice(0, 16);
}

describe('nextTime', () => {
  // 2024-01-01 was a Monday.
  const cases: [string, string, string | undefined][] = [
    ['* * * * *', '2024-01-01T10:00:00Z', '2024-01-01T10:01'],
    ['* * * * *', '2024-01-01T10:00:30Z', '2024-01-01T10:01'],
    ['*/15 * * * *', '2024-01-01T10:07:00Z', '2024-01-01T10:15'],
    ['*/15 * * * *', '2024-01-01T10:45:00Z', '2024-01-01T11:00'],
    ['5 * * * *', '2024-01-01T10:05:00Z', '2024-01-01T11:05'],
    ['0 9-17/4 * * *', '2024-01-01T13:00:00Z', '2024-01-01T17:00'],
    ['30 2 * * *', '2024-01-31T03:00:00Z', '2024-02-01T02:30'],
    ['0 0 1 * *', '2024-12-15T00:00:00Z', '2025-01-01T00:00'],
    ['0 12 * * MON-FRI', '2024-01-05T13:00:00Z', '2024-01-08T12:00'],
    ['0 0 * * 7', '2024-01-01T00:00:00Z', '2024-01-07T00:00'],
    ['0 0 * * sun', '2024-01-01T00:00:00Z', '2024-01-07T00:00'],
    ['0 0 29 2 *', '2024-03-01T00:00:00Z', '2028-02-29T00:00'],
    ['0 0 30 2 *', '2024-01-01T00:00:00Z', undefined],
    ['0 0 13 * FRI', '2024-01-01T00:00:00Z', '2024-01-05T00:00'],
    ['0 0 13 * *', '2024-01-01T00:00:00Z', '2024-01-13T00:00'],
    ['0 0 ? * 5', '2024-01-01T00:00:00Z', '2024-01-05T00:00'],
    ['0 0 1 JAN,jul *', '2024-02-01T00:00:00Z', '2024-07-01T00:00'],
    ['10/20 * * * *', '2024-01-01T10:31:00Z', '2024-01-01T10:50'],
    ['@hourly', '2024-01-01T10:30:00Z', '2024-01-01T11:00'],
    ['@daily', '2024-01-01T10:30:00Z', '2024-01-02T00:00'],
    ['@midnight', '2024-01-01T10:30:00Z', '2024-01-02T00:00'],
    ['@weekly', '2024-01-01T10:30:00Z', '2024-01-07T00:00'],
    ['@monthly', '2024-01-01T10:30:00Z', '2024-02-01T00:00'],
    ['@yearly', '2024-01-01T10:30:00Z', '2025-01-01T00:00'],
    ['@annually', '2024-01-01T10:30:00Z', '2025-01-01T00:00'],
  ];
  it.each(cases)('%s after %s is %s', (spec, after, expected) => expect(next(spec, after)).toBe(expected));
});

describe('parseCron', () => {
  const bad: [string, RegExp][] = [
    ['* * * *', /exactly 5 fields/],
    ['* * * * * *', /exactly 5 fields/],
    ['60 * * * *', /minute: out of range/],
    ['* 24 * * *', /hour: out of range/],
    ['* * 0 * *', /day of month: out of range/],
    ['* * * 13 *', /month: out of range/],
    ['* * * * 8', /day of week: out of range/],
    ['5-1 * * * *', /out of range/],
    ['*/0 * * * *', /bad step/],
    ['a * * * *', /bad value/],
    ['1-2-3 * * * *', /too many hyphens/],
    ['@every 5m', /unrecognized descriptor/],
  ];
  it.each(bad)('rejects %s', (spec, error) => {
    const parsed = parseCron(spec);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(error);
  });
});
