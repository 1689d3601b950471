// A cell's source: a plain textarea at first, so the notebook reads and runs before Monaco has loaded, then Monaco
// in its place once it arrives. Shift+Enter runs the cell in both.
import type * as Monaco from 'monaco-editor/editor/editor.api.js';
import type { CellLanguage } from '../../../server/protocol/lesson.js';
import { h } from '../dom.js';
import { MONACO_LANGUAGE, type MonacoApi } from './monaco-loader.js';
import { TERMINAL_FONT } from '../terminal/theme.js';

const LINE_HEIGHT = 20;
const MAX_HEIGHT = 560;

export interface CellEditorOptions {
  cellId: string;
  language: CellLanguage;
  source: string;
  onChange(source: string): void;
  onRun(): void;
}

/** The editable source of one code cell. */
export class CellEditor {
  readonly element: HTMLDivElement;
  private readonly textarea: HTMLTextAreaElement;
  private editor: Monaco.editor.IStandaloneCodeEditor | null = null;
  private settingValue = false;

  constructor(private readonly options: CellEditorOptions) {
    this.textarea = h('textarea', {
      class: 'cell-source',
      spellcheck: 'false',
      autocapitalize: 'off',
      autocomplete: 'off',
      wrap: 'off',
      'aria-label': `Source of cell ${options.cellId} (Shift+Enter runs it)`,
      'data-testid': 'cell-source',
    });
    this.textarea.value = options.source;
    this.sizeTextarea();
    this.textarea.addEventListener('input', () => {
      this.sizeTextarea();
      options.onChange(this.textarea.value);
    });
    this.textarea.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && event.shiftKey) {
        event.preventDefault();
        options.onRun();
      }
    });
    this.element = h('div', { class: 'cell-editor', 'data-editor': 'plain' }, this.textarea);
  }

  get value(): string {
    return this.editor ? this.editor.getValue() : this.textarea.value;
  }

  /** Replaces the source (a reset) without reporting it as a student's edit. */
  setValue(source: string): void {
    this.settingValue = true;
    if (this.editor) this.editor.setValue(source);
    this.textarea.value = source;
    this.sizeTextarea();
    this.settingValue = false;
  }

  /** Swaps Monaco in for the textarea, keeping the text, the focus and the caret. */
  upgrade(monaco: MonacoApi): void {
    if (this.editor) return;
    const hadFocus = document.activeElement === this.textarea;
    const caret = this.textarea.selectionStart;
    const host = h('div', { class: 'cell-monaco', 'data-testid': 'cell-monaco' });
    host.style.height = `${this.textarea.offsetHeight || this.contentHeight(this.textarea.value)}px`;
    this.textarea.replaceWith(host);
    this.element.dataset.editor = 'monaco';

    const editor = monaco.editor.create(host, {
      value: this.textarea.value,
      language: MONACO_LANGUAGE[this.options.language],
      theme: 'kubelab',
      ariaLabel: this.textarea.getAttribute('aria-label') ?? undefined,
      automaticLayout: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      lineNumbers: 'on',
      lineNumbersMinChars: 3,
      glyphMargin: false,
      folding: false,
      fontSize: 13,
      lineHeight: LINE_HEIGHT,
      fontFamily: TERMINAL_FONT,
      renderLineHighlight: 'none',
      overviewRulerLanes: 0,
      hideCursorInOverviewRuler: true,
      scrollbar: { vertical: 'auto', horizontal: 'auto', alwaysConsumeMouseWheel: false },
      padding: { top: 8, bottom: 8 },
      tabSize: 2,
      contextmenu: false,
    });
    editor.addAction({
      id: 'kubelab.runCell',
      label: 'Run cell',
      keybindings: [monaco.KeyMod.Shift | monaco.KeyCode.Enter],
      run: () => this.options.onRun(),
    });
    editor.onDidChangeModelContent(() => {
      if (!this.settingValue) this.options.onChange(editor.getValue());
    });
    editor.onDidContentSizeChange((event) => {
      host.style.height = `${Math.min(MAX_HEIGHT, event.contentHeight)}px`;
    });
    host.style.height = `${Math.min(MAX_HEIGHT, editor.getContentHeight())}px`;
    this.editor = editor;
    if (hadFocus) {
      editor.setPosition(editor.getModel()?.getPositionAt(caret) ?? { lineNumber: 1, column: 1 });
      editor.focus();
    }
  }

  focus(): void {
    if (this.editor) this.editor.focus();
    else this.textarea.focus();
  }

  dispose(): void {
    this.editor?.getModel()?.dispose();
    this.editor?.dispose();
    this.editor = null;
  }

  private contentHeight(text: string): number {
    return Math.min(MAX_HEIGHT, text.split('\n').length * LINE_HEIGHT + 16);
  }

  private sizeTextarea(): void {
    this.textarea.rows = Math.max(1, this.textarea.value.split('\n').length);
  }
}
