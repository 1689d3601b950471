// The shape of a chapter as the workbook receives it. Shared by the lab server and the browser.

/** What a fenced block does when run: `run` executes it, `apply` sends it to the cluster with kubectl. */
export type CellAction = 'run' | 'apply';

/** Languages a cell may be written in, each with one action. */
export const CELL_LANGUAGES = { sh: 'run', c: 'run', ts: 'run', yaml: 'apply' } as const satisfies Record<
  string,
  CellAction
>;
export type CellLanguage = keyof typeof CELL_LANGUAGES;

export interface CellOptions {
  /** Seconds before the cell is stopped; background cells have none. */
  timeoutSeconds: number | null;
  /** The cell keeps running (a long-lived process the lesson needs) until the student stops it. */
  background: boolean;
  /** Node the cell runs on, for multi-node chapters. */
  node?: string;
}

export type LessonBlock =
  | { kind: 'markdown'; html: string }
  | { kind: 'cell'; id: string; language: CellLanguage; action: CellAction; options: CellOptions; source: string }
  | { kind: 'check'; id: string; html: string };

/** A problem in a lesson file, shown in the workbook instead of crashing it. */
export interface LessonError {
  line: number;
  message: string;
}

export interface ChapterSummary {
  id: string;
  title: string;
  order: number;
  checks: { total: number; passed: number };
  errors: number;
}

export interface Chapter {
  id: string;
  title: string;
  summary: string;
  blocks: LessonBlock[];
  checks: CheckInfo[];
  errors: LessonError[];
}

export interface CheckInfo {
  id: string;
  title: string;
  points: number;
  hint: string;
}
