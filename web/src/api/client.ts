// The lab server's HTTP API as the workbook uses it. Every answer is validated on arrival; failures come back as
// values with a message a student can read, never as exceptions the views must remember to catch.
import type { z } from 'zod';
import { CheckResult } from '../../../server/protocol/checks.js';
import type { ChapterSummary } from '../../../server/protocol/lesson.js';
import type { ChapterView } from '../../../server/protocol/http.js';
import { paths } from '../../../server/protocol/http.js';
import { ApiErrorSchema, ChapterSummaries, ChapterViewSchema } from './schemas.js';

/** The outcome of one API call. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; status: number; message: string };

/** The calls the views make. An interface, so a view can be built against a fake in a test. */
export interface LabApi {
  chapters(): Promise<ApiResult<ChapterSummary[]>>;
  chapter(chapterId: string): Promise<ApiResult<ChapterView>>;
  saveCell(chapterId: string, cellId: string, source: string): Promise<ApiResult<void>>;
  resetCell(chapterId: string, cellId: string): Promise<ApiResult<void>>;
  runCheck(chapterId: string, checkId: string): Promise<ApiResult<CheckResult>>;
}

/**
 * Makes the API client. The token travels in the cookie the server set on the first visit; `onUnauthorized` is
 * called on any 401 so the app can show how to get in.
 */
export function createApiClient(onUnauthorized: () => void): LabApi {
  async function call<T>(method: string, url: string, schema: z.ZodType<T> | null, body?: unknown) {
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        credentials: 'same-origin',
        headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      return failure<T>(0, 'The lab server cannot be reached. Is it running? (./kubelab status)');
    }
    if (response.status === 401) onUnauthorized();
    if (!response.ok) return failure<T>(response.status, await errorMessage(response));
    if (!schema) return { ok: true, value: undefined as T } as const;
    const parsed = schema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) {
      return failure<T>(response.status, `The lab server sent an answer this page does not understand (${url}).`);
    }
    return { ok: true, value: parsed.data } as const;
  }

  return {
    chapters: () => call('GET', paths.chapters(), ChapterSummaries),
    chapter: (chapterId) => call('GET', paths.chapter(chapterId), ChapterViewSchema),
    saveCell: (chapterId, cellId, source) => call('PUT', paths.cell(chapterId, cellId), null, { source }),
    resetCell: (chapterId, cellId) => call('DELETE', paths.cell(chapterId, cellId), null),
    runCheck: (chapterId, checkId) => call('POST', paths.check(chapterId, checkId), CheckResult),
  };
}

function failure<T>(status: number, message: string): ApiResult<T> {
  return { ok: false, status, message };
}

async function errorMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const parsed = ApiErrorSchema.safeParse(body);
  const detail = parsed.success ? parsed.data.error : text.trim().slice(0, 200) || response.statusText;
  return `${response.status}: ${detail}`;
}

/**
 * Presents a `?token=` from the address once, so the lab server sets its cookie (this also works when the page
 * itself was served by Vite in development). Whether it was accepted shows in the next call.
 */
export async function exchangeToken(token: string): Promise<void> {
  await fetch(`${paths.chapters()}?token=${encodeURIComponent(token)}`, { credentials: 'same-origin' }).catch(
    () => undefined,
  );
}
