// `kubelab test`: the whole suite, in the order CI runs it. Every step runs; the exit code says if any failed.
import { spawnSync } from 'node:child_process';
import type { KubelabConfig } from './config.js';

export function testCommand(config: KubelabConfig, args: string[]): number {
  const bin = (name: string) => `${config.rootDir}/node_modules/.bin/${name}`;
  const steps: [string, string[]][] = [
    ['typecheck (node)', [bin('tsc'), '-p', 'tsconfig.json', '--noEmit']],
    ['typecheck (web)', [bin('tsc'), '-p', 'web/tsconfig.json', '--noEmit']],
    ['lint', [bin('eslint'), '.']],
    ['format', [bin('prettier'), '--check', '.']],
    ['unit tests', [bin('vitest'), 'run', '--project', 'unit', ...args]],
    ['integration tests', [bin('vitest'), 'run', '--project', 'integration', ...args]],
    ['e2e tests', [bin('vitest'), 'run', '--project', 'e2e', ...args]],
  ];
  const failed: string[] = [];
  for (const [name, [program, ...rest]] of steps) {
    console.log(`\n\x1b[1m== ${name}\x1b[0m`);
    const result = spawnSync(program!, rest, { cwd: config.rootDir, stdio: 'inherit' });
    if (result.status !== 0) failed.push(name);
  }
  console.log(failed.length ? `\n\x1b[31mfailed: ${failed.join(', ')}\x1b[0m` : '\n\x1b[32mall green\x1b[0m');
  return failed.length ? 1 : 0;
}
