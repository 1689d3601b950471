// The check API lessons use: a check inspects real state and returns criteria, never trusting what the student says.
import type { Criterion } from '../../protocol/checks.js';

export type { Criterion };

/** Where a check runs: the chapter's working directory is where its cells ran. */
export interface CheckContext {
  /** The chapter's working directory (cells run here; files the lesson builds live here). */
  workDir: string;
  /** The chapter's folder under labs/. */
  chapterDir: string;
}

/** An exercise's automated check. `run` returns criteria; it throws only when the check itself cannot work. */
export interface Check {
  id: string;
  title: string;
  points: number;
  /** Shown when the check fails: a nudge toward the fix, not the answer. */
  hint: string;
  run(ctx: CheckContext): Promise<Criterion[]>;
}

/** A chapter's checks.ts default-exports the result of this, so the loader can find its checks by id. */
export function defineChecks(checks: Check[]): Check[] {
  const seen = new Set<string>();
  for (const check of checks) {
    if (seen.has(check.id)) throw new Error(`duplicate check id "${check.id}"`);
    seen.add(check.id);
  }
  return checks;
}

/** A criterion that passes when `actual` equals `expected` (compared as strings, as the student will read them). */
export function expectEqual(name: string, expected: unknown, actual: unknown): Criterion {
  const want = show(expected);
  const got = show(actual);
  return { name, passed: want === got, expected: want, actual: got };
}

/** A criterion judged by the caller, for comparisons other than equality (ranges, "at least", "differs from"). */
export function criterion(name: string, passed: boolean, expected: string, actual: unknown): Criterion {
  return { name, passed, expected, actual: show(actual) };
}

/** What the student reads as "actual": never blank, since an empty cell in the result reads as a display fault. */
function show(value: unknown): string {
  if (value === undefined || value === null) return 'nothing';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.trim() === '' ? '(nothing found)' : text;
}
