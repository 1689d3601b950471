// Chapter 2 against the real kernel and Docker engine: the solution passes every check, and each check fails on a
// state that is wrong in one specific way. Runs as root, on cgroup v1 or v2.
import { execFile } from 'node:child_process';
import { mkdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { Cgroups, type Controller } from '../../../server/lab/checks/cgroups.js';
import { chapterUnderTest, explain, failedNames as failed } from '../../support/chapter.js';

const CHECK_IDS = ['cpu-quota', 'memory-oom', 'pids-limit', 'docker-cpu-quota'];
const chapter = chapterUnderTest('02-cgroups');

describe('chapter 02-cgroups', () => {
  const cgroups = new Cgroups();
  const { setup, teardown } = chapter;
  const check = (id: string) => chapter.result(id);
  const docker = (...args: string[]) => promisify(execFile)('docker', args);

  /** Replaces a cgroup with a fresh, empty one (its event counters start again at 0) holding `files`. */
  async function recreate(name: string, controller: Controller, files: Record<string, string>) {
    const dir = await cgroups.dir(`/${name}`, controller);
    // A cgroup can be removed only once its last process is gone, which may take the kernel a moment.
    await vi.waitFor(
      async () => {
        for (const pid of (await readFile(join(dir, 'cgroup.procs'), 'utf8').catch(() => '')).split('\n')) {
          if (pid) process.kill(Number(pid), 'SIGKILL');
        }
        await rmdir(dir).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
        });
      },
      { timeout: 30_000, interval: 100 },
    );
    await mkdir(dir);
    for (const [file, value] of Object.entries(files)) await writeFile(join(dir, file), value);
  }

  beforeAll(async () => {
    await teardown();
    await setup();
    await setup(); // a second run must leave the same passing state
  });

  it('passes every check once the solution is set up (twice)', async () => {
    const results = await chapter.results();
    expect(Object.keys(results).sort()).toEqual([...CHECK_IDS].sort());
    for (const id of CHECK_IDS) expect(results[id]?.passed, explain(results[id])).toBe(true);
  });

  it('fails the CPU check when the quota is 50000 instead of 20000', async () => {
    const dir = await cgroups.dir('/kubelab-cpu', 'cpu');
    if ((await cgroups.version()) === 2) await writeFile(join(dir, 'cpu.max'), '50000 100000');
    else await writeFile(join(dir, 'cpu.cfs_quota_us'), '50000');
    const result = await check('cpu-quota');
    expect(result?.passed, explain(result)).toBe(false);
    expect(failed(result)).toContain('CPU quota of kubelab-cpu (µs of CPU time per period)');
    await setup();
  });

  it('fails the CPU check when nothing runs in the cgroup', async () => {
    for (const pid of (await cgroups.procs('/kubelab-cpu', 'cpu')) ?? []) process.kill(pid, 'SIGKILL');
    await vi.waitFor(async () => expect(await cgroups.procs('/kubelab-cpu', 'cpu')).toEqual([]), { timeout: 30_000 });
    const result = await check('cpu-quota');
    expect(result?.passed, explain(result)).toBe(false);
    expect(failed(result)).toEqual(['processes in kubelab-cpu', 'CPU time kubelab-cpu used during 1 s']);
    await setup();
  });

  it('fails the memory check while the limited cgroup has not recorded an OOM kill', async () => {
    const v2 = (await cgroups.version()) === 2;
    await recreate('kubelab-mem', 'memory', { [v2 ? 'memory.max' : 'memory.limit_in_bytes']: '50M' });
    const result = await check('memory-oom');
    expect(result?.passed, explain(result)).toBe(false);
    expect(failed(result)).toEqual(['processes the OOM killer ended in kubelab-mem']);
    await setup();
  });

  it('fails the memory check when the limit is not 50 MiB', async () => {
    const v2 = (await cgroups.version()) === 2;
    const dir = await cgroups.dir('/kubelab-mem', 'memory');
    // Lower, not higher: on v1 the limit may not exceed memory.memsw.limit_in_bytes, which setup set to 50M too.
    await writeFile(join(dir, v2 ? 'memory.max' : 'memory.limit_in_bytes'), '20M');
    const result = await check('memory-oom');
    expect(result?.passed, explain(result)).toBe(false);
    expect(failed(result)).toEqual(['memory limit of kubelab-mem']);
    await setup();
  });

  it('fails the pids check while no fork has been refused', async () => {
    await recreate('kubelab-pids', 'pids', { 'pids.max': '10' });
    const result = await check('pids-limit');
    expect(result?.passed, explain(result)).toBe(false);
    expect(failed(result)).toEqual(['forks refused by the limit (the "max" line of pids.events)']);
    await setup();
  });

  it('fails the pids check when pids.max is not 10', async () => {
    await writeFile(join(await cgroups.dir('/kubelab-pids', 'pids'), 'pids.max'), 'max');
    const result = await check('pids-limit');
    expect(result?.passed, explain(result)).toBe(false);
    expect(failed(result)).toEqual(['pids.max of kubelab-pids']);
    await setup();
  });

  it('fails the Docker check when the container runs without --cpu-quota', async () => {
    await docker('rm', '-f', 'kubelab-capped');
    await docker('run', '-d', '--name', 'kubelab-capped', 'busybox', 'sleep', '3600');
    const result = await check('docker-cpu-quota');
    expect(result?.passed, explain(result)).toBe(false);
    expect(failed(result)).toEqual(["CPU quota in the container's cgroup (µs per period)"]);
    await setup();
  });

  it('fails every check after the teardown, which can run twice', async () => {
    await teardown();
    await teardown();
    const results = await chapter.results();
    for (const id of CHECK_IDS) expect(results[id]?.passed, explain(results[id])).toBe(false);
    expect(failed(results['docker-cpu-quota'])).toEqual(['container kubelab-capped is running']);
  });
});
