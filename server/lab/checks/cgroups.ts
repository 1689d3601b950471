// Reading cgroups from a check, over both layouts the kernel offers:
//   v1: one hierarchy per controller, e.g. /sys/fs/cgroup/cpu/<path>/cpu.cfs_quota_us
//   v2: one unified tree,               e.g. /sys/fs/cgroup/<path>/cpu.max
// A cgroup, a process or a file that is not there is an answer (null), never an exception.
import { join } from 'node:path';
import { fileType, readText } from './files.js';
import { realClock, type Clock } from '../../client/clock.js';

export type CgroupVersion = 1 | 2;

/** The controllers the lessons look at. On v1 each one is its own hierarchy: a directory under the cgroup root. */
export type Controller = 'cpu' | 'cpuacct' | 'memory' | 'pids';

/** A limit as the kernel states it: a number, or 'max' when there is none. */
export type Limit = number | 'max';

/** CFS bandwidth: the cgroup may run `quotaUs` of CPU time in every `periodUs` of wall time. */
export interface CpuMax {
  quotaUs: Limit;
  periodUs: number;
}

/** v1 writes "no memory limit" as the largest page-aligned signed 64-bit number; anything this big means none. */
const V1_UNLIMITED = 2 ** 62;

/**
 * One API over cgroup v1 and v2. A cgroup is named by its path as /proc/<pid>/cgroup writes it ("/kubelab-cpu",
 * "/system.slice/docker-<id>.scope"). On v1 each method reads that path in the hierarchy of the controller it
 * is about (CPU usage in cpuacct, limits in cpu, memory or pids); on v2 there is one tree and `controller` is unused.
 */
export class Cgroups {
  constructor(
    private readonly root = '/sys/fs/cgroup',
    private readonly procRoot = '/proc',
    /** Times cpuShare's window; a fake one in tests, so the measured share does not depend on the machine's load. */
    private readonly clock: Clock = realClock,
  ) {}

  /** v2 when the root is a unified hierarchy (it has cgroup.controllers); v1 otherwise, hybrid systems included. */
  async version(): Promise<CgroupVersion> {
    return (await fileType(join(this.root, 'cgroup.controllers'))) === 'file' ? 2 : 1;
  }

  /** The directory holding the cgroup's files for `controller`. */
  async dir(path: string, controller: Controller): Promise<string> {
    return (await this.version()) === 2 ? join(this.root, path) : join(this.root, controller, path);
  }

  /** True when the cgroup exists (on v1: in the hierarchy of `controller`). */
  async exists(path: string, controller: Controller): Promise<boolean> {
    return (await fileType(await this.dir(path, controller))) === 'directory';
  }

  /** The cgroup `pid` belongs to (on v1: for `controller`), or null when the process is gone. */
  async pathOf(pid: number, controller: Controller): Promise<string | null> {
    const text = await readText(join(this.procRoot, String(pid), 'cgroup'));
    if (text === null) return null;
    const lines = parseProcCgroup(text);
    if ((await this.version()) === 2) return lines.find((line) => line.hierarchyId === 0)?.path ?? null;
    return lines.find((line) => line.controllers.includes(controller))?.path ?? null;
  }

  /** The processes in the cgroup itself (cgroup.procs, not its children), or null when it does not exist. */
  async procs(path: string, controller: Controller): Promise<number[] | null> {
    const text = await readText(join(await this.dir(path, controller), 'cgroup.procs'));
    if (text === null) return null;
    return text.split('\n').filter(Boolean).map(Number);
  }

  /**
   * The CPU quota and period: v2 cpu.max ("20000 100000", or "max 100000" for none); v1 cpu.cfs_quota_us (-1 for
   * none) and cpu.cfs_period_us.
   */
  async cpuMax(path: string): Promise<CpuMax | null> {
    const dir = await this.dir(path, 'cpu');
    if ((await this.version()) === 2) {
      const [quota, period] = (await readText(join(dir, 'cpu.max')))?.trim().split(/\s+/) ?? [];
      const quotaUs = quota === 'max' ? 'max' : toNumber(quota);
      const periodUs = toNumber(period);
      return quotaUs === null || periodUs === null ? null : { quotaUs, periodUs };
    }
    const quota = toNumber(await readText(join(dir, 'cpu.cfs_quota_us')));
    const periodUs = toNumber(await readText(join(dir, 'cpu.cfs_period_us')));
    if (quota === null || periodUs === null) return null;
    return { quotaUs: quota < 0 ? 'max' : quota, periodUs };
  }

