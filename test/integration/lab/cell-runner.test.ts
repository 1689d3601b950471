import { mkdtemp, rm } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellLanguage } from '../../../server/protocol/lesson.js';
import { CellRunner } from '../../../server/lab/cells/cell-runner.js';
import type { CellRun } from '../../../server/lab/cells/cell-run.js';
import { ROOT_DIR } from '../../support/lab-server.js';

let workDir: string;
/** How long a shell may take to print on a loaded machine: no test depends on how fast a shell starts. */
const SHELL_ANSWER = { timeout: 30_000 };
const runner = new CellRunner({ rootDir: ROOT_DIR, outputLimitBytes: 64 * 1024 });

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'kubelab-cells-'));
});
afterAll(async () => {
  // Every cell stopped first: cells run in workDir, with their sources and binaries under workDir/.kubelab.
  await runner.stopAll();
  await rm(workDir, { recursive: true, force: true });
});

async function start(
  source: string,
  options: { language?: CellLanguage; timeout?: number | null; background?: boolean } = {},
) {
  const run = await runner.start({
    chapter: 'test',
    cell: `cell-${Math.random().toString(36).slice(2)}`,
    language: options.language ?? 'sh',
    options: {
      timeoutSeconds: options.timeout === undefined ? 30 : options.timeout,
      background: options.background ?? false,
    },
    source,
    workDir,
  });
  if ('error' in run) throw new Error(run.error);
  return run;
}

/** Processes whose name (argv[0]) starts with `marker`. */
function processesWith(marker: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith(marker);
      } catch {
        return false;
      }
    })
    .map(Number);
}

function chunks(run: CellRun): string[] {
  const seen: string[] = [];
  run.attach({ output: (data) => seen.push(data), ended: () => {} });
  return seen;
}

describe('CellRunner', () => {
  it('streams output while the cell runs and reports its exit code', async () => {
    const run = await start('echo first; sleep 0.5; echo second; exit 3');
    const seen = chunks(run);
    await expect.poll(() => seen.join(''), SHELL_ANSWER).toContain('first');
    expect(run.running).toBe(true);
    const result = await run.done;
    expect(result).toMatchObject({ exitCode: 3, end: 'exited' });
    expect(result.output).toMatch(/first\r?\n.*second/s);
  });

  it('runs in the chapter working directory with KUBELAB_WORKDIR set', async () => {
    const result = await (await start('pwd; echo "dir=$KUBELAB_WORKDIR"')).done;
    expect(result.output).toContain(workDir);
    expect(result.output).toContain(`dir=${workDir}`);
  });

  it('compiles a C cell with gcc and runs it', async () => {
    const source = '#include <stdio.h>\nint main(void) { printf("from C %d\\n", 6 * 7); return 0; }\n';
    const result = await (await start(source, { language: 'c' })).done;
    expect(result).toMatchObject({ exitCode: 0, end: 'exited' });
    expect(result.output).toContain('from C 42');
  });

  it('shows the compiler error when a C cell does not compile', async () => {
    const result = await (await start('int main(void) { return missing; }\n', { language: 'c' })).done;
    expect(result.exitCode).not.toBe(0);
    expect(result.output).toContain('missing');
  });

  it('stops a cell that outlives its time limit and says so', async () => {
    const result = await (await start('echo waiting; sleep 30', { timeout: 1 })).done;
    expect(result.end).toBe('timeout');
    expect(result.output).toContain("stopped after 1 s: the cell's time limit");
  });

  it('lets a background cell run past its time limit until it is stopped', async () => {
    const run = await start('echo up; sleep 300', { timeout: 1, background: true });
    expect(run.spec.timeoutSeconds).toBeNull();
    await expect.poll(() => run.output.includes('up'), SHELL_ANSWER).toBe(true);
    run.stop();
    expect((await run.done).end).toBe('stopped');
  });

  it('kills the whole process tree on Stop, including children in another group or PID namespace', async () => {
    const marker = `kubelab-stray-${Date.now()}`;
    const run = await start(
      [
        `bash -c 'exec -a ${marker}-a sleep 300' &`,
        `setsid bash -c 'exec -a ${marker}-b sleep 300' &`,
        `unshare --pid --fork bash -c 'exec -a ${marker}-c sleep 300' &`,
        'echo started; wait',
      ].join('\n'),
      { background: true },
    );
    await expect.poll(() => processesWith(marker).length, SHELL_ANSWER).toBe(3);
    run.stop();
    expect((await run.done).end).toBe('stopped');
    await expect.poll(() => processesWith(marker), SHELL_ANSWER).toEqual([]);
  });

  it('ends a cell that prints more than the output limit', async () => {
    const result = await (await start('yes kubelab')).done;
    expect(result.end).toBe('output-limit');
    expect(Buffer.byteLength(result.output)).toBeLessThan(64 * 1024 + 1024);
    expect(result.output).toContain('printed more than 64 KiB');
  });

  it('refuses to start a cell that is already running', async () => {
    const first = await runner.start({
      chapter: 'test',
      cell: 'twice',
      language: 'sh',
      options: { timeoutSeconds: 30, background: false },
      source: 'sleep 300',
      workDir,
    });
    const second = await runner.start({
      chapter: 'test',
      cell: 'twice',
      language: 'sh',
      options: { timeoutSeconds: 30, background: false },
      source: 'true',
      workDir,
    });
    expect(second).toEqual({ error: 'this cell is already running: stop it first' });
    (first as CellRun).stop();
  });
});
