// Chapter 3 for real: the solution builds a rootfs, pivot_roots a process into it, stacks an overlay and mounts a
// volume; every check passes on that state and each one fails on a state a student could plausibly leave behind.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { chapterUnderTest, failures } from '../../support/chapter.js';

const chapter = chapterUnderTest('03-rootfs');
const { bash, failedCriteria } = chapter;

/** Kills the processes whose root is ./rootfs, as the teardown does, and waits until none is left. */
const STOP_CONTAINER = `
  want=$(stat -c %d:%i rootfs)
  for p in /proc/[0-9]*; do
    [ "$(stat -L -c %d:%i "$p/root" 2>/dev/null)" = "$want" ] && kill -KILL "\${p#/proc/}" 2>/dev/null || true
  done`;

async function stopContainer(): Promise<void> {
  await vi.waitFor(
    async () => {
      const { stdout } = await bash(`${STOP_CONTAINER}\n for p in /proc/[0-9]*; do
        [ "$(stat -L -c %d:%i "$p/root" 2>/dev/null)" = "$want" ] && echo "\${p#/proc/}"; done; true`);
      expect(stdout.trim()).toBe('');
    },
    { timeout: 30_000, interval: 100 },
  );
}

/** Starts a detached process in ./rootfs like the lesson's container cell, minus the step a variant leaves out. */
async function startContainer(variant: 'chroot-only' | 'old-root-kept' | 'no-volume'): Promise<void> {
  const body = {
    'chroot-only': `exec chroot rootfs /bin/sh -c "while true; do sleep 3600; done"`,
    'old-root-kept': `mount --bind rootfs rootfs; mount --bind volume rootfs/data; cd rootfs; mkdir -p .old-root
      pivot_root . .old-root; cd /; exec /bin/sh -c "while true; do sleep 3600; done"`,
    'no-volume': `mount --bind rootfs rootfs; cd rootfs; mkdir -p .old-root; pivot_root . .old-root; cd /
      umount -l /.old-root; rmdir /.old-root; exec /bin/sh -c "while true; do sleep 3600; done"`,
  }[variant];
  await bash(`setsid -f unshare --mount --fork bash -euc 'echo $$ > container.pid; ${body}' >/dev/null 2>&1`);
  await vi.waitFor(
    async () => {
      const { stdout } = await bash(
        `pid=$(cat container.pid); [ "$(stat -L -c %d:%i /proc/$pid/root)" = "$(stat -c %d:%i rootfs)" ] && echo ok`,
      );
      expect(stdout.trim()).toBe('ok');
    },
    { timeout: 30_000, interval: 100 },
  );
}

describe('chapter 3: rootfs', () => {
  beforeEach(async () => {
    await chapter.setup();
  });

  it('passes every check once the solution has run', async () => {
    const results = await chapter.results();
    expect(Object.keys(results).sort()).toEqual(['overlay', 'pivot-root', 'rootfs', 'volume']);
    expect(failures(results)).toEqual({});
  });

  it('passes again when the solution runs a second time over its own state', async () => {
    await chapter.setup();
    expect(failures(await chapter.results())).toEqual({});
  });

  it('fails every check once the teardown has removed it all', async () => {
    await chapter.teardown();
    const results = await chapter.results();
    expect(Object.values(results).filter((r) => r.passed)).toEqual([]);
    const { stdout } = await bash('ls -A; grep -c "$(pwd -P)/" /proc/self/mountinfo || true');
    expect(stdout.trim()).toBe('0');
  });

  it('fails the rootfs check when rootfs/bin/sh is missing', async () => {
    await bash('rm rootfs/bin/sh');
    expect(await failedCriteria('rootfs')).toEqual([
      'rootfs/bin/sh leads to busybox',
      "chroot rootfs /bin/sh -c 'echo ok' prints",
      'chroot rootfs /bin/ls / lists the rootfs',
    ]);
  });

  it('fails the rootfs check when busybox is not executable', async () => {
    await bash('chmod a-x rootfs/bin/busybox');
    expect(await failedCriteria('rootfs')).toContain('rootfs/bin/busybox is an executable file');
  });

  it('fails the pivot-root check for a process that only chrooted into the rootfs', async () => {
    await stopContainer();
    await startContainer('chroot-only');
    expect(await failedCriteria('pivot-root')).toEqual(['its / is a mount of rootfs (pivot_root, not chroot)']);
  });

  it('fails the pivot-root check while the old root is still mounted in the container', async () => {
    await stopContainer();
    await startContainer('old-root-kept');
    expect(await failedCriteria('pivot-root')).toEqual(['the old root is unmounted']);
  });

  it('fails the pivot-root and volume checks when no process lives in the rootfs', async () => {
    await stopContainer();
    const results = await chapter.results();
    expect(Object.keys(failures(results)).sort()).toEqual(['pivot-root', 'volume']);
  });

  it('fails the overlay check for an overlay with a single lower layer', async () => {
    await bash(`umount merged
      mount -t overlay overlay -o "lowerdir=$PWD/layers/lower1,upperdir=$PWD/layers/upper,workdir=$PWD/layers/work" merged`);
    expect(await failedCriteria('overlay')).toEqual(['number of read-only lower layers']);
  });

  it('fails the overlay check when the lower layer was changed directly instead of through merged', async () => {
    await bash(`umount merged; rm -rf layers/upper/* layers/work/*
      echo 'changed in the container' >> layers/lower1/greeting.txt; rm layers/lower1/notes.txt
      mount -t overlay overlay -o "lowerdir=layers/lower2:layers/lower1,upperdir=layers/upper,workdir=layers/work" merged`);
    expect(await failedCriteria('overlay')).toEqual([
      'greeting.txt in the lower layer is untouched',
      'greeting.txt was copied up and changed',
      'merged shows the changed greeting.txt',
      'notes.txt is still in its lower layer',
      'upper/notes.txt is a whiteout',
    ]);
  });

  it('fails the overlay check when nothing is mounted on merged', async () => {
    await bash('umount merged');
    expect(await failedCriteria('overlay')).toEqual(['an overlay is mounted on merged']);
  });

  it('fails the volume check when the container has no volume and writes into its rootfs', async () => {
    await stopContainer();
    await bash('rm volume/hello.txt');
    await startContainer('no-volume');
    await bash('nsenter --target "$(cat container.pid)" --mount --root sh -c "echo lost > /data/hello.txt"');
    expect(await failedCriteria('volume')).toEqual([
      "/data in the container's mount table is the volume directory",
      'volume/hello.txt on the host',
      '/data/hello.txt in the container is that same file',
      'the rootfs itself stays clean: rootfs/data/hello.txt',
    ]);
  });

  it('fails the volume check when the volume is also mounted on the host', async () => {
    await bash('mount --bind volume rootfs/data');
    expect(await failedCriteria('volume')).toContain(
      'the host does not see the mount (it lives in the container’s namespace)',
    );
  });
});
