// The workbook as a service: chapters with the student's progress, cell runs that are saved when they end, and
// checks run against real state. The HTTP and ws adapters are thin layers over this; it knows neither.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckResult } from '../protocol/checks.js';
import type { ChapterView } from '../protocol/http.js';
import type { ChapterSummary } from '../protocol/lesson.js';
import type { Logger } from '../log.js';
import { runCheck } from './checks/run.js';
import type { CellRun } from './cells/cell-run.js';
import type { CellRunner } from './cells/cell-runner.js';
import type { ChapterCatalog } from './lessons/catalog.js';
import type { ProgressStore } from './progress/progress-store.js';

/** An expected failure, with the HTTP status an adapter should answer. */
export class WorkbookError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

export class Workbook {
  constructor(
    private readonly catalog: ChapterCatalog,
    private readonly progress: ProgressStore,
    private readonly runner: CellRunner,
    private readonly workRoot: string,
    private readonly log: Logger,
  ) {}

  async chapters(): Promise<ChapterSummary[]> {
    return (await this.catalog.all()).map(({ chapter, order }) => {
      const results = this.progress.checks(chapter.id);
      const passed = chapter.checks.filter((check) => results[check.id]?.passed).length;
      return {
        id: chapter.id,
        title: chapter.title,
        order,
        checks: { total: chapter.checks.length, passed },
        errors: chapter.errors.length,
      };
    });
  }

  async chapter(id: string): Promise<ChapterView> {
    const { chapter } = await this.load(id);
    return {
      chapter,
      progress: {
        edits: this.progress.edits(id),
        outputs: this.progress.outputs(id),
        checks: this.progress.checks(id),
        running: this.runner.runningInChapter(id),
      },
    };
  }

  async saveEdit(chapterId: string, cellId: string, source: string): Promise<void> {
    await this.cell(chapterId, cellId);
    this.progress.saveEdit(chapterId, cellId, source);
  }

  async resetCell(chapterId: string, cellId: string): Promise<void> {
    await this.cell(chapterId, cellId);
    this.progress.resetCell(chapterId, cellId);
  }

  /** Starts a cell with the given source (what the student sees); its output is saved when it ends. */
  async runCell(chapterId: string, cellId: string, source: string): Promise<CellRun> {
    const cell = await this.cell(chapterId, cellId);
    const workDir = await this.workDir(chapterId);
    const run = await this.runner.start({ ...cell, chapter: chapterId, cell: cellId, source, workDir });
    if ('error' in run) throw new WorkbookError(409, run.error);
    this.log.info('cell started', { chapter: chapterId, cell: cellId, run: run.id });
    void run.done.then((result) => {
      this.progress.saveOutput(chapterId, cellId, {
        output: result.output,
        exitCode: result.exitCode,
        end: result.end,
        durationMs: result.durationMs,
        finishedAt: new Date().toISOString(),
      });
      this.log.info('cell ended', { chapter: chapterId, cell: cellId, run: run.id, end: result.end });
    });
    return run;
  }

  run(runId: string): CellRun | undefined {
    return this.runner.get(runId);
  }

  async runCheck(chapterId: string, checkId: string): Promise<CheckResult> {
    const loaded = await this.load(chapterId);
    const check = loaded.checks.find((c) => c.id === checkId);
    if (!check) throw new WorkbookError(404, `chapter ${chapterId} has no check "${checkId}"`);
    const result = await runCheck(check, { workDir: await this.workDir(chapterId), chapterDir: loaded.dir });
    this.progress.saveCheck(chapterId, result);
    return result;
  }

  /** The directory a chapter's cells and checks work in (created on first use). */
  async workDir(chapterId: string): Promise<string> {
    const dir = join(this.workRoot, chapterId);
    await mkdir(dir, { recursive: true });
    return dir;
  }

  private async load(id: string) {
    const loaded = await this.catalog.get(id);
    if (!loaded) throw new WorkbookError(404, `there is no chapter "${id}"`);
    return loaded;
  }

  private async cell(chapterId: string, cellId: string) {
    const { chapter } = await this.load(chapterId);
    const cell = chapter.blocks.find((block) => block.kind === 'cell' && block.id === cellId);
    if (!cell || cell.kind !== 'cell') throw new WorkbookError(404, `chapter ${chapterId} has no cell "${cellId}"`);
    return cell;
  }
}
