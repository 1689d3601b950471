// A program in a pseudo-terminal: the one place the workbook spawns, feeds, pauses and ends PTYs, used by the cell
// runner and by the terminal panel alike (as xterm.js's node-pty hosts keep the PTY lifecycle in one file). Ending
// one signals its whole process tree, since a cell or a shell may start children in other groups or namespaces.
import * as pty from 'node-pty';
import { descendantsOf, signalAll } from './process-tree.js';

export interface PtySpawn {
  /** argv of the program; it becomes the leader of a new session and process group. */
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  cols: number;
  rows: number;
}

/** How the program ended: its exit code, or 128 + the signal number when a signal ended it, as a shell reports. */
export interface PtyExit {
  exitCode: number;
}

/** How long a process tree has to end after the first signal before what is left gets SIGKILL. */
const KILL_GRACE_MS = 1_000;

/** One PTY and the process tree it leads, from spawn to exit. */
export class PtyProcess {
  readonly exited: Promise<PtyExit>;
  private readonly terminal: pty.IPty;
  private ended = false;

  constructor(spec: PtySpawn) {
    const [program, ...args] = spec.argv;
    this.terminal = pty.spawn(program!, args, {
      name: spec.env.TERM ?? 'xterm-256color',
      cols: spec.cols,
      rows: spec.rows,
      cwd: spec.cwd,
      env: spec.env,
    });
    this.exited = new Promise((resolve) => {
      this.terminal.onExit(({ exitCode, signal }) => {
        this.ended = true;
        resolve({ exitCode: signal ? 128 + signal : exitCode });
      });
    });
  }

  get pid(): number {
    return this.terminal.pid;
  }

  get running(): boolean {
    return !this.ended;
  }

  /** Everything the program prints, as it prints it. */
  onData(listener: (data: string) => void): void {
    this.terminal.onData(listener);
  }

  /** Types into the terminal; ignored once the program has ended. */
  write(data: string): void {
    if (!this.ended) this.terminal.write(data);
  }

  resize(cols: number, rows: number): void {
    if (!this.ended) this.terminal.resize(cols, rows);
  }

  /** Back-pressure: the PTY is not read (so the program blocks on a full buffer) until resumed. */
  pause(): void {
    if (!this.ended) this.terminal.pause();
  }

  resume(): void {
    if (!this.ended) this.terminal.resume();
  }

  /**
   * Sends `signal` to the process group and every descendant, then SIGKILL to the whole tree (looked up again,
   * so children started meanwhile go too) after a grace period, even if the leader has exited by then.
   */
  killTree(signal: 'SIGTERM' | 'SIGHUP'): void {
    // A paused PTY would never report the exit.
    this.resume();
    const leader = this.terminal.pid;
    const tree = descendantsOf(leader);
    signalAll(leader, tree, signal);
    setTimeout(() => signalAll(leader, [...tree, ...descendantsOf(leader)], 'SIGKILL'), KILL_GRACE_MS).unref();
  }
}
