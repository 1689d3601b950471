// What a check reports. Shared by the lab server, `kubelab check` and the browser.
import { z } from 'zod';

/** One thing a check looked at in the real system: what it wanted and what it found. */
export const Criterion = z.object({
  name: z.string(),
  passed: z.boolean(),
  expected: z.string(),
  actual: z.string(),
});
export type Criterion = z.infer<typeof Criterion>;

export const CheckResult = z.object({
  id: z.string(),
  title: z.string(),
  points: z.number(),
  hint: z.string(),
  passed: z.boolean(),
  criteria: z.array(Criterion),
  /** Set when the check itself could not run (a bug or a missing tool), as distinct from a failing criterion. */
  error: z.string().optional(),
  ranAt: z.string(),
});
export type CheckResult = z.infer<typeof CheckResult>;
