import { describe, expect, it } from 'vitest';
import { criterion, expectEqual } from '../../../server/lab/checks/define.js';

describe('criteria as the student reads them', () => {
  it.each([
    ['an empty string', ''],
    ['only whitespace', ' \n'],
    ['an empty list joined', [].join(', ')],
  ])('shows "(nothing found)" instead of a blank actual for %s', (_, actual) => {
    expect(criterion('processes in the cgroup', false, 'at least one', actual).actual).toBe('(nothing found)');
  });

  it('says "nothing" for a missing value and keeps a real one as it is', () => {
    expect(criterion('a file', false, 'a file', null).actual).toBe('nothing');
    expect(criterion('a pid', true, 'a pid', '42').actual).toBe('42');
    expect(expectEqual('a count', 3, 3)).toMatchObject({ passed: true, expected: '3', actual: '3' });
  });
});
