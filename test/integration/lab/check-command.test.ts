import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../support/lab-server.js';
import { testTempDir } from '../../support/temp-dir.js';

/** Runs `./kubelab check ...` (past the bootstrap, which the suite has already done) with a fresh state dir. */
function kubelabCheck(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stateDir = testTempDir('kubelab-check-');
  const loader = `file://${ROOT_DIR}/node_modules/tsx/dist/loader.mjs`;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', loader, join(ROOT_DIR, 'server/cli/main.ts'), 'check', ...args],
      { env: { ...process.env, KUBELAB_STATE_DIR: stateDir }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('kubelab check', () => {
  it('prints each check of a chapter with its criteria and exits 1 when any fails', async () => {
    const { code, stdout } = await kubelabCheck('rootfs');
    expect(code).toBe(1);
    expect(stdout).toContain('rootfs');
    expect(stdout).toMatch(/FAIL/);
    expect(stdout, 'no colours when stdout is not a terminal').not.toContain('\x1b[');
    expect(stdout).toMatch(/expected: .*\n\s+actual: /);
    expect(stdout).toContain('hint:');
    expect(stdout).toMatch(/0\/4 checks passed, 0\/40 points/);
  });

  it('prints the same results as JSON for scripts', async () => {
    const { code, stdout } = await kubelabCheck('03', '--json');
    expect(code).toBe(1);
    const results = JSON.parse(stdout) as { id: string; passed: boolean }[];
    expect(results.map((r) => r.id)).toEqual(['rootfs', 'pivot-root', 'overlay', 'volume']);
    expect(results.every((r) => !r.passed)).toBe(true);
  });

  it('names the chapters when asked for one that does not exist', async () => {
    const { code, stderr } = await kubelabCheck('99-nope');
    expect(code).toBe(2);
    expect(stderr).toContain('chapters: 01-namespaces, 02-cgroups, 03-rootfs');
  });
});
