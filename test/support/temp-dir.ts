// Temp dirs for tests that make one per test: removed when the test finishes, pass or fail, so /tmp does not fill
// up with a kubelab-* dir for every run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

/**
 * A fresh dir under the system temp dir named `<prefix>XXXXXX`, removed with everything in it once the current test
 * has finished (after its afterEach hooks). Call it inside a test; stop any process using the dir in the test or an
 * afterEach hook.
 */
export function testTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
