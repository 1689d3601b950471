// Runs a chapter's checks and turns each into a CheckResult, whatever the check does (throws, hangs).
import type { CheckResult } from '../../protocol/checks.js';
import type { Check, CheckContext } from './define.js';

const CHECK_TIME_LIMIT_MS = 30_000;

/** Runs one check; a check that throws or exceeds its time reports `error` and fails, it never rejects. */
export async function runCheck(check: Check, ctx: CheckContext, now = () => new Date()): Promise<CheckResult> {
  const base = { id: check.id, title: check.title, points: check.points, hint: check.hint };
  try {
    const criteria = await withTimeLimit(check.run(ctx), CHECK_TIME_LIMIT_MS);
    const passed = criteria.length > 0 && criteria.every((c) => c.passed);
    return { ...base, passed, criteria, ranAt: now().toISOString() };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ...base,
      passed: false,
      criteria: [],
      error: `the check could not run: ${message}`,
      ranAt: now().toISOString(),
    };
  }
}

function withTimeLimit<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}
