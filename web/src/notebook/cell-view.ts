// One code cell: its source (editable, saved as the student types), Run / Stop / Reset, and its streamed output.
import type { LessonBlock } from '../../../server/protocol/lesson.js';
import type { SavedOutput } from '../../../server/protocol/messages.js';
import type { LabApi } from '../api/client.js';
import type { CellsSocket, RunListener } from '../api/cells-socket.js';
import { CellEditor } from '../editor/cell-editor.js';
import type { MonacoApi } from '../editor/monaco-loader.js';
import { h } from '../dom.js';
import { CellOutput } from './cell-output.js';

type CellBlock = Extract<LessonBlock, { kind: 'cell' }>;

const SAVE_DELAY_MS = 500;

export interface CellViewOptions {
  chapterId: string;
  block: CellBlock;
  /** The student's saved edit, if any. */
  edit: string | undefined;
  output: SavedOutput | undefined;
  /** The run id when this cell is running now (it started before the page loaded). */
  runningRunId: string | undefined;
  api: LabApi;
  socket: CellsSocket;
}

/** A code cell, ready to be placed in the notebook. */
export class CellView {
  readonly element: HTMLElement;
  private readonly editor: CellEditor;
  private readonly output: CellOutput;
  private readonly runButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private readonly resetButton: HTMLButtonElement;
  private readonly saveState: HTMLSpanElement;
  private runId: string | null = null;
  private running = false;
  private saveTimer: ReturnType<typeof setTimeout> | null = null;
  private lastSaved: string;

  constructor(private readonly options: CellViewOptions) {
    const { block } = options;
    const source = options.edit ?? block.source;
    this.lastSaved = source;
    this.editor = new CellEditor({
      cellId: block.id,
      language: block.language,
      source,
      onChange: () => this.scheduleSave(),
      onRun: () => this.run(),
    });
    this.output = new CellOutput(block.id);
    this.runButton = button('Run', `Run cell ${block.id} (Shift+Enter)`, 'run-button', 'primary', () => this.run());
    this.stopButton = button('Stop', `Stop cell ${block.id}`, 'stop-button', '', () => this.stop());
    this.resetButton = button(
      'Reset',
      `Reset cell ${block.id} to the lesson's source`,
      'reset-button',
      '',
      () => void this.reset(),
    );
    this.stopButton.hidden = true;
    this.saveState = h('span', { class: 'save-state', 'aria-live': 'polite', 'data-testid': 'save-state' });

    this.element = h(
      'section',
      {
        class: 'cell',
        'data-testid': 'cell',
        'data-cell-id': block.id,
        'data-language': block.language,
        'aria-label': `Code cell ${block.id}`,
      },
      h(
        'header',
        { class: 'cell-head' },
        h('span', { class: `lang-badge lang-${block.language}` }, block.language),
        h('span', { class: 'cell-meta' }, describe(block)),
        this.saveState,
        h('span', { class: 'cell-actions' }, this.runButton, this.stopButton, this.resetButton),
      ),
      this.editor.element,
      this.output.element,
    );
    this.markEdited();

    // A running cell's output comes from the run itself (the server replays it on attach).
    if (options.output && !options.runningRunId) {
      this.output.write(options.output.output);
      this.output.showEnded(options.output);
    }
    if (options.runningRunId) this.attach(options.runningRunId);
  }

  /** Swaps Monaco in for the plain textarea. */
  upgradeEditor(monaco: MonacoApi): void {
    this.editor.upgrade(monaco);
  }

  dispose(): void {
    if (this.saveTimer) void this.flushSave();
    if (this.runId) this.options.socket.detach(this.runId);
    this.editor.dispose();
    this.output.dispose();
  }

  private run(): void {
    if (this.running) return;
    void this.flushSave();
    this.output.clear();
    this.setRunning(true);
    const { chapterId, block } = this.options;
    this.options.socket.run(chapterId, block.id, this.editor.value, this.listener());
  }

  private attach(runId: string): void {
    // The server replays the run's output so far, so start from an empty screen.
    this.output.clear();
    this.runId = runId;
    this.setRunning(true);
    this.options.socket.attach(runId, this.listener());
  }

  private stop(): void {
    const runId = this.runId;
    if (!runId) return;
    this.options.socket.stop(runId);
    this.stopButton.disabled = true;
  }

  private async reset(): Promise<void> {
    if (this.running) return;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    this.resetButton.disabled = true;
    const result = await this.options.api.resetCell(this.options.chapterId, this.options.block.id);
    this.resetButton.disabled = false;
    if (!result.ok) {
      this.saveState.textContent = `reset failed: ${result.message}`;
      this.saveState.dataset.state = 'error';
      return;
    }
    this.editor.setValue(this.options.block.source);
    this.lastSaved = this.options.block.source;
    this.output.clear();
    this.saveState.textContent = '';
    this.markEdited();
  }

  private listener(): RunListener {
    return {
      started: (runId) => {
        this.runId = runId;
        this.stopButton.disabled = false;
      },
      output: (data) => this.output.write(data),
      ended: (result) => {
        this.runId = null;
        this.setRunning(false);
        this.output.showEnded(result);
      },
      failed: (message) => {
        this.runId = null;
        this.setRunning(false);
        this.output.showError(message);
      },
      reattaching: () => {
        this.output.clear();
        this.output.showRunning(this.options.block.options.background);
      },
    };
  }

  private setRunning(running: boolean): void {
    this.running = running;
    this.element.dataset.running = String(running);
    this.runButton.hidden = running;
    this.stopButton.hidden = !running;
    this.stopButton.disabled = running && !this.runId;
    this.resetButton.disabled = running;
    if (running) this.output.showRunning(this.options.block.options.background);
    if (!running && this.stopButton === document.activeElement) this.runButton.focus();
    if (running && this.runButton === document.activeElement) this.stopButton.focus();
  }

  private scheduleSave(): void {
    this.markEdited();
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => void this.flushSave(), SAVE_DELAY_MS);
  }

  private async flushSave(): Promise<void> {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    const source = this.editor.value;
    if (source === this.lastSaved) return;
    this.lastSaved = source;
    const result = await this.options.api.saveCell(this.options.chapterId, this.options.block.id, source);
    this.saveState.dataset.state = result.ok ? 'saved' : 'error';
    this.saveState.textContent = result.ok ? 'saved' : `not saved: ${result.message}`;
    if (!result.ok) this.lastSaved = '';
  }

  private markEdited(): void {
    this.element.dataset.edited = String(this.editor.value !== this.options.block.source);
  }
}

function describe(block: CellBlock): string {
  const parts = [block.action === 'apply' ? 'kubectl apply' : 'run as root'];
  if (block.options.node) parts.push(`on ${block.options.node}`);
  if (block.options.background) parts.push('background');
  else if (block.options.timeoutSeconds !== null) parts.push(`timeout ${block.options.timeoutSeconds} s`);
  return parts.join(' · ');
}

function button(
  label: string,
  ariaLabel: string,
  testId: string,
  variant: string,
  onClick: () => void,
): HTMLButtonElement {
  const el = h(
    'button',
    { type: 'button', class: `btn ${variant}`, 'aria-label': ariaLabel, 'data-testid': testId },
    label,
  );
  el.addEventListener('click', onClick);
  return el;
}
