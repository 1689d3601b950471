// The terminal panel's shell: a root bash in a PTY (../pty/pty-process.ts), living as long as its socket. Closing
// the panel hangs up the shell and everything it started in its session.
//
// The shell reads no profile or rc file: on a lab VM those took 2-4 s before the first prompt (pyenv, completion
// scripts), and the panel must answer at once. Its prompt comes from PS1 in the environment.
// Keystrokes that arrive before the shell has printed its first prompt are held back: until readline takes the
// terminal, the tty echoes them, and readline would echo them a second time.
import { PtyProcess } from '../pty/pty-process.js';

export interface TerminalSessionOptions {
  cwd: string;
  env: Record<string, string>;
  cols?: number;
  rows?: number;
}

/** bash's own default for root and users alike: user@host:dir, then # or $. */
const PROMPT = '\\u@\\h:\\w\\$ ';

export class TerminalSession {
  private readonly shell: PtyProcess;
  /** Input typed before the first prompt; null once the shell is reading with readline. */
  private early: string[] | null = [];

  constructor(options: TerminalSessionOptions) {
    this.shell = new PtyProcess({
      argv: ['bash', '--login', '--noprofile'],
      cols: options.cols ?? 100,
      rows: options.rows ?? 30,
      cwd: options.cwd,
      env: { TERM: 'xterm-256color', PS1: PROMPT, ...options.env },
    });
    this.shell.onData(() => this.ready());
  }

  onOutput(listener: (data: string) => void): void {
    this.shell.onData(listener);
  }

  onExit(listener: () => void): void {
    void this.shell.exited.then(listener);
  }

  write(data: string): void {
    if (this.early) this.early.push(data);
    else this.shell.write(data);
  }

  resize(cols: number, rows: number): void {
    this.shell.resize(cols, rows);
  }

  pause(): void {
    this.shell.pause();
  }

  resume(): void {
    this.shell.resume();
  }

  /** Hangs up the shell; what ignores SIGHUP is killed a moment later. */
  close(): void {
    if (this.shell.running) this.shell.killTree('SIGHUP');
  }

  /** The shell printed its prompt: readline owns the terminal, so what was typed so far can go in. */
  private ready(): void {
    if (!this.early) return;
    const typed = this.early.join('');
    this.early = null;
    if (typed) this.shell.write(typed);
  }
}
