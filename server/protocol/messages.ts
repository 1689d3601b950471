// Messages between the workbook and the lab server. Validated on arrival on both sides.
import { z } from 'zod';
import { CheckResult } from './checks.js';

/** Why a cell run ended. */
export const RunEnd = z.enum(['exited', 'stopped', 'timeout', 'output-limit', 'failed']);
export type RunEnd = z.infer<typeof RunEnd>;

export const SavedOutput = z.object({
  output: z.string(),
  exitCode: z.number().nullable(),
  end: RunEnd,
  durationMs: z.number(),
  finishedAt: z.string(),
});
export type SavedOutput = z.infer<typeof SavedOutput>;

/** What the student did to a chapter, as the lab server keeps it. */
export const ChapterProgress = z.object({
  edits: z.record(z.string(), z.string()),
  outputs: z.record(z.string(), SavedOutput),
  checks: z.record(z.string(), CheckResult),
  /** Cells running now, by cell id, with the run id to attach to or stop. */
  running: z.record(z.string(), z.string()),
});
export type ChapterProgress = z.infer<typeof ChapterProgress>;

export const SaveCellBody = z.object({ source: z.string().max(256 * 1024) });

/** Browser → server on the cells socket. */
export const CellClientMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('run'),
    chapter: z.string(),
    cell: z.string(),
    source: z.string().max(256 * 1024),
    requestId: z.string(),
  }),
  z.object({ type: z.literal('stop'), runId: z.string() }),
  z.object({ type: z.literal('attach'), runId: z.string() }),
]);
export type CellClientMessage = z.infer<typeof CellClientMessage>;

/** Server → browser on the cells socket. */
export const CellServerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('started'), requestId: z.string(), runId: z.string(), cell: z.string() }),
  z.object({ type: z.literal('output'), runId: z.string(), data: z.string() }),
  z.object({
    type: z.literal('ended'),
    runId: z.string(),
    exitCode: z.number().nullable(),
    end: RunEnd,
    durationMs: z.number(),
  }),
  /** requestId names the run request that failed; runId a run that is not known (it ended while the page was away). */
  z.object({
    type: z.literal('error'),
    requestId: z.string().optional(),
    runId: z.string().optional(),
    message: z.string(),
  }),
]);
export type CellServerMessage = z.infer<typeof CellServerMessage>;

/** Browser → server on the terminal socket. Output comes back as plain text frames. */
export const TerminalClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('input'), data: z.string().max(64 * 1024) }),
  z.object({
    type: z.literal('resize'),
    cols: z.number().int().min(2).max(1000),
    rows: z.number().int().min(2).max(1000),
  }),
]);
export type TerminalClientMessage = z.infer<typeof TerminalClientMessage>;
