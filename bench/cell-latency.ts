// Run click → first output byte, measured as the browser sees it: a `run` message on the cells socket of a real
// lab server on loopback, until the first `output` message. Reference in the same run: the same command started
// straight in a PTY (lab/pty/pty-process.ts, a thin layer over node-pty), with no server, socket or file between.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import { silentLogger } from '../server/log.js';
import { startLabServer } from '../server/lab/lab-server.js';
import { PtyProcess } from '../server/lab/pty/pty-process.js';
import { percentile, type BenchResult } from './stats.js';

const ROOT = resolve(import.meta.dirname, '..');
const RUNS = 60;

export async function cellLatency(): Promise<BenchResult> {
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
  const origin = `http://127.0.0.1:${server.port}`;
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}/ws/cells`, {
    headers: { origin, authorization: `Bearer ${token}` },
  });
  await new Promise((ok, fail) => socket.once('open', ok).once('error', fail));

  const viaServer: number[] = [];
  for (let i = 0; i < RUNS; i++) viaServer.push(await oneRun(socket, i));
  const direct: number[] = [];
  for (let i = 0; i < RUNS; i++) direct.push(await directRun());
  socket.close();
  await server.close();

  const p50 = percentile(viaServer, 50);
  const reference = percentile(direct, 50);
  return {
    name: 'cell run → first output byte',
    unit: 'ms',
    runs: RUNS,
    figures: {
      p50,
      p95: percentile(viaServer, 95),
      referenceP50: reference,
      ratioToReference: p50 / reference,
      target: 30,
    },
    reference: 'a PTY spawning the same shell directly, same machine, same run',
  };
}

function oneRun(socket: WebSocket, i: number): Promise<number> {
  return new Promise((done) => {
    const started = performance.now();
    let first: number | null = null;
    const onMessage = (raw: WebSocket.RawData) => {
      const message = JSON.parse(raw.toString()) as { type: string };
      if (message.type === 'output' && first === null) first = performance.now() - started;
      if (message.type === 'ended') {
        socket.off('message', onMessage);
        done(first ?? Number.NaN);
      }
    };
    socket.on('message', onMessage);
    socket.send(
      JSON.stringify({ type: 'run', chapter: '01-demo', cell: 'cell-1', source: 'echo hi', requestId: `b${i}` }),
    );
  });
}

function directRun(): Promise<number> {
  return new Promise((done) => {
    const started = performance.now();
    let first: number | null = null;
    const shell = new PtyProcess({
      argv: ['bash', '--noprofile', '--norc', '-c', 'echo hi'],
      cwd: process.cwd(),
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'xterm-256color' },
      cols: 120,
      rows: 30,
    });
    shell.onData(() => (first ??= performance.now() - started));
    void shell.exited.then(() => done(first ?? Number.NaN));
  });
}
