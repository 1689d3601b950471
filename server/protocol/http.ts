// The lab server's HTTP and WebSocket endpoints, named once for both sides.
//
//   GET    /api/chapters                          ChapterSummary[]
//   GET    /api/chapters/:chapter                 ChapterView
//   PUT    /api/chapters/:chapter/cells/:cell     SaveCellBody → 204      (keeps the student's edit)
//   DELETE /api/chapters/:chapter/cells/:cell     204                     (back to the lesson's source, output cleared)
//   POST   /api/chapters/:chapter/checks/:check   CheckResult            (runs the check against real state)
//   GET    /api/cluster/namespaces/:ns/pods/:pod/decision   SchedulingDecision (cluster.ts; 404 when none yet)
//   WS     /ws/cells      CellClientMessage / CellServerMessage as JSON text frames
//   WS     /ws/terminal   TerminalClientMessage as JSON text frames in; raw terminal output as text frames out
//
// Every route needs the lab token: `?token=` once (the server answers with a cookie), then the cookie, or
// `Authorization: Bearer <token>`. Errors are JSON `ApiError` with a matching HTTP status.
import type { ChapterProgress } from './messages.js';
import type { Chapter } from './lesson.js';

export interface ChapterView {
  chapter: Chapter;
  progress: ChapterProgress;
}

export interface ApiError {
  error: string;
}

export const TOKEN_COOKIE = 'kubelab_token';

export const paths = {
  chapters: () => '/api/chapters',
  chapter: (chapter: string) => `/api/chapters/${encodeURIComponent(chapter)}`,
  cell: (chapter: string, cell: string) =>
    `/api/chapters/${encodeURIComponent(chapter)}/cells/${encodeURIComponent(cell)}`,
  check: (chapter: string, check: string) =>
    `/api/chapters/${encodeURIComponent(chapter)}/checks/${encodeURIComponent(check)}`,
  podDecision: (namespace: string, pod: string) =>
    `/api/cluster/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/decision`,
  cellsSocket: () => '/ws/cells',
  terminalSocket: () => '/ws/terminal',
};
