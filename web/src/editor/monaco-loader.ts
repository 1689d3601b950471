// Monaco is large, so the notebook renders without it and loads it here on demand, in chunks of its own. Only the
// core editor and the four grammars the lessons use are bundled (no language services, no other languages).
import type * as Monaco from 'monaco-editor/editor/editor.api.js';
import type { CellLanguage } from '../../../server/protocol/lesson.js';

export type MonacoApi = typeof Monaco;

/** Monaco's language id for each cell language. */
export const MONACO_LANGUAGE: Record<CellLanguage, string> = { sh: 'shell', c: 'c', ts: 'typescript', yaml: 'yaml' };

/** Loads Monaco once, on the first request, and hands the same instance to every cell. */
export class MonacoLoader {
  private loading: Promise<MonacoApi> | null = null;

  load(): Promise<MonacoApi> {
    this.loading ??= importMonaco();
    // A failed load (say the network dropped) may be retried by the next cell that asks.
    this.loading.catch(() => (this.loading = null));
    return this.loading;
  }
}

async function importMonaco(): Promise<MonacoApi> {
  const [{ default: EditorWorker }, monaco] = await Promise.all([
    import('monaco-editor/editor/editor.worker.js?worker'),
    import('monaco-editor/editor/editor.api.js'),
  ]);
  self.MonacoEnvironment = { getWorker: () => new EditorWorker() };
  await Promise.all([
    import('monaco-editor/languages/definitions/shell/register.js'),
    import('monaco-editor/languages/definitions/cpp/register.js'),
    import('monaco-editor/languages/definitions/yaml/register.js'),
    import('monaco-editor/languages/definitions/typescript/register.js'),
  ]);
  monaco.editor.defineTheme('kubelab', {
    base: 'vs',
    inherit: true,
    rules: [],
    colors: { 'editor.background': '#f7f7f4', 'editor.lineHighlightBackground': '#efefe9' },
  });
  return monaco;
}
