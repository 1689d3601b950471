// A control plane as real processes, as `kubelab up` runs it: the API server, then scheduler and controller-manager
// (each `kubelab <command>` in its own node process) on a temp state dir and free ports. Plus a stand-in kubelet
// for API-only nodes: it marks bound pods Running and Ready, finishes graceful deletes and renews node Leases.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, loadKubeconfig, type Client, type Lease } from '../../server/client/index.js';
import { vi } from 'vitest';
import { freePort, stopProcess } from '../../bench/child-process.js';
import type { KubeObject } from '../../server/api/meta.js';
import type { Pod } from '../../server/api/types/core.js';
import { ROOT_DIR } from './lab-server.js';
import { syncPod } from './test-kubelet.js';

export interface TestCluster {
  stateDir: string;
  kubeconfig: string;
  client: Client;
  /** Starts another `kubelab <command>` process against this cluster (e.g. a second controller-manager). */
  start(command: 'scheduler' | 'controller-manager'): ChildProcess;
  processes: Record<string, ChildProcess>;
  /** Kills every process it started, waits for them to exit, then removes the state dir. */
  close(): Promise<void>;
}

export async function startCluster(
  options: { leaseSeconds?: number; nodeGraceSeconds?: number } = {},
): Promise<TestCluster> {
  const stateDir = await mkdtemp(join(tmpdir(), 'kubelab-cluster-'));
  const port = await freePort();
  const env = {
    ...process.env,
    KUBELAB_STATE_DIR: stateDir,
    KUBELAB_APISERVER_PORT: String(port),
    KUBELAB_LEASE_DURATION_SECONDS: String(options.leaseSeconds ?? 3),
    KUBELAB_NODE_MONITOR_GRACE_SECONDS: String(options.nodeGraceSeconds ?? 40),
  };
  const children: ChildProcess[] = [];
  const start = (command: string) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        `file://${ROOT_DIR}/node_modules/tsx/dist/loader.mjs`,
        join(ROOT_DIR, 'server/cli/main.ts'),
        command,
      ],
      {
        env,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    child.stderr?.on('data', () => {});
    children.push(child);
    return child;
  };
  const stop = async () => {
    await Promise.all(children.map((child) => stopProcess(child, 'SIGKILL')));
    await rm(stateDir, { recursive: true, force: true });
  };
  const processes: Record<string, ChildProcess> = { apiserver: start('apiserver') };
  const kubeconfig = join(stateDir, 'admin.kubeconfig');
  // The API server answers once it has made its certificates and kubeconfigs: slow on a loaded machine.
  const client = await vi
    .waitFor(
      async () => {
        const candidate = createClient(await loadKubeconfig(kubeconfig));
        try {
          await candidate.namespaces().get('default');
        } catch (error) {
          candidate.close();
          throw error;
        }
        return candidate;
      },
      { timeout: 60_000, interval: 100 },
    )
    .catch(async (error: unknown) => {
      await stop();
      throw error;
    });
  processes.scheduler = start('scheduler');
  processes['controller-manager'] = start('controller-manager');
  return {
    stateDir,
    kubeconfig,
    client,
    start,
    processes,
    async close() {
      client.close();
      await stop();
    },
  };
}

/** Nodes as API objects, with capacity and a Ready condition. */
export async function createNodes(
  client: Client,
  names: string[],
  capacity = { cpu: '4', memory: '8Gi', pods: '110' },
): Promise<void> {
  for (const name of names) {
    await client.nodes().create({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels: { 'kubernetes.io/hostname': name } },
      status: {
        capacity,
        allocatable: capacity,
        conditions: [
          { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
        ],
      },
    } as KubeObject);
  }
}

/**
 * Plays the kubelet of `nodes` without running anything: renews each node's Lease and answers for the pods bound
 * to them as syncPod does (Running and Ready, a Job's Succeeded; deletions finished). `silence(node)` makes one
 * node go quiet, as if its kubelet died.
 */
export function fakeKubelet(
  client: Client,
  nodes: string[],
  everyMs = 200,
): { stop(): void; silence(node: string): void } {
  let stopped = false;
  const alive = new Set(nodes);
  const leases = client.resource<Lease>(
    { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespaced: true },
    'kube-node-lease',
  );
  const renew = async (node: string) => {
    const renewTime = new Date().toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
    const spec = { holderIdentity: node, leaseDurationSeconds: 40, renewTime };
    const lease = await leases.get(node).catch(() => null);
    if (lease) await leases.update({ ...lease, spec }).catch(() => undefined);
    else
      await leases
        .create({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: node }, spec })
        .catch(() => undefined);
  };
  // Leases on their own timer, so a slow pass over the pods never makes a live node look silent.
  const renewals = setInterval(() => {
    for (const node of alive) void renew(node);
  }, 500);
  const loop = async () => {
    while (!stopped) {
      const pods = await client
        .pods()
        .list()
        .catch(() => ({ items: [] as KubeObject[] }));
      for (const pod of pods.items as Pod[]) {
        if (!pod.spec.nodeName || !alive.has(pod.spec.nodeName)) continue;
        await syncPod(client, pod).catch(() => undefined);
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  };
  void loop();
  return {
    stop: () => {
      stopped = true;
      clearInterval(renewals);
    },
    silence: (node) => alive.delete(node),
  };
}

export async function writeManifest(dir: string, name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}
