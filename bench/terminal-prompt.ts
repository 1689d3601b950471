// Terminal panel open → first prompt, as the browser sees it: a new socket to /ws/terminal of a real lab server on
// loopback, until the shell's output ends in a prompt (`# ` or `$ `). References in the same run: a plain `sh -i`
// in a PTY until its prompt (the floor), and `bash --login` in a PTY (what the panel spawned before it stopped
// reading profile files).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import { silentLogger } from '../server/log.js';
import { startLabServer } from '../server/lab/lab-server.js';
import { PtyProcess } from '../server/lab/pty/pty-process.js';
import { percentile, type BenchResult } from './stats.js';

const ROOT = resolve(import.meta.dirname, '..');
const RUNS = 7;
const PROMPT = /[#$] $/;
/** A shell that shows no prompt in this long fails the bench instead of hanging it. */
const GIVE_UP_MS = 30_000;

/** Median, min and max of open → prompt over RUNS panels, with the references measured alongside. */
export async function terminalPrompt(): Promise<BenchResult> {
  const token = 'bench-token-0123456789abcdef';
  const server = await startLabServer({
    rootDir: ROOT,
    labsDir: join(ROOT, 'test/fixtures/labs'),
    webDist: join(ROOT, 'web/dist'),
    stateDir: await mkdtemp(join(tmpdir(), 'kubelab-bench-')),
    token,
    host: '127.0.0.1',
    port: 0,
    log: silentLogger,
  });
  const panel: number[] = [];
  const plainSh: number[] = [];
  const loginBash: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    panel.push(await openPanel(server.port, token));
    plainSh.push(await ptyPrompt(['sh', '-i']));
    loginBash.push(await ptyPrompt(['bash', '--login']));
  }
  await server.close();

  const p50 = percentile(panel, 50);
  return {
    name: 'terminal panel open → prompt',
    unit: 'ms',
    runs: RUNS,
    figures: {
      p50,
      min: Math.min(...panel),
      max: Math.max(...panel),
      plainShP50: percentile(plainSh, 50),
      ratioToPlainSh: p50 / percentile(plainSh, 50),
      loginBashP50: percentile(loginBash, 50),
    },
    reference: 'a plain `sh -i` and a `bash --login` in a PTY until their prompt, same machine, same run',
  };
}

function openPanel(port: number, token: string): Promise<number> {
  return new Promise((done, fail) => {
    const started = performance.now();
    let screen = '';
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ws/terminal`, {
      headers: { origin: `http://127.0.0.1:${port}`, authorization: `Bearer ${token}` },
    });
    const timer = setTimeout(() => {
      socket.terminate();
      fail(new Error(`no prompt from the terminal panel after ${GIVE_UP_MS} ms: ${JSON.stringify(screen)}`));
    }, GIVE_UP_MS);
    socket.once('error', fail);
    socket.on('message', (data) => {
      screen += data.toString();
      if (!PROMPT.test(screen)) return;
      clearTimeout(timer);
      socket.removeAllListeners('message');
      socket.close();
      done(performance.now() - started);
    });
  });
}

function ptyPrompt(argv: string[]): Promise<number> {
  return new Promise((done) => {
    const started = performance.now();
    const shell = new PtyProcess({
      argv,
      cwd: tmpdir(),
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', TERM: 'xterm-256color' },
      cols: 100,
      rows: 30,
    });
    let screen = '';
    let took: number | null = null;
    // No prompt in time: the run counts as missing (NaN), the tree is hung up.
    const timer = setTimeout(() => shell.killTree('SIGHUP'), GIVE_UP_MS);
    shell.onData((data) => {
      screen += data;
      if (took !== null || !PROMPT.test(screen)) return;
      took = performance.now() - started;
      shell.killTree('SIGHUP');
    });
    void shell.exited.then(() => {
      clearTimeout(timer);
      done(took ?? Number.NaN);
    });
  });
}
