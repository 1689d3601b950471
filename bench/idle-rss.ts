// Idle memory of the control plane as `kubelab up` runs it where there is no systemd: `./kubelab supervise` on an
// empty cluster (temp state dir, free ports) and the services it starts, once they answer and have settled.
// Reference in the same run: an idle `node -e 'setInterval(()=>{},1000)'`, the floor of any node process.
import { spawn, type ChildProcess } from 'node:child_process';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, stopProcess } from './child-process.js';
import { percentile, type BenchResult } from './stats.js';

const ROOT = resolve(import.meta.dirname, '..');
const SERVICES = ['apiserver', 'scheduler', 'controller-manager', 'lab'] as const;
/** How long an answering cluster is left alone before it counts as idle (informers synced, leases held). */
const SETTLE_MS = 15_000;
const SAMPLES = 5;
/** The kubelet issue's idle cluster: these five plus three kubelets, three proxies and DNS. */
const CLUSTER_PROCESSES = 12;

export async function idleRss(): Promise<BenchResult> {
  const stateDir = mkdtempSync(join(tmpdir(), 'kubelab-bench-'));
  const [labPort, apiserverPort] = [await freePort(), await freePort()];
  const env = {
    ...process.env,
    KUBELAB_STATE_DIR: stateDir,
    KUBELAB_LAB_PORT: String(labPort),
    KUBELAB_APISERVER_PORT: String(apiserverPort),
  };
  const supervisor = spawn(join(ROOT, 'kubelab'), ['supervise'], { env, stdio: 'ignore' });
  const reference = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  try {
    await waitFor(async () => (await statusOf(`http://127.0.0.1:${labPort}/`)) > 0, 'the lab server', supervisor);
    await waitFor(
      async () => (await statusOf(`https://127.0.0.1:${apiserverPort}/readyz`)) === 200,
      'the API server',
      supervisor,
    );
    await delay(SETTLE_MS);
    const samples: Record<string, number[]> = {};
    for (let i = 0; i < SAMPLES; i++) {
      // Read each time: a service that started before the API server answered has been restarted meanwhile.
      const pids = servicePids(join(stateDir, 'run'));
      for (const [name, pid] of Object.entries({ ...pids, reference: reference.pid! }))
        (samples[name] ??= []).push(rssMb(pid, true));
      // Alone: its descendants are the services.
      (samples.supervisor ??= []).push(rssMb(supervisor.pid!, false));
      await delay(1_000);
    }
    const mb = (name: string) => percentile(samples[name]!, 50);
    const components = [...SERVICES, 'supervisor'].map(mb);
    const sum = components.reduce((a, b) => a + b, 0);
    const client = Math.max(mb('scheduler'), mb('controller-manager'));
    return {
      name: 'idle RSS of the control plane',
      unit: 'MB',
      runs: SAMPLES,
      figures: {
        apiserver: mb('apiserver'),
        scheduler: mb('scheduler'),
        controllerManager: mb('controller-manager'),
        lab: mb('lab'),
        supervisor: mb('supervisor'),
        sum,
        projected12: sum + (CLUSTER_PROCESSES - 5) * client,
        reference: mb('reference'),
        target: 80,
      },
      reference:
        "an idle `node -e 'setInterval(()=>{},1000)'`, same run; each component with its child processes; " +
        'projected12 counts the seven node processes still to come at the larger of scheduler and controller-manager',
    };
  } finally {
    reference.kill();
    // The supervisor stops its services before it exits; only then is the state dir free to go.
    await stopProcess(supervisor, 'SIGTERM', 15_000);
    rmSync(stateDir, { recursive: true, force: true });
  }
}

/** The pids the supervisor has written for its services (a missing one is an error: the bench is not idle). */
function servicePids(runDir: string): Record<string, number> {
  const pids: Record<string, number> = {};
  for (const name of SERVICES) {
    const file = join(runDir, `${name}.pid`);
    if (!existsSync(file)) throw new Error(`${name} is not running: see its log in ${runDir}/../logs`);
    pids[name] = Number(readFileSync(file, 'utf8'));
  }
  return pids;
}

/** The HTTP status url answers, 0 if none (the API server's certificate is the cluster's own: not checked here). */
function statusOf(url: string): Promise<number> {
  return new Promise((done) => {
    const req = (url.startsWith('https:') ? httpsGet : httpGet)(
      url,
      { rejectUnauthorized: false, timeout: 2_000 },
      (res) => {
        res.resume();
        done(res.statusCode ?? 0);
      },
    );
    req.on('error', () => done(0));
    req.on('timeout', () => req.destroy());
  });
}

async function waitFor(condition: () => Promise<boolean>, what: string, supervisor: ChildProcess): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if (supervisor.exitCode !== null) throw new Error(`kubelab supervise exited (${supervisor.exitCode})`);
    if (await condition()) return;
    await delay(100);
  }
  throw new Error(`${what} did not answer in 120 s`);
}

/** Resident memory of a process, with its descendants if asked (a PTY or esbuild then counts too), in MB. */
function rssMb(pid: number, descendants: boolean): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProc(`/proc/${entry}/stat`);
    const ppid = Number(stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid) children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  let kb = 0;
  const visit = (at: number) => {
    kb += Number(/VmRSS:\s+(\d+)/.exec(readProc(`/proc/${at}/status`) ?? '')?.[1] ?? 0);
    if (descendants) for (const child of children.get(at) ?? []) visit(child);
  };
  visit(pid);
  return kb / 1024;
}

function readProc(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
