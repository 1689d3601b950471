// Run click → first output byte, measured as the browser sees it: a `run` message on the cells socket of a real
// lab server on loopback, until the first `output` message. Reference in the same run: the same command started
// straight in a PTY (lab/pty/pty-process.ts, a thin layer over node-pty), with no server, socket or file between.
import type WebSocket from 'ws';
import { barePty, startBenchLabServer } from './lab-server.js';
import { percentile, type BenchResult } from './stats.js';

const RUNS = 60;

export async function cellLatency(): Promise<BenchResult> {
  const server = await startBenchLabServer();
  const socket = server.connect('/ws/cells');
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
    const shell = barePty(['bash', '--noprofile', '--norc', '-c', 'echo hi']);
    shell.onData(() => (first ??= performance.now() - started));
    void shell.exited.then(() => done(first ?? Number.NaN));
  });
}
