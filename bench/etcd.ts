// Starts Debian's etcd (/usr/bin/etcd) as a child process on a temp data dir and free loopback ports: the reference
// of the store benchmark, and the etcd of the store contract tests (test/support/etcd.ts re-exports this, since bench/
// does not import test/). etcd cannot listen on port 0, so free ports are found first by binding a throwaway server
// to port 0 and closing it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ETCD_BINARY = '/usr/bin/etcd';

export interface TestEtcd {
  /** Client address, e.g. http://127.0.0.1:41234 (what `--etcd-servers` takes). */
  clientUrl: string;
  dataDir: string;
  /** Stops etcd (SIGTERM, then SIGKILL) and removes its data dir. */
  stop(): Promise<void>;
}

/** A loopback port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts a single-member etcd and resolves once /health answers healthy. */
export async function startEtcd(options: { timeoutMs?: number } = {}): Promise<TestEtcd> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kubelab-etcd-'));
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const clientUrl = `http://127.0.0.1:${clientPort}`;
  const peerUrl = `http://127.0.0.1:${peerPort}`;
  const child = spawn(
    ETCD_BINARY,
    [
      '--name=kubelab-test',
      `--data-dir=${join(dataDir, 'data')}`,
      `--listen-client-urls=${clientUrl}`,
      `--advertise-client-urls=${clientUrl}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=kubelab-test=${peerUrl}`,
      '--logger=zap',
      '--log-level=error',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const stop = () => stopChild(child).then(() => rm(dataDir, { recursive: true, force: true }));
  try {
    await waitHealthy(clientUrl, child, options.timeoutMs ?? 20_000);
  } catch (error) {
    await stop();
    throw new Error(`etcd did not become healthy: ${(error as Error).message}\n${stderr}`, { cause: error });
  }
  return { clientUrl, dataDir, stop };
}

async function waitHealthy(clientUrl: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`etcd exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${clientUrl}/health`);
      const body = (await response.json()) as { health?: string };
      if (body.health === 'true') return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no healthy answer within ${timeoutMs} ms`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