  /** CPU time the cgroup has used since it was made, in µs: v2 cpu.stat usage_usec; v1 cpuacct.usage (ns). */
  async cpuUsageUsec(path: string): Promise<number | null> {
    if ((await this.version()) === 2) {
      return keyed(await readText(join(await this.dir(path, 'cpu'), 'cpu.stat')), 'usage_usec');
    }
    const ns = toNumber(await readText(join(await this.dir(path, 'cpuacct'), 'cpuacct.usage')));
    return ns === null ? null : Math.round(ns / 1000);
  }

  /**
   * The share of one CPU the cgroup used while we watched for `windowMs` (0.2 = 20 %), measured from its usage
   * counter, as `top` would but for the whole group. Null when the usage cannot be read.
   */
  async cpuShare(path: string, windowMs = 1000): Promise<number | null> {
    const before = await this.cpuUsageUsec(path);
    const start = this.clock.now();
    await new Promise((resolve) => this.clock.setTimeout(() => resolve(undefined), windowMs));
    const after = await this.cpuUsageUsec(path);
    const elapsedUs = (this.clock.now() - start) * 1000;
    if (before === null || after === null) return null;
    return (after - before) / elapsedUs;
  }

  /** The memory limit in bytes: v2 memory.max; v1 memory.limit_in_bytes (a huge number there means none). */
  async memoryMax(path: string): Promise<Limit | null> {
    const dir = await this.dir(path, 'memory');
    if ((await this.version()) === 2) return toLimit(await readText(join(dir, 'memory.max')));
    const bytes = toNumber(await readText(join(dir, 'memory.limit_in_bytes')));
    if (bytes === null) return null;
    return bytes >= V1_UNLIMITED ? 'max' : bytes;
  }

  /**
   * How many processes the OOM killer has killed because the cgroup hit its memory limit: v2 memory.events
   * oom_kill; v1 memory.oom_control oom_kill (kernel 4.13+). Kernels older than that only count hits of the limit
   * (memory.failcnt), so there the answer is 1 when the limit was ever hit and 0 otherwise.
   */
  async oomKills(path: string): Promise<number | null> {
    const dir = await this.dir(path, 'memory');
    if ((await this.version()) === 2) return keyed(await readText(join(dir, 'memory.events')), 'oom_kill');
    const kills = keyed(await readText(join(dir, 'memory.oom_control')), 'oom_kill');
    if (kills !== null) return kills;
    const failcnt = toNumber(await readText(join(dir, 'memory.failcnt')));
    return failcnt === null ? null : Math.min(failcnt, 1);
  }

  /** The most processes (and threads) the cgroup may hold: pids.max, the same file on v1 and v2. */
  async pidsMax(path: string): Promise<Limit | null> {
    return toLimit(await readText(join(await this.dir(path, 'pids'), 'pids.max')));
  }

  /** How many processes and threads the cgroup holds now: pids.current. */
  async pidsCurrent(path: string): Promise<number | null> {
    return toNumber(await readText(join(await this.dir(path, 'pids'), 'pids.current')));
  }

  /** How many times the kernel refused a fork() because of pids.max: the "max" line of pids.events. */
  async forkRefusals(path: string): Promise<number | null> {
    return keyed(await readText(join(await this.dir(path, 'pids'), 'pids.events')), 'max');
  }
}

/** One line of /proc/<pid>/cgroup: "4:memory:/kubelab-mem" on v1, "0::/kubelab-mem" on v2. */
export interface ProcCgroupLine {
  hierarchyId: number;
  controllers: string[];
  path: string;
}

/** Parses /proc/<pid>/cgroup. A v1 hierarchy may carry several controllers ("cpu,cpuacct"). */
export function parseProcCgroup(text: string): ProcCgroupLine[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [id = '', controllers = '', ...path] = line.split(':');
      return { hierarchyId: Number(id), controllers: controllers.split(',').filter(Boolean), path: path.join(':') };
    });
}

/** The number after `key` in a flat keyed file ("oom_kill 1", "usage_usec 5123"), or null. */
function keyed(text: string | null, key: string): number | null {
  const line = text?.split('\n').find((l) => l.split(/\s+/)[0] === key);
  return line === undefined ? null : toNumber(line.split(/\s+/)[1]);
}

function toNumber(text: string | null | undefined): number | null {
  if (text === null || text === undefined || !/^-?\d+$/.test(text.trim())) return null;
  return Number(text.trim());
}

function toLimit(text: string | null): Limit | null {
  return text?.trim() === 'max' ? 'max' : toNumber(text);
}
