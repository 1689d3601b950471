// zod schemas for the HTTP answers whose types server/protocol declares as plain interfaces, so the browser can
// validate every answer on arrival. `satisfies` keeps them in step with the protocol's types.
import { z } from 'zod';
import { ChapterProgress } from '../../../server/protocol/messages.js';
import type { Chapter, ChapterSummary, LessonBlock } from '../../../server/protocol/lesson.js';
import type { ChapterView } from '../../../server/protocol/http.js';

const CellLanguage = z.enum(['sh', 'c', 'ts', 'yaml']);

const LessonBlockSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('markdown'), html: z.string() }),
  z.object({
    kind: z.literal('cell'),
    id: z.string(),
    language: CellLanguage,
    action: z.enum(['run', 'apply']),
    options: z.object({
      timeoutSeconds: z.number().nullable(),
      background: z.boolean(),
      node: z.string().optional(),
    }),
    source: z.string(),
  }),
  z.object({ kind: z.literal('check'), id: z.string(), html: z.string() }),
]) satisfies z.ZodType<LessonBlock>;

const ChapterSchema = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  blocks: z.array(LessonBlockSchema),
  checks: z.array(z.object({ id: z.string(), title: z.string(), points: z.number(), hint: z.string() })),
  errors: z.array(z.object({ line: z.number(), message: z.string() })),
}) satisfies z.ZodType<Chapter>;

/** GET /api/chapters/:chapter */
export const ChapterViewSchema = z.object({
  chapter: ChapterSchema,
  progress: ChapterProgress,
}) satisfies z.ZodType<ChapterView>;

/** GET /api/chapters */
export const ChapterSummaries = z.array(
  z.object({
    id: z.string(),
    title: z.string(),
    order: z.number(),
    checks: z.object({ total: z.number(), passed: z.number() }),
    errors: z.number(),
  }),
) satisfies z.ZodType<ChapterSummary[]>;

/** The body of every error answer. */
export const ApiErrorSchema = z.object({ error: z.string() });
