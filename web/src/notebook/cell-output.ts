// A cell's output: an xterm made only once there is something to show, as tall as its content up to a limit (then
// it scrolls), and a footer with the exit code, why the run ended and how long it took.
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import type { RunEnd } from '../../../server/protocol/messages.js';
import type { RunEnded } from '../api/cells-socket.js';
import { formatDuration, h } from '../dom.js';
import { OUTPUT_THEME, TERMINAL_FONT } from '../terminal/theme.js';

const MAX_ROWS = 24;
const HIDE_CURSOR = '\x1b[?25l';

const END_TEXT: Record<RunEnd, string> = {
  exited: '',
  stopped: 'stopped',
  timeout: 'timed out',
  'output-limit': 'output limit reached, stopped',
  failed: 'could not start',
};

/** The output area and status footer of one code cell. */
export class CellOutput {
  readonly element: HTMLDivElement;
  private readonly screen: HTMLDivElement;
  private readonly footer: HTMLDivElement;
  private terminal: Terminal | null = null;
  private fit: FitAddon | null = null;
  private resizeObserver: ResizeObserver | null = null;
  private heldNewline = '';

  constructor(cellId: string) {
    this.screen = h('div', { class: 'cell-screen', 'data-testid': 'cell-output', hidden: true });
    this.footer = h('div', {
      class: 'cell-status',
      'data-testid': 'exit-status',
      role: 'status',
      'aria-label': `Status of cell ${cellId}`,
      hidden: true,
    });
    this.element = h('div', { class: 'cell-output' }, this.screen, this.footer);
  }

  /** Appends output as it streams in. */
  write(data: string): void {
    if (!data) return;
    // A final newline is held back until more output comes, so the cursor never sits on an empty last line
    // and the auto-height shows exactly the lines that have text.
    let text = this.heldNewline + data;
    const trailing = /\r?\n$/.exec(text)?.[0] ?? '';
    this.heldNewline = trailing;
    text = text.slice(0, text.length - trailing.length);
    if (!text) return;
    const terminal = this.ensureTerminal();
    terminal.write(text, () => this.fitHeight());
  }

  /** Drops all output and the footer (a new run, a reset, or a replay after reconnecting). */
  clear(): void {
    this.heldNewline = '';
    // A fresh terminal rather than reset(): xterm parses writes asynchronously, and output still queued in the
    // old one would land after a reset.
    this.disposeTerminal();
    this.screen.hidden = true;
    this.footer.hidden = true;
    this.footer.replaceChildren();
    this.footer.removeAttribute('data-state');
    this.footer.removeAttribute('data-exit-code');
  }

  showRunning(background: boolean): void {
    this.setFooter('running', [
      h('span', { class: 'spinner', 'aria-hidden': 'true' }),
      background ? 'running in background' : 'running…',
    ]);
  }

  showEnded(result: RunEnded): void {
    const ok = result.end === 'exited' && result.exitCode === 0;
    // Stop is what the student asked for (a background cell ends no other way): neutral, and without the exit
    // code of the signal that ended it (137), which would read as an error.
    const stopped = result.end === 'stopped';
    const parts: (string | HTMLElement)[] = [];
    if (result.exitCode !== null && !stopped) {
      parts.push(h('span', { class: `exit-code ${result.exitCode === 0 ? 'ok' : 'bad'}` }, `exit ${result.exitCode}`));
    }
    const reason = END_TEXT[result.end];
    if (reason) parts.push(h('span', { class: 'end-reason' }, reason));
    parts.push(h('span', { class: 'duration' }, formatDuration(result.durationMs)));
    this.setFooter(ok ? 'ok' : stopped ? 'stopped' : 'bad', parts);
    if (result.exitCode !== null) this.footer.dataset.exitCode = String(result.exitCode);
    this.footer.dataset.end = result.end;
  }

  showError(message: string): void {
    this.setFooter('bad', [h('span', { class: 'end-reason' }, message)]);
  }

  dispose(): void {
    this.disposeTerminal();
  }

  private disposeTerminal(): void {
    this.resizeObserver?.disconnect();
    this.resizeObserver = null;
    this.terminal?.dispose();
    this.terminal = null;
    this.fit = null;
    this.screen.replaceChildren();
  }

  private setFooter(state: string, parts: (string | HTMLElement)[]): void {
    this.footer.hidden = false;
    this.footer.dataset.state = state;
    this.footer.removeAttribute('data-exit-code');
    this.footer.removeAttribute('data-end');
    // Spoken as one sentence ("exit 1, timed out, 3.2 s"); the commas are visible only to screen readers.
    const spoken = parts.flatMap((part, i) => (i === 0 ? [part] : [h('span', { class: 'sr-only' }, ', '), part]));
    this.footer.replaceChildren(...spoken);
  }

  private ensureTerminal(): Terminal {
    this.screen.hidden = false;
    if (this.terminal) return this.terminal;
    const terminal = new Terminal({
      convertEol: true,
      disableStdin: true,
      rows: 1,
      scrollback: 5000,
      fontFamily: TERMINAL_FONT,
      fontSize: 13,
      lineHeight: 1.2,
      theme: OUTPUT_THEME,
      cursorInactiveStyle: 'none',
    });
    const fit = new FitAddon();
    terminal.loadAddon(fit);
    terminal.open(this.screen);
    terminal.write(HIDE_CURSOR);
    this.terminal = terminal;
    this.fit = fit;
    this.resizeObserver = new ResizeObserver(() => this.fitHeight());
    this.resizeObserver.observe(this.screen);
    return terminal;
  }

  /** Width from the container, height from the content: every line shown up to MAX_ROWS, then a scrollbar. */
  private fitHeight(): void {
    const terminal = this.terminal;
    if (!terminal || this.screen.hidden) return;
    const cols = this.fit?.proposeDimensions()?.cols ?? terminal.cols;
    const buffer = terminal.buffer.active;
    const used = buffer.baseY + buffer.cursorY + 1;
    const rows = Math.max(1, Math.min(MAX_ROWS, used));
    if (cols !== terminal.cols || rows !== terminal.rows) terminal.resize(Math.max(2, cols), rows);
  }
}
