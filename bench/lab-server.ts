// What the lab-server benchmarks share: a real lab server on loopback over the fixture chapters, sockets to it as
// the browser opens them, and a shell in a bare PTY (the reference each measures the server against).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import { startLabServer } from '../server/lab/lab-server.js';
import { PtyProcess } from '../server/lab/pty/pty-process.js';
import { silentLogger } from '../server/log.js';

const ROOT = resolve(import.meta.dirname, '..');
const TOKEN = 'bench-token-0123456789abcdef';

/** A lab server started for a benchmark. */
export interface BenchLabServer {
  /** A new socket to `path` (`/ws/cells`, `/ws/terminal`) with the origin and token a browser sends; not yet open. */
  connect(path: string): WebSocket;
  /** Stops the server (its cells and PTYs too), then removes its state dir. */
  close(): Promise<void>;
}

/** Starts a lab server on 127.0.0.1, port 0, over test/fixtures/labs, with a temp state dir and a silent log. */
export async function startBenchLabServer(): Promise<BenchLabServer> {
  const stateDir = await mkdtemp(join(tmpdir(), 'kubelab-bench-'));
  const server = await startLabServer({
    rootDir: ROOT,
    labsDir: join(ROOT, 'test/fixtures/labs'),
    webDist: join(ROOT, 'web/dist'),
    stateDir,
    token: TOKEN,
    host: '127.0.0.1',
    port: 0,
    log: silentLogger,
  });
  const origin = `http://127.0.0.1:${server.port}`;
  return {
    connect: (path) =>
      new WebSocket(`ws://127.0.0.1:${server.port}${path}`, {
        headers: { origin, authorization: `Bearer ${TOKEN}` },
      }),
    close: async () => {
      await server.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

/** `argv` in a bare PTY (no server, socket or file between), with a minimal environment, in a temp dir. */
export function barePty(argv: string[]): PtyProcess {
  return new PtyProcess({
    argv,
    cwd: tmpdir(),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', TERM: 'xterm-256color' },
    cols: 100,
    rows: 30,
  });
}
