// Running a command from a check: output and exit code as values, never an exception for a non-zero exit.
import { spawn } from 'node:child_process';

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `argv` (no shell) with a time limit; a missing program gives code null and the error in stderr. */
export function runCommand(argv: string[], options: { cwd?: string; timeoutMs?: number; input?: string } = {}) {
  const [program, ...args] = argv;
  if (!program) throw new Error('runCommand needs a program');
  return new Promise<CommandResult>((resolve) => {
    const child = spawn(program, args, { cwd: options.cwd, timeout: options.timeoutMs ?? 10_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => resolve({ code: null, stdout, stderr: stderr + error.message }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    // A program that exits before reading its input closes the pipe: that is its answer, not our error.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}
