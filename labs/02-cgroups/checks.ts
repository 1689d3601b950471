// Chapter 2 checks: each one reads the kernel's own cgroup files (through server/lab/checks/cgroups.ts), so what
// passes is what the kernel enforces, on cgroup v1 and v2 alike.
import { Cgroups, type Limit } from '../../server/lab/checks/cgroups.js';
import { runCommand } from '../../server/lab/checks/command.js';
import { criterion, defineChecks, expectEqual, type Criterion } from '../../server/lab/checks/define.js';

/** The names and numbers the lesson asks for. */
export const CPU_CGROUP = '/kubelab-cpu';
export const MEMORY_CGROUP = '/kubelab-mem';
export const PIDS_CGROUP = '/kubelab-pids';
export const CONTAINER = 'kubelab-capped';
const QUOTA_US = 20_000;
const PERIOD_US = 100_000;
const MEMORY_LIMIT = 50 * 1024 * 1024;
const PIDS_LIMIT = 10;
/** Over a 1 s window a 20 % cap may show a little more (a period straddles each edge): allow up to 25 %. */
const MAX_SHARE = 0.25;
/** Below this nothing is really running in the group. */
const MIN_SHARE = 0.01;

export default defineChecks([
  {
    id: 'cpu-quota',
    title: 'A busy loop held at 20 % of a CPU',
    points: 10,
    hint:
      'Write the quota and period into kubelab-cpu (v2: cpu.max, v1: cpu.cfs_quota_us and cpu.cfs_period_us), keep ' +
      'the busy loop running, and put its PID into cgroup.procs. On v1, put it into cpuacct/kubelab-cpu as well: ' +
      'that is where its CPU usage is counted.',
    async run() {
      const cgroups = new Cgroups();
      if (!(await cgroups.exists(CPU_CGROUP, 'cpu'))) return [missingCgroup(CPU_CGROUP)];
      const max = await cgroups.cpuMax(CPU_CGROUP);
      const procs = (await cgroups.procs(CPU_CGROUP, 'cpu')) ?? [];
      const share = await cgroups.cpuShare(CPU_CGROUP, 1000);
      return [
        expectEqual('CPU quota of kubelab-cpu (µs of CPU time per period)', QUOTA_US, max?.quotaUs),
        expectEqual('CPU period of kubelab-cpu (µs)', PERIOD_US, max?.periodUs),
        criterion('processes in kubelab-cpu', procs.length > 0, 'at least one', pidList(procs)),
        criterion(
          'CPU time kubelab-cpu used during 1 s',
          share !== null && share >= MIN_SHARE && share <= MAX_SHARE,
          `between ${percent(MIN_SHARE)} and ${percent(MAX_SHARE)} of one CPU (something runs, and the cap holds)`,
          share === null ? 'no CPU usage counter for kubelab-cpu' : `${percent(share)} of one CPU`,
        ),
      ];
    },
  },
  {
    id: 'memory-oom',
    title: 'A process killed for crossing a 50 MiB memory limit',
    points: 10,
    hint:
      'Set the limit of kubelab-mem (v2: memory.max, v1: memory.limit_in_bytes) to 50M, then run a process inside ' +
      'it that touches more memory than that. The kernel counts the kill in memory.events (v2) or ' +
      'memory.oom_control (v1).',
    async run() {
      const cgroups = new Cgroups();
      if (!(await cgroups.exists(MEMORY_CGROUP, 'memory'))) return [missingCgroup(MEMORY_CGROUP)];
      const limit = await cgroups.memoryMax(MEMORY_CGROUP);
      const kills = await cgroups.oomKills(MEMORY_CGROUP);
      return [
        expectEqual('memory limit of kubelab-mem', bytes(MEMORY_LIMIT), limit === null ? null : bytes(limit)),
        criterion('processes the OOM killer ended in kubelab-mem', (kills ?? 0) >= 1, 'at least 1', kills),
      ];
    },
  },
  {
    id: 'pids-limit',
    title: 'A fork refused by a limit of 10 processes',
    points: 10,
    hint:
      'Write 10 into pids.max of kubelab-pids, then make a process in that cgroup fork more children than the ' +
      'limit allows. pids.events counts every fork the kernel refused.',
    async run() {
      const cgroups = new Cgroups();
      if (!(await cgroups.exists(PIDS_CGROUP, 'pids'))) return [missingCgroup(PIDS_CGROUP)];
      const max = await cgroups.pidsMax(PIDS_CGROUP);
      const refused = await cgroups.forkRefusals(PIDS_CGROUP);
      return [
        expectEqual('pids.max of kubelab-pids', PIDS_LIMIT, max),
        criterion(
          'forks refused by the limit (the "max" line of pids.events)',
          (refused ?? 0) >= 1,
          'at least 1',
          refused,
        ),
      ];
    },
  },
  {
    id: 'docker-cpu-quota',
    title: "Docker's --cpu-quota is a cgroup file",
    points: 10,
    hint:
      'Start the container with `docker run -d --name kubelab-capped --cpu-quota=20000 busybox sleep 3600`. ' +
      'If one with that name already runs without the flag, remove it first with `docker rm -f kubelab-capped`.',
    async run() {
      const inspect = await runCommand(['docker', 'inspect', '-f', '{{.State.Running}} {{.State.Pid}}', CONTAINER]);
      const [running, pidText] = inspect.stdout.trim().split(' ');
      const pid = Number(pidText);
      if (inspect.code !== 0 || running !== 'true' || !(pid > 0)) {
        const found = inspect.code === 0 ? 'not running' : firstLine(inspect.stderr) || 'no such container';
        return [criterion(`container ${CONTAINER} is running`, false, 'running', found)];
      }
      const cgroups = new Cgroups();
      const path = await cgroups.pathOf(pid, 'cpu');
      const max = path === null ? null : await cgroups.cpuMax(path);
      return [
        criterion(`container ${CONTAINER} is running`, true, 'running', `running, its process is PID ${pid}`),
        criterion(`cgroup of PID ${pid} (from /proc/${pid}/cgroup)`, path !== null, 'a cgroup', path),
        expectEqual("CPU quota in the container's cgroup (µs per period)", QUOTA_US, max?.quotaUs),
        expectEqual("CPU period in the container's cgroup (µs)", PERIOD_US, max?.periodUs),
      ];
    },
  },
]);

function missingCgroup(path: string): Criterion {
  return criterion(`cgroup ${path.slice(1)} exists`, false, 'a directory made with mkdir', 'no such cgroup');
}

function pidList(pids: number[]): string {
  return pids.length === 0 ? 'none' : `${pids.length} (PID ${pids.join(', ')})`;
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}

function bytes(limit: Limit): string {
  if (limit === 'max') return 'no limit (max)';
  return limit % (1024 * 1024) === 0 ? `${limit / 1024 / 1024} MiB` : `${limit} bytes`;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
