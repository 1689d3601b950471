// The workbook's shell: sidebar, notebook and terminal, and the route `#/<chapterId>` that picks the chapter.
import type { CheckResult } from '../../server/protocol/checks.js';
import { createApiClient, type LabApi } from './api/client.js';
import { CellsSocket } from './api/cells-socket.js';
import { h } from './dom.js';
import { MonacoLoader } from './editor/monaco-loader.js';
import { ChapterView } from './notebook/chapter-view.js';
import { Sidebar } from './sidebar.js';
import { TerminalPanel } from './terminal/terminal-panel.js';
import { unauthorizedPage } from './unauthorized-page.js';

/** The running workbook. Built once by main. */
export class App {
  private readonly api: LabApi;
  private readonly monaco = new MonacoLoader();
  private socket: CellsSocket | null = null;
  private sidebar: Sidebar | null = null;
  private notebook: HTMLElement | null = null;
  private view: ChapterView | null = null;
  private chapterIds: string[] = [];
  private loadSeq = 0;
  private refused = false;

  constructor(private readonly root: HTMLElement) {
    this.api = createApiClient(() => this.refuse());
  }

  async start(): Promise<void> {
    const chapters = await this.api.chapters();
    if (this.refused) return;
    if (!chapters.ok) {
      this.root.replaceChildren(
        failurePanel('The workbook could not load its chapters.', chapters.message, () => void this.start()),
      );
      return;
    }
    this.socket = new CellsSocket();
    const terminal = new TerminalPanel();
    const connection = h('span', { class: 'connection', role: 'status', 'data-state': 'connecting' });
    this.socket.onStateChange((state) => {
      connection.dataset.state = state;
      connection.textContent = state === 'open' ? '' : state === 'connecting' ? 'connecting…' : 'reconnecting…';
    });
    this.socket.onNotice((message) => {
      connection.dataset.state = 'notice';
      connection.textContent = message;
    });
    this.sidebar = new Sidebar(h('div', { class: 'sidebar-foot' }, terminal.toggleButton, connection));
    this.notebook = h('main', { class: 'notebook', id: 'notebook', tabindex: '-1' });
    // Not a fragment link: the address's fragment is the route.
    const skip = h('a', { class: 'skip-link', href: location.hash || '#/' }, 'Skip to the lesson');
    skip.addEventListener('click', (event) => {
      event.preventDefault();
      this.notebook?.focus();
    });
    this.root.replaceChildren(
      skip,
      h('div', { class: 'layout' }, this.sidebar.element, h('div', { class: 'work' }, this.notebook, terminal.element)),
    );
    this.chapterIds = [...chapters.value].sort((a, b) => a.order - b.order).map((chapter) => chapter.id);
    this.sidebar.update(chapters.value);
    window.addEventListener('hashchange', () => void this.route(true));
    await this.route();
  }

  /** Opens the chapter the address names; after a navigation, focus moves to its title for keyboard users. */
  private async route(focusTitle = false): Promise<void> {
    const match = /^#\/([^/?]*)/.exec(location.hash);
    // Any other fragment is an anchor inside the lesson, not a route.
    if (location.hash && !match && this.view) return;
    const chapterId = safeDecode(match?.[1] ?? '') || this.chapterIds[0];
    if (!chapterId || !this.notebook) {
      this.notebook?.replaceChildren(h('p', { class: 'empty' }, 'There are no chapters in labs/ yet.'));
      return;
    }
    await this.open(chapterId);
    if (focusTitle) this.notebook.querySelector<HTMLElement>('.chapter-head h1')?.focus();
  }

  private async open(chapterId: string): Promise<void> {
    const notebook = this.notebook;
    const socket = this.socket;
    if (!notebook || !socket) return;
    const seq = ++this.loadSeq;
    this.sidebar?.select(chapterId);
    this.view?.dispose();
    this.view = null;
    notebook.replaceChildren(h('p', { class: 'loading' }, 'Loading the chapter…'));
    const answer = await this.api.chapter(chapterId);
    if (seq !== this.loadSeq || this.refused) return;
    if (!answer.ok) {
      const what = answer.status === 404 ? `There is no chapter "${chapterId}".` : 'This chapter could not be loaded.';
      notebook.replaceChildren(failurePanel(what, answer.message, () => void this.open(chapterId)));
      return;
    }
    const view = new ChapterView({
      data: answer.value,
      api: this.api,
      socket,
      onCheckResult: (result) => void this.checked(result),
    });
    this.view = view;
    notebook.replaceChildren(view.element);
    notebook.scrollTop = 0;
    document.title = `${answer.value.chapter.title} · kubelab`;
    if (view.hasCells) this.loadEditors(view);
  }

  /** Loads Monaco once the chapter is on screen, then swaps it into the cells. */
  private loadEditors(view: ChapterView): void {
    const upgrade = () =>
      this.monaco.load().then(
        (monaco) => {
          if (this.view === view) void view.upgradeEditors(monaco);
        },
        (error: unknown) => console.warn('The code editor could not be loaded; cells stay plain text.', error),
      );
    if ('requestIdleCallback' in window) requestIdleCallback(() => void upgrade(), { timeout: 1500 });
    else setTimeout(() => void upgrade(), 200);
  }

  private async checked(_result: CheckResult): Promise<void> {
    const chapters = await this.api.chapters();
    if (chapters.ok) this.sidebar?.update(chapters.value);
  }

  private refuse(): void {
    if (this.refused) return;
    this.refused = true;
    this.view?.dispose();
    this.socket?.close();
    this.root.replaceChildren(unauthorizedPage());
    document.title = 'kubelab: token needed';
  }
}

function failurePanel(title: string, detail: string, retry: () => void): HTMLElement {
  const button = h('button', { type: 'button', class: 'btn' }, 'Try again');
  button.addEventListener('click', retry);
  return h(
    'section',
    { class: 'failure', role: 'alert', 'data-testid': 'load-error' },
    h('h2', {}, title),
    h('p', { class: 'failure-detail' }, detail),
    button,
  );
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
