// Watch back-pressure end to end, on a real `kubelab apiserver` process over SQLite: a watcher that never reads is
// dropped once it falls too far behind, so the server's memory stays bounded, while watchers that read get every
// event. Nothing here depends on the machine's speed: every wait polls a condition with a generous timeout.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadKubeconfig, type ClientConfig } from '../../../server/client/index.js';
import { freePort } from '../../support/etcd.js';
import { ROOT_DIR } from '../../support/lab-server.js';
import { rawRequest, type RawTarget } from '../../support/raw-request.js';

const EVENTS = 20_000;
const CONFIGMAPS = 10;
/** Each event carries the whole ConfigMap: 20,000 of them are ~80 MB, well past what a watcher may buffer. */
const BLOB = 'x'.repeat(4096);
const NAMESPACE_PATH = '/api/v1/namespaces/default/configmaps';

let stateDir: string;
let server: ChildProcess;
let config: ClientConfig;
const agent = new Agent({ keepAlive: true, maxSockets: CONFIGMAPS });

beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'kubelab-watch-pressure-'));
  const port = await freePort();
  server = spawn(
    process.execPath,
    [
      '--import',
      `file://${ROOT_DIR}/node_modules/tsx/dist/loader.mjs`,
      join(ROOT_DIR, 'server/cli/main.ts'),
      'apiserver',
    ],
    {
      env: { ...process.env, KUBELAB_STATE_DIR: stateDir, KUBELAB_APISERVER_PORT: String(port) },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  server.stderr?.on('data', () => {});
  const kubeconfig = join(stateDir, 'admin.kubeconfig');
  config = await vi.waitFor(
    async () => {
      if (!existsSync(kubeconfig)) throw new Error('no kubeconfig yet');
      const candidate = await loadKubeconfig(kubeconfig);
      const answer = await call(candidate, 'GET', `${NAMESPACE_PATH}/kube-root-ca.crt`);
      if (answer.status !== 200) throw new Error(`not ready: ${answer.status}`);
      return candidate;
    },
    { timeout: 60_000, interval: 200 },
  );
});

afterAll(async () => {
  server?.kill('SIGKILL');
  agent.destroy();
  await rm(stateDir, { recursive: true, force: true });
});

const call = (to: RawTarget, method: string, path: string, body = '') =>
  rawRequest(to, path, {
    method,
    body,
    agent,
    headers: method === 'PATCH' ? { 'content-type': 'application/merge-patch+json' } : {},
  });

/** A watcher that reads everything and counts the MODIFIED events it sees, without keeping them. */
function readingWatcher(from: string): { modified: () => number; close: () => void } {
  let modified = 0;
  let carry = '';
  const req = request(
    `${config.server}${NAMESPACE_PATH}?watch=true&resourceVersion=${from}&timeoutSeconds=900`,
    { ca: config.caCert, headers: { authorization: `Bearer ${config.token}` } },
    (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const lines = (carry + chunk).split('\n');
        carry = lines.pop()!;
        for (const line of lines) if (line.startsWith('{"type":"MODIFIED"')) modified++;
      });
    },
  );
  req.on('error', () => {});
  req.end();
  return { modified: () => modified, close: () => req.destroy() };
}

/** A raw TLS client that sends a watch request and never reads its answer: its socket stays paused. */
function stuckWatcher(from: string): TLSSocket {
  const url = new URL(config.server);
  const socket = connect({ host: url.hostname, port: Number(url.port), ca: config.caCert, servername: 'localhost' });
  socket.on('error', () => {});
  socket.write(
    `GET ${NAMESPACE_PATH}?watch=true&resourceVersion=${from}&timeoutSeconds=900 HTTP/1.1\r\n` +
      `Host: ${url.host}\r\nAuthorization: Bearer ${config.token}\r\nAccept: application/json\r\n\r\n`,
  );
  socket.pause();
  return socket;
}

/** The server process's resident memory, in MiB (Linux's /proc, as `ps` reads it). */
function serverRssMiB(): number {
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

describe('watch back-pressure', () => {
  it('drops a watcher that never reads, keeps memory bounded and gives readers every event', async () => {
    let from = '';
    for (let i = 0; i < CONFIGMAPS; i++) {
      const body = JSON.stringify({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `load-${i}` },
        data: { blob: BLOB },
      });
      const created = await call(config, 'POST', NAMESPACE_PATH, body);
      expect(created.status).toBe(201);
      from = (JSON.parse(created.text) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    }
    const readers = [readingWatcher(from), readingWatcher(from)];
    const stuck = stuckWatcher(from);
    let stuckClosed = false;
    stuck.on('close', () => (stuckClosed = true));
    // The watches are established once a write reaches both readers.
    await call(config, 'PATCH', `${NAMESPACE_PATH}/load-0`, JSON.stringify({ data: { n: 'start' } }));
    await vi.waitFor(() => expect(readers.every((reader) => reader.modified() === 1)).toBe(true), {
      timeout: 60_000,
      interval: 100,
    });
    const before = serverRssMiB();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, serverRssMiB())), 100);

    // 20,000 more updates, ten writers at a time, each on its own ConfigMap.
    await Promise.all(
      Array.from({ length: CONFIGMAPS }, async (_, writer) => {
        for (let n = 0; n < EVENTS / CONFIGMAPS; n++) {
          const patch = JSON.stringify({ data: { n: String(n) } });
          const answer = await call(config, 'PATCH', `${NAMESPACE_PATH}/load-${writer}`, patch);
          expect(answer.status).toBe(200);
        }
      }),
    );
    await vi.waitFor(() => expect(readers.map((reader) => reader.modified())).toEqual([EVENTS + 1, EVENTS + 1]), {
      timeout: 300_000,
      interval: 250,
    });
    clearInterval(sampler);
    const after = serverRssMiB();
    console.info(
      `watch back-pressure: server RSS ${before.toFixed(0)} MiB before, peak ${peak.toFixed(0)} MiB, ` +
        `${after.toFixed(0)} MiB after ${EVENTS} events`,
    );

    // The stuck watcher was closed by the server: reading now drains what the kernel held, then the end.
    let received = 0;
    let carry = '';
    stuck.setEncoding('utf8');
    stuck.on('data', (chunk: string) => {
      const lines = (carry + chunk).split('\n');
      carry = lines.pop()!;
      received += lines.filter((line) => line.startsWith('{"type":"MODIFIED"')).length;
    });
    stuck.resume();
    await vi.waitFor(() => expect(stuckClosed).toBe(true), { timeout: 60_000, interval: 100 });
    console.info(`watch back-pressure: the stuck watcher got ${received} events before it was dropped`);
    expect(received).toBeLessThan(EVENTS);
    expect(peak - before).toBeLessThan(200);
    for (const reader of readers) reader.close();
  }, 900_000);
});
