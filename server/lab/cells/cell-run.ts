// One run of one cell in a PTY (../pty/pty-process.ts). Output is buffered (for late listeners and for saving) and
// streamed to listeners; listeners that cannot keep up pause the PTY (back-pressure); a timeout, an output limit
// or Stop each end the run by killing its whole process tree, with a line saying why.
import { randomUUID } from 'node:crypto';
import type { RunEnd } from '../../protocol/messages.js';
import { PtyProcess } from '../pty/pty-process.js';

export interface RunResult {
  exitCode: number | null;
  end: RunEnd;
  durationMs: number;
  output: string;
}

export interface RunListener {
  output(data: string): void;
  ended(result: RunResult): void;
}

export interface CellRunSpec {
  chapter: string;
  cell: string;
  /** argv of the program to run; it becomes the leader of a new session and process group. */
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  timeoutSeconds: number | null;
  outputLimitBytes: number;
}

const END_MESSAGES: Partial<Record<RunEnd, (spec: CellRunSpec) => string>> = {
  timeout: (spec) =>
    `stopped after ${spec.timeoutSeconds} s: the cell's time limit (add timeout=SECONDS to allow more)`,
  'output-limit': (spec) => `stopped: the cell printed more than ${Math.round(spec.outputLimitBytes / 1024)} KiB`,
  stopped: () => 'stopped',
};

export class CellRun {
  readonly id = randomUUID();
  readonly startedAt = Date.now();
  readonly done: Promise<RunResult>;
  private readonly terminal: PtyProcess;
  private readonly listeners = new Set<RunListener>();
  private readonly pausedBy = new Set<object>();
  private buffered = '';
  private outputBytes = 0;
  private endReason: RunEnd | null = null;
  private timer: NodeJS.Timeout | undefined;
  private result: RunResult | null = null;

  constructor(readonly spec: CellRunSpec) {
    this.terminal = new PtyProcess({ argv: spec.argv, cwd: spec.cwd, env: spec.env, cols: 120, rows: 30 });
    this.terminal.onData((data) => this.take(data));
    this.done = this.terminal.exited.then(({ exitCode }) => {
      clearTimeout(this.timer);
      const end = this.endReason ?? 'exited';
      const message = END_MESSAGES[end]?.(spec);
      if (message) this.emit(`\r\n\x1b[33m[kubelab] ${message}\x1b[0m\r\n`);
      this.result = { exitCode, end, durationMs: Date.now() - this.startedAt, output: this.buffered };
      for (const listener of this.listeners) listener.ended(this.result);
      this.listeners.clear();
      return this.result;
    });
    if (spec.timeoutSeconds !== null) this.timer = setTimeout(() => this.finish('timeout'), spec.timeoutSeconds * 1000);
  }

  get pid(): number {
    return this.terminal.pid;
  }

  /** Everything the run printed so far. */
  get output(): string {
    return this.buffered;
  }

  get running(): boolean {
    return this.result === null;
  }

  /** Replays the output so far, then streams; a finished run reports its end at once. Returns a detach function. */
  attach(listener: RunListener): () => void {
    if (this.buffered) listener.output(this.buffered);
    if (this.result) {
      listener.ended(this.result);
      return () => {};
    }
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      this.resume(listener);
    };
  }

  /** Back-pressure: the PTY stops being read while any holder has paused it. */
  pause(holder: object): void {
    if (this.pausedBy.size === 0 && this.running) this.terminal.pause();
    this.pausedBy.add(holder);
  }

  resume(holder: object): void {
    if (!this.pausedBy.delete(holder)) return;
    if (this.pausedBy.size === 0 && this.running) this.terminal.resume();
  }

  /** Ends the run as the student asked: the whole process tree is killed. */
  stop(): void {
    this.finish('stopped');
  }

  private take(data: string): void {
    if (this.endReason === 'output-limit') return;
    const bytes = Buffer.byteLength(data);
    if (this.outputBytes + bytes > this.spec.outputLimitBytes) {
      this.finish('output-limit');
      return;
    }
    this.outputBytes += bytes;
    this.emit(data);
  }

  private emit(data: string): void {
    this.buffered += data;
    for (const listener of this.listeners) listener.output(data);
  }

  /** SIGTERM to the group and every descendant, SIGKILL to what is left after a grace period. */
  private finish(reason: RunEnd): void {
    if (!this.running || this.endReason) return;
    this.endReason = reason;
    this.pausedBy.clear();
    this.terminal.killTree('SIGTERM');
  }
}
