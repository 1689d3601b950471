// The content tests' one harness: apply a chapter's solution scripts in a working directory and run its checks
// there, exactly as the workbook and `kubelab check` do, and read the results the way every chapter test asserts
// on them (which checks failed, which criteria, and why).
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, vi } from 'vitest';
import type { CheckResult } from '../../server/protocol/checks.js';
import { runCheck } from '../../server/lab/checks/run.js';
import { ChapterCatalog } from '../../server/lab/lessons/catalog.js';

const LABS_DIR = resolve(import.meta.dirname, '../../labs');

/** A fresh working directory, as a chapter's cells would get. */
function makeWorkDir(chapterId: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `kubelab-${chapterId}-`));
}

/** Runs labs/<chapter>/solution/<script> with bash in `workDir`; rejects with its output when it fails. */
async function runSolutionScript(chapterId: string, script: string, workDir: string): Promise<string> {
  const path = join(LABS_DIR, chapterId, 'solution', script);
  const { stdout, stderr } = await promisify(execFile)('bash', [path], { cwd: workDir, timeout: 120_000 });
  return stdout + stderr;
}

/** Runs every check of a chapter in `workDir`, keyed by check id, in the order checks.ts defines them. */
async function runChapterChecks(chapterId: string, workDir: string): Promise<Record<string, CheckResult>> {
  const loaded = await new ChapterCatalog(LABS_DIR).get(chapterId);
  if (!loaded) throw new Error(`no chapter ${chapterId}`);
  if (loaded.chapter.errors.length) throw new Error(JSON.stringify(loaded.chapter.errors));
  const results: Record<string, CheckResult> = {};
  for (const check of loaded.checks) results[check.id] = await runCheck(check, { workDir, chapterDir: loaded.dir });
  return results;
}

/** Each failing check with the criteria that failed (or its error), so a failed assertion shows why. */
export function failures(results: Record<string, CheckResult | undefined>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [id, result] of Object.entries(results)) {
    if (!result || result.passed) continue;
    out[id] = result.error
      ? [result.error]
      : result.criteria.filter((c) => !c.passed).map((c) => `${c.name}: expected ${c.expected}, got ${c.actual}`);
  }
  return out;
}

/** The names of the criteria that failed. */
export function failedNames(result: CheckResult | undefined): string[] {
  return (result?.criteria ?? []).filter((c) => !c.passed).map((c) => c.name);
}

/** A check's criteria as a student would read them, for assertion messages. */
export function explain(result: CheckResult | undefined): string {
  if (!result) return 'no such check';
  const lines = result.criteria.map(
    (c) => `${c.passed ? 'ok ' : 'BAD'} ${c.name}: want ${c.expected}, got ${c.actual}`,
  );
  return [`${result.id}${result.error ? `: ${result.error}` : ''}`, ...lines].join('\n');
}

/** One chapter under test, in a working directory of its own. */
export interface ChapterUnderTest {
  /** The working directory (set once the file's beforeAll has run). */
  readonly workDir: string;
  setup(): Promise<string>;
  teardown(): Promise<string>;
  /** Runs a script with `bash -euc` in the working directory, as a student's cell would. */
  bash(script: string): Promise<{ stdout: string; stderr: string }>;
  results(): Promise<Record<string, CheckResult>>;
  result(id: string): Promise<CheckResult>;
  /** The names of the failed criteria of check `id`; the check itself must have failed, not errored. */
  failedCriteria(id: string): Promise<string[]>;
  /** Waits until the first criterion of `id` passes (the state under test is in place), then as failedCriteria. */
  failedOnceInPlace(id: string): Promise<string[]>;
}

/**
 * The harness for one chapter's content test. Call it at the top of the file: it makes the working directory
 * before the tests and runs the chapter's teardown and removes the directory after them.
 */
export function chapterUnderTest(chapterId: string): ChapterUnderTest {
  let workDir = '';
  beforeAll(async () => {
    workDir = await makeWorkDir(chapterId);
  });
  afterAll(async () => {
    if (!workDir) return;
    await chapter.teardown();
    await rm(workDir, { recursive: true, force: true });
  });

  const chapter: ChapterUnderTest = {
    get workDir() {
      return workDir;
    },
    setup: () => runSolutionScript(chapterId, 'setup.sh', workDir),
    teardown: () => runSolutionScript(chapterId, 'teardown.sh', workDir),
    bash: (script) => promisify(execFile)('bash', ['-euc', script], { cwd: workDir, timeout: 30_000 }),
    results: () => runChapterChecks(chapterId, workDir),
    async result(id) {
      const result = (await chapter.results())[id];
      if (!result) throw new Error(`${chapterId} has no check ${id}`);
      return result;
    },
    async failedCriteria(id) {
      const result = await chapter.result(id);
      expect(result.error).toBeUndefined();
      expect(result.passed, explain(result)).toBe(false);
      return failedNames(result);
    },
    async failedOnceInPlace(id) {
      await vi.waitFor(
        async () => {
          const first = (await chapter.result(id)).criteria[0];
          expect(first?.passed, JSON.stringify(first)).toBe(true);
        },
        { timeout: 30_000, interval: 100 },
      );
      return chapter.failedCriteria(id);
    },
  };
  return chapter;
}
