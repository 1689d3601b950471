// Starts a real lab server in this process on port 0 with a fresh state dir, for integration and e2e tests.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import type { CellServerMessage } from '../../server/protocol/messages.js';
import { silentLogger } from '../../server/log.js';
import { startLabServer as start } from '../../server/lab/lab-server.js';

export const ROOT_DIR = resolve(import.meta.dirname, '../..');
export const FIXTURE_LABS = join(ROOT_DIR, 'test/fixtures/labs');

export interface TestLabServer {
  /** Base address, e.g. http://127.0.0.1:41234 */
  baseUrl: string;
  /** The address a student opens, with the token. */
  url: string;
  token: string;
  stateDir: string;
  /** Stops the server (its cells too) and removes the state dir if it made it; one passed in is the caller's. */
  close(): Promise<void>;
}

export async function startLabServer(
  options: { labsDir?: string; stateDir?: string; outputLimitBytes?: number; clusterKubeconfig?: string } = {},
): Promise<TestLabServer> {
  const ownStateDir = options.stateDir === undefined;
  const stateDir = options.stateDir ?? (await mkdtemp(join(tmpdir(), 'kubelab-lab-')));
  const token = 'test-token-0123456789abcdef';
  const server = await start({
    rootDir: ROOT_DIR,
    labsDir: options.labsDir ?? join(ROOT_DIR, 'labs'),
    webDist: join(ROOT_DIR, 'web/dist'),
    stateDir,
    token,
    host: '127.0.0.1',
    port: 0,
    log: silentLogger,
    outputLimitBytes: options.outputLimitBytes,
    clusterKubeconfig: options.clusterKubeconfig,
  });
  const baseUrl = `http://127.0.0.1:${server.port}`;
  const close = async () => {
    await server.close();
    if (ownStateDir) await rm(stateDir, { recursive: true, force: true });
  };
  return { baseUrl, url: `${baseUrl}/?token=${token}`, token, stateDir, close };
}

/** A cells socket as the workbook opens it (token cookie, same Origin), collecting every message. */
export async function openCellsSocket(lab: TestLabServer) {
  const socket = new WebSocket(`${lab.baseUrl.replace('http', 'ws')}/ws/cells`, {
    headers: { cookie: `kubelab_token=${lab.token}`, origin: lab.baseUrl },
  });
  const messages: CellServerMessage[] = [];
  socket.on('message', (raw) => messages.push(JSON.parse(raw.toString()) as CellServerMessage));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return { socket, messages, send: (message: object) => socket.send(JSON.stringify(message)) };
}
