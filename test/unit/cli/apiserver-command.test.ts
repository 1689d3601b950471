import { describe, expect, it } from 'vitest';
import { tolerationFlags } from '../../../server/cli/apiserver-command.js';

describe('kubelab apiserver flags', () => {
  it.each([
    [[], { notReadySeconds: 300, unreachableSeconds: 300 }],
    [['--default-not-ready-toleration-seconds=30'], { notReadySeconds: 30, unreachableSeconds: 300 }],
    [['--default-unreachable-toleration-seconds', '0'], { notReadySeconds: 300, unreachableSeconds: 0 }],
  ])('reads the default toleration seconds from %j', (args, expected) => {
    expect(tolerationFlags(args)).toEqual(expected);
  });

  it.each([
    [['--default-not-ready-toleration-seconds=soon'], 'needs a whole number of seconds, not "soon"'],
    [['--default-unreachable-toleration-seconds'], 'needs a whole number of seconds, not ""'],
    [['--default-unreachable-toleration-seconds=-5'], 'not "-5"'],
  ])('refuses %j with a message', (args, message) => {
    expect(tolerationFlags(args)).toContain(message);
  });
});
