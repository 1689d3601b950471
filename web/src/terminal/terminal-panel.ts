// The terminal panel: a root login shell on the machine, in an xterm attached to /ws/terminal. Shown and hidden with
// its button or Ctrl+`; the shell starts the first time the panel opens and outlives hiding it.
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { paths } from '../../../server/protocol/http.js';
import type { TerminalClientMessage } from '../../../server/protocol/messages.js';
import { socketUrl } from '../api/cells-socket.js';
import { h } from '../dom.js';
import { SHELL_THEME, TERMINAL_FONT } from './theme.js';

const MIN_HEIGHT = 120;
const DEFAULT_HEIGHT = 300;

/** The bottom terminal panel. */
export class TerminalPanel {
  readonly element: HTMLElement;
  /** A button that shows and hides the panel, for the sidebar. */
  readonly toggleButton: HTMLButtonElement;
  private readonly screen: HTMLDivElement;
  private readonly status: HTMLSpanElement;
  private terminal: Terminal | null = null;
  private fit: FitAddon | null = null;
  private socket: WebSocket | null = null;
  private height = DEFAULT_HEIGHT;
  private readonly pendingInput: TerminalClientMessage[] = [];

  constructor() {
    this.screen = h('div', { class: 'terminal-screen', 'data-testid': 'terminal' });
    this.status = h('span', { class: 'terminal-status', role: 'status' });
    const close = h('button', { type: 'button', class: 'btn ghost', 'aria-label': 'Hide the terminal' }, 'Hide');
    close.addEventListener('click', () => this.toggle(false));
    const handle = this.resizeHandle();
    this.element = h(
      'section',
      { class: 'terminal-panel', 'aria-label': 'Root terminal', 'data-testid': 'terminal-panel', hidden: true },
      handle,
      h(
        'header',
        { class: 'terminal-head' },
        h('span', { class: 'terminal-title' }, 'root shell'),
        this.status,
        h('span', { class: 'kbd-hint' }, h('kbd', {}, 'Ctrl'), '+', h('kbd', {}, '`')),
        close,
      ),
      this.screen,
    );
    this.toggleButton = h(
      'button',
      {
        type: 'button',
        class: 'btn terminal-toggle',
        'aria-expanded': 'false',
        'aria-keyshortcuts': 'Control+`',
        'data-testid': 'terminal-toggle',
      },
      '>_ Terminal',
    );
    this.toggleButton.addEventListener('click', () => this.toggle());
    // Capture phase, so the shortcut wins over the shell and the editors, which would otherwise take the key.
    window.addEventListener(
      'keydown',
      (event) => {
        if (event.ctrlKey && !event.altKey && !event.metaKey && (event.key === '`' || event.code === 'Backquote')) {
          event.preventDefault();
          event.stopPropagation();
          this.toggle();
        }
      },
      { capture: true },
    );
    window.addEventListener('resize', () => this.refit());
  }

  get visible(): boolean {
    return !this.element.hidden;
  }

  toggle(show = !this.visible): void {
    if (!show && this.element.contains(document.activeElement)) this.toggleButton.focus();
    this.element.hidden = !show;
    this.toggleButton.setAttribute('aria-expanded', String(show));
    this.toggleButton.classList.toggle('active', show);
    if (!show) return;
    this.element.style.height = `${this.height}px`;
    const terminal = this.ensureTerminal();
    if (!this.socket) this.connect();
    this.refit();
    terminal.focus();
  }

  private ensureTerminal(): Terminal {
    if (this.terminal) return this.terminal;
    const terminal = new Terminal({
      fontFamily: TERMINAL_FONT,
      fontSize: 13,
      lineHeight: 1.15,
      theme: SHELL_THEME,
      scrollback: 10_000,
      cursorBlink: true,
    });
    const fit = new FitAddon();
    terminal.loadAddon(fit);
    terminal.open(this.screen);
    terminal.onData((data) => {
      if (this.socket) this.send({ type: 'input', data });
      else this.connect();
    });
    terminal.onResize(({ cols, rows }) => this.send({ type: 'resize', cols, rows }));
    this.terminal = terminal;
    this.fit = fit;
    return terminal;
  }

  private connect(): void {
    const terminal = this.ensureTerminal();
    const socket = new WebSocket(socketUrl(paths.terminalSocket()));
    this.socket = socket;
    this.setStatus('connecting…', 'connecting');
    socket.addEventListener('open', () => {
      this.setStatus('connected', 'open');
      this.send({ type: 'resize', cols: terminal.cols, rows: terminal.rows });
      for (const message of this.pendingInput.splice(0)) this.send(message);
    });
    socket.addEventListener('message', (event) => {
      if (typeof event.data === 'string') terminal.write(event.data);
    });
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.setStatus('disconnected', 'closed');
      terminal.write('\r\n\x1b[2m[the shell has ended: press any key for a new one]\x1b[0m\r\n');
    });
  }

  private send(message: TerminalClientMessage): void {
    const socket = this.socket;
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
    // Keys typed while the shell is still connecting are sent once it is there.
    else if (socket?.readyState === WebSocket.CONNECTING && message.type === 'input') this.pendingInput.push(message);
  }

  private setStatus(text: string, state: string): void {
    this.status.textContent = text;
    this.status.dataset.state = state;
  }

  private refit(): void {
    if (this.visible) requestAnimationFrame(() => this.fit?.fit());
  }

  /** The top edge drags to resize; with the keyboard, arrow keys do. */
  private resizeHandle(): HTMLDivElement {
    const handle = h('div', {
      class: 'terminal-resize',
      role: 'separator',
      tabindex: '0',
      'aria-orientation': 'horizontal',
      'aria-label': 'Resize the terminal (arrow keys)',
    });
    const setHeight = (height: number) => {
      this.height = Math.max(MIN_HEIGHT, Math.min(window.innerHeight - 120, height));
      this.element.style.height = `${this.height}px`;
      this.refit();
    };
    handle.addEventListener('pointerdown', (event) => {
      handle.setPointerCapture(event.pointerId);
      const startY = event.clientY;
      const startHeight = this.height;
      const move = (e: PointerEvent) => setHeight(startHeight + startY - e.clientY);
      const up = () => {
        handle.removeEventListener('pointermove', move);
        handle.removeEventListener('pointerup', up);
      };
      handle.addEventListener('pointermove', move);
      handle.addEventListener('pointerup', up);
    });
    handle.addEventListener('keydown', (event) => {
      if (event.key === 'ArrowUp') setHeight(this.height + 24);
      else if (event.key === 'ArrowDown') setHeight(this.height - 24);
      else return;
      event.preventDefault();
    });
    return handle;
  }
}
