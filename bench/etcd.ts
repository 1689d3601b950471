// Starts Debian's etcd (/usr/bin/etcd) as a child process on a temp data dir and free loopback ports: the reference
// of the store benchmark, and the etcd of the store contract tests (test/support/etcd.ts re-exports this, since bench/
// does not import test/). etcd cannot listen on port 0, so its ports come from freePort.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, stopProcess } from './child-process.js';

const ETCD_BINARY = '/usr/bin/etcd';

export interface TestEtcd {
  /** Client address, e.g. http://127.0.0.1:41234 (what `--etcd-servers` takes). */
  clientUrl: string;
  dataDir: string;
  /** Stops etcd (SIGTERM, then SIGKILL) and removes its data dir. */
  stop(): Promise<void>;
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
  const stop = () => stopProcess(child, 'SIGTERM', 5_000).then(() => rm(dataDir, { recursive: true, force: true }));
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
