// Starts cell runs: writes the cell's source to the chapter's working directory, picks the program for its
// language, and keeps the runs that are still going so a reloaded page can attach to them or stop them.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CellLanguage, CellOptions } from '../../protocol/lesson.js';
import { CellRun } from './cell-run.js';

export interface CellRunnerOptions {
  /** The repository root, for tools the runner uses (tsx). */
  rootDir: string;
  /** Extra environment for every cell (KUBECONFIG, PATH additions). */
  env?: Record<string, string>;
  outputLimitBytes?: number;
}

export interface StartCell {
  chapter: string;
  cell: string;
  language: CellLanguage;
  options: CellOptions;
  source: string;
  workDir: string;
}

const DEFAULT_OUTPUT_LIMIT = 1024 * 1024;
const EXTENSIONS: Record<CellLanguage, string> = { sh: 'sh', c: 'c', ts: 'ts', yaml: 'yaml' };

export class CellRunner {
  private readonly runs = new Map<string, CellRun>();

  constructor(private readonly options: CellRunnerOptions) {}

  /** Starts a cell, or returns an error message when that cell is already running. */
  async start(request: StartCell): Promise<CellRun | { error: string }> {
    if (this.runningCell(request.chapter, request.cell)) {
      return { error: 'this cell is already running: stop it first' };
    }
    const scratch = join(request.workDir, '.kubelab');
    await mkdir(scratch, { recursive: true });
    const file = join(scratch, `${request.cell}.${EXTENSIONS[request.language]}`);
    await writeFile(file, request.source);
    const run = new CellRun({
      chapter: request.chapter,
      cell: request.cell,
      argv: ['bash', '-c', this.command(request.language, file)],
      cwd: request.workDir,
      env: this.environment(request.workDir),
      timeoutSeconds: request.options.background ? null : request.options.timeoutSeconds,
      outputLimitBytes: this.options.outputLimitBytes ?? DEFAULT_OUTPUT_LIMIT,
    });
    this.runs.set(run.id, run);
    void run.done.then(() => this.runs.delete(run.id));
    return run;
  }

  get(runId: string): CellRun | undefined {
    return this.runs.get(runId);
  }

  /** The run of this cell that is still going, if any. */
  runningCell(chapter: string, cell: string): CellRun | undefined {
    return [...this.runs.values()].find((run) => run.spec.chapter === chapter && run.spec.cell === cell);
  }

  /** Running cells of a chapter: cell id → run id. */
  runningInChapter(chapter: string): Record<string, string> {
    const running: Record<string, string> = {};
    for (const run of this.runs.values()) if (run.spec.chapter === chapter) running[run.spec.cell] = run.id;
    return running;
  }

  /** Stops every run and waits for them to end (server shutdown). */
  async stopAll(): Promise<void> {
    const runs = [...this.runs.values()];
    for (const run of runs) run.stop();
    await Promise.all(runs.map((run) => run.done));
  }

  private command(language: CellLanguage, file: string): string {
    const quoted = `'${file.replaceAll("'", "'\\''")}'`;
    switch (language) {
      case 'sh':
        return `exec bash --noprofile --norc ${quoted}`;
      case 'c': {
        const binary = `'${file.replace(/\.c$/, '').replaceAll("'", "'\\''")}'`;
        return `gcc -Wall -o ${binary} ${quoted} && exec ${binary}`;
      }
      case 'ts':
        return `exec '${join(this.options.rootDir, 'node_modules/.bin/tsx')}' ${quoted}`;
      case 'yaml':
        return `exec kubectl apply -f ${quoted}`;
    }
  }

  private environment(workDir: string): Record<string, string> {
    return {
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      HOME: process.env.HOME ?? '/root',
      LANG: process.env.LANG ?? 'C.UTF-8',
      TERM: 'xterm-256color',
      KUBELAB_WORKDIR: workDir,
      ...this.options.env,
    };
  }
}
