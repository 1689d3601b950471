// The terminal panel's shell: a root login shell in a PTY, living as long as its socket. Closing the panel hangs
// up the shell and everything it started in its session.
import * as pty from 'node-pty';
import { descendantsOf, signalAll } from '../cells/process-tree.js';

export interface TerminalSessionOptions {
  cwd: string;
  env: Record<string, string>;
  cols?: number;
  rows?: number;
}

export class TerminalSession {
  private readonly shell: pty.IPty;
  private closed = false;

  constructor(options: TerminalSessionOptions) {
    this.shell = pty.spawn('bash', ['--login'], {
      name: 'xterm-256color',
      cols: options.cols ?? 100,
      rows: options.rows ?? 30,
      cwd: options.cwd,
      env: { TERM: 'xterm-256color', ...options.env },
    });
  }

  onOutput(listener: (data: string) => void): void {
    this.shell.onData(listener);
  }

  onExit(listener: () => void): void {
    this.shell.onExit(() => {
      this.closed = true;
      listener();
    });
  }

  write(data: string): void {
    if (!this.closed) this.shell.write(data);
  }

  resize(cols: number, rows: number): void {
    if (!this.closed) this.shell.resize(cols, rows);
  }

  pause(): void {
    this.shell.pause();
  }

  resume(): void {
    this.shell.resume();
  }

  /** Hangs up the shell; what ignores SIGHUP is killed a moment later. */
  close(): void {
    if (this.closed) return;
    const leader = this.shell.pid;
    const tree = descendantsOf(leader);
    signalAll(leader, tree, 'SIGHUP');
    setTimeout(() => signalAll(leader, tree, 'SIGKILL'), 1_000).unref();
  }
}
