// Builds and starts the lab server: the workbook service, its HTTP app and its two WebSocket endpoints, all
// behind the lab token. Everything is constructed here and passed in, so tests start a real one on port 0.
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { paths } from '../protocol/http.js';
import type { Logger } from '../log.js';
import { CellRunner } from './cells/cell-runner.js';
import { SchedulingDecisions } from './cluster/scheduling-decisions.js';
import { createLabApp } from './http/app.js';
import { LabAuth } from './http/auth.js';
import { serveCellsSocket } from './http/cells-socket.js';
import { serveTerminalSocket } from './http/terminal-socket.js';
import { ChapterCatalog } from './lessons/catalog.js';
import { ProgressStore } from './progress/progress-store.js';
import { Workbook } from './workbook.js';

export interface LabServerOptions {
  rootDir: string;
  labsDir: string;
  webDist: string;
  stateDir: string;
  token: string;
  host: string;
  port: number;
  log: Logger;
  /** The kubeconfig the workbook reads the cluster with (read-only); <stateDir>/reader.kubeconfig by default. */
  clusterKubeconfig?: string;
  /** Environment every cell and terminal gets (KUBECONFIG, ...). */
  env?: Record<string, string>;
  outputLimitBytes?: number;
}

export interface RunningLabServer {
  port: number;
  /** The address to open, token included. */
  url: string;
  close(): Promise<void>;
}

export async function startLabServer(options: LabServerOptions): Promise<RunningLabServer> {
  const log = options.log;
  const progress = new ProgressStore(join(options.stateDir, 'lab.db'));
  const runner = new CellRunner({
    rootDir: options.rootDir,
    env: options.env,
    outputLimitBytes: options.outputLimitBytes,
  });
  const catalog = new ChapterCatalog(options.labsDir);
  const workbook = new Workbook(catalog, progress, runner, join(options.stateDir, 'work'), log.child('workbook'));
  const auth = new LabAuth(options.token);
  const decisions = new SchedulingDecisions(options.clusterKubeconfig ?? join(options.stateDir, 'reader.kubeconfig'));
  const app = createLabApp({ workbook, decisions, auth, labsDir: options.labsDir, webDist: options.webDist, log });

  const server = createServer(app);
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://lab').pathname;
    const refusal = !auth.isAuthorized(req) ? '401 Unauthorized' : !auth.sameOrigin(req) ? '403 Forbidden' : null;
    if (refusal || (path !== paths.cellsSocket() && path !== paths.terminalSocket())) {
      socket.end(`HTTP/1.1 ${refusal ?? '404 Not Found'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => {
      if (path === paths.cellsSocket()) serveCellsSocket(ws, workbook, log.child('cells'));
      else serveTerminalSocket(ws, { cwd: process.env.HOME ?? '/root', env: terminalEnv(options.env) });
    });
  });

  server.listen(options.port, options.host);
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const shownHost = options.host === '0.0.0.0' || options.host === '127.0.0.1' ? 'localhost' : options.host;
  log.info('lab server listening', { host: options.host, port });

  return {
    port,
    url: `http://${shownHost}:${port}/?token=${options.token}`,
    async close() {
      for (const client of sockets.clients) client.terminate();
      await runner.stopAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      progress.close();
      decisions.close();
    },
  };
}

function terminalEnv(extra: Record<string, string> = {}): Record<string, string> {
  const inherited = Object.fromEntries(
    ['PATH', 'HOME', 'LANG', 'USER'].flatMap((key) => (process.env[key] ? [[key, process.env[key]!]] : [])),
  );
  return { ...inherited, ...extra };
}
