// `./kubelab status` as a student types it (the bash entry, its setup checks, then the CLI), on a state dir where
// nothing runs, so it answers at once. Reference in the same run: `node -e 0`, the floor of any node command.
// CPU time is reported beside wall time: on a loaded machine it is the steadier figure.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './child-process.js';
import { percentile, type BenchResult } from './stats.js';

const ROOT = resolve(import.meta.dirname, '..');
const RUNS = 7;

interface Times {
  wall: number[];
  /** User + system CPU of the command and its children: what a loaded machine does not inflate. */
  cpu: number[];
}

/** Times of RUNS runs of argv, in ms (through bash's `times`); a first warm-up run is not counted. */
function timesOf(argv: string[], env: NodeJS.ProcessEnv): Times {
  const times: Times = { wall: [], cpu: [] };
  for (let i = 0; i <= RUNS; i++) {
    const started = performance.now();
    const result = spawnSync('bash', ['-c', '"$@" >/dev/null 2>&1; times', '_', ...argv], { env, encoding: 'utf8' });
    if (result.error) throw result.error;
    const wall = performance.now() - started;
    // `times` prints the shell's own user and system time, then its children's: "0m0.127s 0m0.035s".
    const children = result.stdout.trim().split('\n')[1] ?? '';
    const cpu = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce(
      (sum, [, m, s]) => sum + Number(m) * 60 + Number(s),
      0,
    );
    if (i > 0) {
      times.wall.push(wall);
      times.cpu.push(cpu * 1000);
    }
  }
  return times;
}

export async function statusStartup(): Promise<BenchResult> {
  const stateDir = mkdtempSync(join(tmpdir(), 'kubelab-bench-'));
  const env = {
    ...process.env,
    KUBELAB_STATE_DIR: stateDir,
    KUBELAB_LAB_PORT: String(await freePort()),
    KUBELAB_APISERVER_PORT: String(await freePort()),
  };
  let status: Times, node: Times;
  try {
    status = timesOf([join(ROOT, 'kubelab'), 'status'], env);
    node = timesOf([process.execPath, '-e', '0'], env);
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
  const median = percentile(status.wall, 50);
  const reference = percentile(node.wall, 50);
  return {
    name: 'kubelab status wall time',
    unit: 'ms',
    runs: RUNS,
    figures: {
      median,
      min: Math.min(...status.wall),
      max: Math.max(...status.wall),
      referenceMedian: reference,
      ratioToReference: median / reference,
      cpuMedian: percentile(status.cpu, 50),
      referenceCpuMedian: percentile(node.cpu, 50),
      target: 300,
    },
    reference: '`node -e 0`, same machine, same run (wall and CPU, each through bash)',
  };
}
