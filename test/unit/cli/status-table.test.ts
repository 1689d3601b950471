import { describe, expect, it } from 'vitest';
import { statusTable } from '../../../server/cli/lifecycle.js';

describe('kubelab status table', () => {
  it('starts every state in the same column, past the longest service name', () => {
    const text = statusTable([
      ['apiserver', 'running'],
      ['controller-manager', 'stopped'],
      ['workbook', 'http://localhost:8888/?token=x'],
    ]);
    expect(text.split('\n')).toEqual([
      'apiserver           running',
      'controller-manager  stopped',
      'workbook            http://localhost:8888/?token=x',
      '',
    ]);
  });
});
