import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Cgroups, parseProcCgroup } from '../../../server/lab/checks/cgroups.js';
import type { Clock } from '../../../server/client/clock.js';
import { FakeClock } from '../../support/fake-clock.js';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures');

/** A Cgroups reader over one of the fake trees: test/fixtures/cgroup-v<n>/{cgroup,proc}. */
function fixture(version: 1 | 2, root = join(FIXTURES, `cgroup-v${version}`), clock?: Clock): Cgroups {
  return new Cgroups(join(root, 'cgroup'), join(root, 'proc'), clock);
}

describe('Cgroups', () => {
  it.each([1, 2] as const)('detects cgroup v%i from the layout of the root', async (version) => {
    expect(await fixture(version).version()).toBe(version);
  });

  it.each([
    { version: 1, path: '/kubelab-cpu', controller: 'cpu', dir: 'cgroup/cpu/kubelab-cpu' },
    { version: 1, path: '/kubelab-cpu', controller: 'cpuacct', dir: 'cgroup/cpuacct/kubelab-cpu' },
    { version: 2, path: '/kubelab-cpu', controller: 'cpu', dir: 'cgroup/kubelab-cpu' },
    { version: 2, path: '/kubelab-cpu', controller: 'memory', dir: 'cgroup/kubelab-cpu' },
  ] as const)('places $path for $controller on v$version in $dir', async ({ version, path, controller, dir }) => {
    expect(await fixture(version).dir(path, controller)).toBe(join(FIXTURES, `cgroup-v${version}`, dir));
  });

  it.each([
    { version: 1, pid: 4242, controller: 'cpu', path: '/kubelab-cpu' },
    { version: 1, pid: 4242, controller: 'memory', path: '/' },
    { version: 1, pid: 5151, controller: 'cpu', path: '/docker/0123abcd' },
    { version: 1, pid: 6161, controller: 'cpuacct', path: '/kubelab-cpu' },
    { version: 1, pid: 6161, controller: 'pids', path: '/kubelab-pids' },
    { version: 1, pid: 9999, controller: 'cpu', path: null },
    { version: 2, pid: 4242, controller: 'cpu', path: '/kubelab-cpu' },
    { version: 2, pid: 4242, controller: 'memory', path: '/kubelab-cpu' },
    { version: 2, pid: 5151, controller: 'cpu', path: '/system.slice/docker-0123abcd.scope' },
    { version: 2, pid: 9999, controller: 'cpu', path: null },
  ] as const)(
    'finds the $controller cgroup of PID $pid on v$version: $path',
    async ({ version, pid, controller, path }) => {
      expect(await fixture(version).pathOf(pid, controller)).toBe(path);
    },
  );

  it.each([
    { version: 1, path: '/kubelab-cpu', want: { quotaUs: 20000, periodUs: 100000 } },
    { version: 1, path: '/unlimited', want: { quotaUs: 'max', periodUs: 100000 } },
    { version: 1, path: '/docker/0123abcd', want: { quotaUs: 20000, periodUs: 100000 } },
    { version: 1, path: '/missing', want: null },
    { version: 2, path: '/kubelab-cpu', want: { quotaUs: 20000, periodUs: 100000 } },
    { version: 2, path: '/unlimited', want: { quotaUs: 'max', periodUs: 100000 } },
    { version: 2, path: '/system.slice/docker-0123abcd.scope', want: { quotaUs: 20000, periodUs: 100000 } },
    { version: 2, path: '/missing', want: null },
  ] as const)('reads the CPU quota of $path on v$version', async ({ version, path, want }) => {
    expect(await fixture(version).cpuMax(path)).toEqual(want);
  });

  it.each([
    { version: 1, path: '/kubelab-cpu', usec: 2_500_000 },
    { version: 1, path: '/missing', usec: null },
    { version: 2, path: '/kubelab-cpu', usec: 2_500_000 },
    { version: 2, path: '/missing', usec: null },
  ] as const)('reads the CPU usage of $path on v$version in µs', async ({ version, path, usec }) => {
    expect(await fixture(version).cpuUsageUsec(path)).toBe(usec);
  });

  it.each([
    { version: 1, path: '/kubelab-mem', limit: 52428800, ooms: 2 },
    { version: 1, path: '/unlimited', limit: 'max', ooms: 0 },
    { version: 1, path: '/old-kernel', limit: 52428800, ooms: 1 },
    { version: 1, path: '/missing', limit: null, ooms: null },
    { version: 2, path: '/kubelab-mem', limit: 52428800, ooms: 1 },
    { version: 2, path: '/unlimited', limit: 'max', ooms: 0 },
    { version: 2, path: '/missing', limit: null, ooms: null },
  ] as const)('reads memory limit $limit and $ooms OOM kills for $path on v$version', async (row) => {
    const cgroups = fixture(row.version);
    expect(await cgroups.memoryMax(row.path)).toBe(row.limit);
    expect(await cgroups.oomKills(row.path)).toBe(row.ooms);
  });

  it.each([
    { version: 1, path: '/kubelab-pids', max: 10, current: 1, refused: 3 },
    { version: 1, path: '/unlimited', max: 'max', current: 0, refused: 0 },
    { version: 1, path: '/missing', max: null, current: null, refused: null },
    { version: 2, path: '/kubelab-pids', max: 10, current: 10, refused: 5 },
    { version: 2, path: '/unlimited', max: 'max', current: 0, refused: 0 },
    { version: 2, path: '/missing', max: null, current: null, refused: null },
  ] as const)('reads pids.max $max and $refused refused forks for $path on v$version', async (row) => {
    const cgroups = fixture(row.version);
    expect(await cgroups.pidsMax(row.path)).toBe(row.max);
    expect(await cgroups.pidsCurrent(row.path)).toBe(row.current);
    expect(await cgroups.forkRefusals(row.path)).toBe(row.refused);
  });

  it.each([
    { version: 1, path: '/kubelab-cpu', exists: true, procs: [4242, 4243] },
    { version: 1, path: '/unlimited', exists: true, procs: [] },
    { version: 1, path: '/missing', exists: false, procs: null },
    { version: 2, path: '/kubelab-cpu', exists: true, procs: [4242] },
    { version: 2, path: '/kubelab-mem', exists: true, procs: [] },
    { version: 2, path: '/missing', exists: false, procs: null },
  ] as const)('lists the processes of $path on v$version', async ({ version, path, exists, procs }) => {
    const cgroups = fixture(version);
    expect(await cgroups.exists(path, 'cpu')).toBe(exists);
    expect(await cgroups.procs(path, 'cpu')).toEqual(procs);
  });

  describe('cpuShare', () => {
    let scratch: string | undefined;
    afterEach(async () => {
      if (scratch) await rm(scratch, { recursive: true, force: true });
      scratch = undefined;
    });

    it.each([1, 2] as const)('is 0 on v%i when the usage counter does not move', async (version) => {
      expect(await fixture(version).cpuShare('/kubelab-cpu', 20)).toBe(0);
    });

    it.each([1, 2] as const)('is null on v%i when the cgroup has no usage counter', async (version) => {
      expect(await fixture(version).cpuShare('/missing', 20)).toBeNull();
    });

    it('divides the CPU time used during the window by the time that passed', async () => {
      scratch = await mkdtemp(join(tmpdir(), 'kubelab-cgroups-'));
      await cp(join(FIXTURES, 'cgroup-v2'), scratch, { recursive: true });
      const stat = join(scratch, 'cgroup', 'kubelab-cpu', 'cpu.stat');
      const clock = new FakeClock();
      const share = fixture(2, scratch, clock).cpuShare('/kubelab-cpu', 400);
      // Once the first reading is taken and the window has begun, 100 ms of CPU time is used in its 400 ms: 25 %.
      await expect.poll(() => clock.pending(), { timeout: 10_000 }).toBe(1);
      await writeFile(stat, 'usage_usec 2600000\n');
      clock.advance(400);
      expect(await share).toBe(0.25);
    });
  });
});

describe('parseProcCgroup', () => {
  it('splits a v1 line that carries several controllers', () => {
    expect(parseProcCgroup('3:cpu,cpuacct:/kubelab-cpu\n0::/\n')).toEqual([
      { hierarchyId: 3, controllers: ['cpu', 'cpuacct'], path: '/kubelab-cpu' },
      { hierarchyId: 0, controllers: [], path: '/' },
    ]);
  });

  it('keeps a path that itself contains a colon', () => {
    expect(parseProcCgroup('0::/odd:name\n')).toEqual([{ hierarchyId: 0, controllers: [], path: '/odd:name' }]);
  });
});
