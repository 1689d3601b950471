// Control-plane processes for benchmarks, as `kubelab up` runs them: each `kubelab <command>` is its own node process
// running the compiled CLI (build/server, made current first as ./kubelab does) on a temp state dir and a free port,
// so the API server and the scheduler each get a core as on a real VM.
// BENCH_PROFILE=1 adds --cpu-prof to them (profiles land in bench/profiles/).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createClient, loadKubeconfig, type Client } from '../server/client/index.js';
import { freePort, stopProcess } from './child-process.js';

const ROOT = resolve(import.meta.dirname, '..');

export interface BenchCluster {
  client: Client;
  /** Starts `kubelab <command>` against this cluster; it is killed on close. */
  start(command: 'scheduler' | 'controller-manager'): ChildProcess;
  /** Stops every process it started, waiting for each to exit, then removes the state dir. */
  close(): Promise<void>;
}

/** Builds build/server if a source changed since, as ./kubelab does before it runs a command. */
export function ensureServerBuild(): void {
  const setup = `set -euo pipefail; ROOT='${ROOT}'; source vagrant/setup.sh; setup_server_build`;
  execFileSync('bash', ['-c', setup], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
}

/** The API server as a process (sqlite store); resolves once it answers. */
export async function startBenchCluster(): Promise<BenchCluster> {
  const stateDir = await mkdtemp(join(tmpdir(), 'kubelab-bench-'));
  const env = { ...process.env, KUBELAB_STATE_DIR: stateDir, KUBELAB_APISERVER_PORT: String(await freePort()) };
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${join(ROOT, 'bench/profiles')}`] : [];
  const children: ChildProcess[] = [];
  ensureServerBuild();
  const start = (command: string): ChildProcess => {
    const args = [...profile, join(ROOT, 'build/server/main.js'), command];
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
    children.push(child);
    return child;
  };
  const stop = async () => {
    // Last started first, so the API server outlives its clients. SIGINT lets --cpu-prof write its profile.
    for (const child of [...children].reverse()) await stopProcess(child, 'SIGINT');
    await rm(stateDir, { recursive: true, force: true });
  };
  start('apiserver');
  const kubeconfig = join(stateDir, 'admin.kubeconfig');
  for (let attempt = 0; attempt < 300; attempt++) {
    try {
      const client = createClient(await loadKubeconfig(kubeconfig));
      await client.namespaces().get('default');
      const close = async () => {
        client.close();
        await stop();
      };
      return { client, start, close };
    } catch {
      await new Promise((done) => setTimeout(done, 100));
    }
  }
  await stop();
  throw new Error('the API server did not come up in 30 s');
}
