// Runs the real kubectl binary (the one on PATH: 1.32 on our machines) against a test API server.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function kubectl(
  kubeconfig: string,
  args: string[],
  options: { input?: string; env?: Record<string, string>; binary?: string } = {},
) {
  return new Promise<KubectlResult>((resolve) => {
    const child = execFile(
      options.binary ?? 'kubectl',
      args,
      { env: { ...process.env, KUBECONFIG: kubeconfig, HOME: process.env.HOME, ...options.env }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(options.input ?? '');
  });
}

/** A long-running kubectl (get -w) whose output is collected until it is stopped. */
export function kubectlStream(
  kubeconfig: string,
  args: string[],
): { output: () => string; stop: () => void; child: ChildProcess } {
  const child = spawn('kubectl', args, { env: { ...process.env, KUBECONFIG: kubeconfig } });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { output: () => output, stop: () => child.kill('SIGTERM'), child };
}

/** The versioned kubectl binaries beside the default one (kubectl.1.30 ... on our machines), by minor version. */
export function kubectlVersions(): Record<string, string> {
  const dir = dirname(realpathSync(execFileSync('which', ['kubectl'], { encoding: 'utf8' }).trim()));
  return Object.fromEntries(
    readdirSync(dir)
      .filter((file) => /^kubectl\.1\.\d+$/.test(file))
      .map((file) => [file.slice('kubectl.'.length), join(dir, file)]),
  );
}
