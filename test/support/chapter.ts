// Content-test helpers: apply a chapter's solution scripts in a working directory and run its checks there,
// exactly as the workbook and `kubelab check` do.
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { CheckResult } from '../../server/protocol/checks.js';
import { runCheck } from '../../server/lab/checks/run.js';
import { ChapterCatalog } from '../../server/lab/lessons/catalog.js';

export const LABS_DIR = resolve(import.meta.dirname, '../../labs');

/** A fresh working directory, as a chapter's cells would get. */
export function makeWorkDir(chapterId: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `kubelab-${chapterId}-`));
}

/** Runs labs/<chapter>/solution/<script> with bash in `workDir`; rejects with its output when it fails. */
export async function runSolutionScript(chapterId: string, script: string, workDir: string): Promise<string> {
  const path = join(LABS_DIR, chapterId, 'solution', script);
  const { stdout, stderr } = await promisify(execFile)('bash', [path], { cwd: workDir, timeout: 120_000 });
  return stdout + stderr;
}

/** Runs every check of a chapter in `workDir`, keyed by check id. */
export async function runChapterChecks(chapterId: string, workDir: string): Promise<Record<string, CheckResult>> {
  const loaded = await new ChapterCatalog(LABS_DIR).get(chapterId);
  if (!loaded) throw new Error(`no chapter ${chapterId}`);
  if (loaded.chapter.errors.length) throw new Error(JSON.stringify(loaded.chapter.errors));
  const results: Record<string, CheckResult> = {};
  for (const check of loaded.checks) results[check.id] = await runCheck(check, { workDir, chapterDir: loaded.dir });
  return results;
}
