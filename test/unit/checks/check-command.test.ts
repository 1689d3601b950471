import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../../server/protocol/checks.js';
import { colorFor, formatResults } from '../../../server/cli/check-command.js';

const RESULTS: CheckResult[] = [
  {
    id: 'cpu-quota',
    title: 'A cgroup that holds a busy loop to 20 %',
    points: 10,
    hint: 'write cpu.max',
    passed: false,
    criteria: [
      { name: 'the cgroup exists', passed: true, expected: 'a directory', actual: 'a directory' },
      { name: 'processes in it', passed: false, expected: 'at least one', actual: 'none' },
    ],
    ranAt: '2026-01-01T00:00:00.000Z',
  },
];
/** The escape that starts every ANSI colour code. */
const ANSI = '\x1b[';

describe('kubelab check output', () => {
  it('prints no ANSI colours when it does not go to a terminal', () => {
    const text = formatResults('cgroups', RESULTS, colorFor({ isTTY: undefined }, {}));
    expect(text).not.toContain(ANSI);
    expect(text).toContain('FAIL  A cgroup that holds a busy loop to 20 %  (10 points)');
    expect(text).toContain('   ✗ processes in it\n       expected: at least one\n       actual:   none\n');
    expect(text).toContain('\n0/1 checks passed, 0/10 points\n');
  });

  it('colours PASS and FAIL for a terminal', () => {
    expect(formatResults('cgroups', RESULTS, colorFor({ isTTY: true }, {}))).toContain('\x1b[31mFAIL\x1b[0m');
  });

  it.each([['1'], ['true']])('honours NO_COLOR=%s even on a terminal', (value) => {
    expect(colorFor({ isTTY: true }, { NO_COLOR: value })).toBe(false);
  });

  it('treats an empty NO_COLOR as unset, as no-color.org says', () => {
    expect(colorFor({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
  });
});
