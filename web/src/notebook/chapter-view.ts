// A whole chapter: title, lesson problems (if any), then its blocks in order: prose, code cells, exercises.
import type { CheckResult } from '../../../server/protocol/checks.js';
import type { ChapterView as ChapterData } from '../../../server/protocol/http.js';
import type { LessonError } from '../../../server/protocol/lesson.js';
import type { LabApi } from '../api/client.js';
import type { CellsSocket } from '../api/cells-socket.js';
import type { MonacoApi } from '../editor/monaco-loader.js';
import { h, inlineCode, trustedHtml } from '../dom.js';
import { CellView } from './cell-view.js';
import { CheckView } from './check-view.js';

export interface ChapterViewOptions {
  data: ChapterData;
  api: LabApi;
  socket: CellsSocket;
  onCheckResult(result: CheckResult): void;
}

/** The notebook of one chapter. `dispose()` when another chapter is opened. */
export class ChapterView {
  readonly element: HTMLElement;
  private readonly cells: CellView[] = [];
  private disposed = false;

  constructor(options: ChapterViewOptions) {
    const { chapter, progress } = options.data;
    const checks = new Map(chapter.checks.map((check) => [check.id, check]));
    const blocks = chapter.blocks.map((block) => {
      switch (block.kind) {
        case 'markdown':
          return trustedHtml('prose', block.html);
        case 'cell': {
          const cell = new CellView({
            chapterId: chapter.id,
            block,
            edit: progress.edits[block.id],
            output: progress.outputs[block.id],
            runningRunId: progress.running[block.id],
            api: options.api,
            socket: options.socket,
          });
          this.cells.push(cell);
          return cell.element;
        }
        case 'check':
          return new CheckView({
            chapterId: chapter.id,
            checkId: block.id,
            html: block.html,
            info: checks.get(block.id),
            saved: progress.checks[block.id],
            api: options.api,
            onResult: options.onCheckResult,
          }).element;
      }
    });

    this.element = h(
      'article',
      { class: 'chapter', 'data-testid': 'chapter', 'data-chapter-id': chapter.id },
      h(
        'header',
        { class: 'chapter-head' },
        h('h1', { tabindex: '-1' }, chapter.title),
        chapter.summary ? h('p', { class: 'chapter-summary' }, ...inlineCode(chapter.summary)) : null,
      ),
      chapter.errors.length ? lessonErrors(chapter.errors) : null,
      ...blocks,
    );
  }

  get hasCells(): boolean {
    return this.cells.length > 0;
  }

  /** Swaps Monaco into the cells, one per animation frame so a long chapter does not freeze the page. */
  async upgradeEditors(monaco: MonacoApi): Promise<void> {
    for (const cell of this.cells) {
      if (this.disposed) return;
      cell.upgradeEditor(monaco);
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const cell of this.cells) cell.dispose();
  }
}

function lessonErrors(errors: LessonError[]): HTMLElement {
  return h(
    'section',
    { class: 'lesson-errors', role: 'alert', 'data-testid': 'lesson-errors' },
    h('h2', {}, errors.length === 1 ? 'This lesson has a problem' : `This lesson has ${errors.length} problems`),
    h('p', {}, 'The rest of the chapter is shown as far as it could be read. Fix lesson.md and reload.'),
    h(
      'ul',
      {},
      ...errors.map((error) =>
        h('li', {}, h('span', { class: 'error-line' }, `line ${error.line}`), h('span', {}, error.message)),
      ),
    ),
  );
}
