// What the workbook reads about the cluster through the lab server (see http.ts for the routes).
import { z } from 'zod';

/**
 * Why the scheduler put a pod where it did, or nowhere: the summary it keeps in the pod's annotation
 * scheduler.kubelab.dev/decision (written by server/scheduler/trace-summary.ts).
 */
export const SchedulingDecision = z.object({
  pod: z.string(),
  schedulerName: z.string(),
  time: z.string(),
  winner: z.string().optional(),
  /** The FailedScheduling message when no node was chosen. */
  message: z.string().optional(),
  nominatedNodeName: z.string().optional(),
  /** How many nodes were considered, passed every filter, and appear in `filters`. */
  nodes: z.object({ total: z.number(), feasible: z.number(), shown: z.number() }),
  /** node → "ok", or "<Plugin>: <reasons>" for the filter that rejected it; rejected nodes first. */
  filters: z.record(z.string(), z.string()),
  weights: z.record(z.string(), z.number()),
  /** The best nodes, best first, with each plugin's normalised score. */
  scores: z.array(z.object({ node: z.string(), total: z.number(), plugins: z.record(z.string(), z.number()) })),
  /** Plugins that had nothing to do for this pod (Skip from PreFilter or PreScore). */
  skipped: z.array(z.string()),
});
export type SchedulingDecision = z.infer<typeof SchedulingDecision>;

/** The annotation that carries it. */
export const DECISION_ANNOTATION = 'scheduler.kubelab.dev/decision';
