// Chapter 3 checks: the rootfs, the process that pivot_root'ed into it, the overlay layers, the volume.
// Everything is read from the real system: files under the working directory, /proc/<pid>/root and
// /proc/<pid>/mountinfo of the processes that live in the rootfs, and our own mount table.
import { lstat, readlink, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { runCommand } from '../../server/lab/checks/command.js';
import { criterion, defineChecks, expectEqual, type Criterion } from '../../server/lab/checks/define.js';
import { fileType, readText } from '../../server/lab/checks/files.js';
import {
  findByMountPoint,
  overlayLayers,
  pathInFilesystem,
  readMountInfo,
  resolveLayerPath,
  type MountInfo,
} from '../../server/lab/checks/mounts.js';
import { ProcReader } from '../../server/lab/checks/proc.js';

/** What the lesson writes into the bottom layer before the overlay is mounted. */
const GREETING = 'hello from the base layer';

const NOT_RUN = { ok: false, output: 'not run: rootfs/bin/busybox or rootfs/bin/sh is missing' };

export default defineChecks([
  {
    id: 'rootfs',
    title: 'A busybox rootfs you can chroot into',
    points: 10,
    hint: 'Copy the static /bin/busybox to rootfs/bin, let it install its applet links (busybox --install -s /bin, run inside the chroot), and create rootfs/dev, rootfs/etc and rootfs/proc.',
    async run({ workDir }) {
      const rootfs = join(workDir, 'rootfs');
      const busybox = join(rootfs, 'bin/busybox');
      const info = await lstat(busybox).catch(() => null);
      const shTarget = await resolveInside(rootfs, '/bin/sh');
      // Only try the chroot when there is something to run: a missing program is already a failed criterion.
      const runnable = info !== null && info.isFile() && shTarget !== null;
      const shell = runnable ? await inChroot(rootfs, ['/bin/sh', '-c', 'echo ok']) : NOT_RUN;
      const ls = runnable ? await inChroot(rootfs, ['/bin/ls', '/']) : NOT_RUN;
      const dirs = [];
      for (const dir of ['dev', 'etc', 'proc']) {
        if ((await fileType(join(rootfs, dir))) === 'directory') dirs.push(dir);
      }
      return [
        criterion(
          'rootfs/bin/busybox is an executable file',
          info !== null && info.isFile() && (info.mode & 0o111) !== 0,
          'a regular file with x permission',
          info === null ? 'nothing' : `${await fileType(busybox)}, mode ${(info.mode & 0o777).toString(8)}`,
        ),
        criterion(
          'rootfs/bin/sh leads to busybox',
          shTarget !== null && (await sameFile(shTarget, busybox)),
          'a link to /bin/busybox inside the rootfs',
          shTarget === null ? 'nothing' : shTarget.slice(rootfs.length) || '/',
        ),
        expectEqual('rootfs has the directories dev, etc and proc', 'dev, etc, proc', dirs.join(', ')),
        expectEqual("chroot rootfs /bin/sh -c 'echo ok' prints", 'ok', shell.output),
        criterion(
          'chroot rootfs /bin/ls / lists the rootfs',
          ls.ok && ls.output.split(/\s+/).includes('bin'),
          'a listing that includes bin',
          ls.output.split(/\s+/).join(' '),
        ),
      ];
    },
  },
  {
    id: 'pivot-root',
    title: 'A process living in the rootfs after pivot_root',
    points: 10,
    hint: 'In unshare --mount --fork: make / private, bind-mount rootfs onto itself, cd into it, pivot_root . .old-root, then umount -l /.old-root, and exec a long-running /bin/sh from the new root in a background cell.',
    async run({ workDir }) {
      const container = await findContainer(workDir);
      return container.criteria;
    },
  },
  {
    id: 'overlay',
    title: 'Copy-on-write and a whiteout on an overlay of two layers',
    points: 10,
    hint: 'Mount with -o lowerdir=<lower2>:<lower1>,upperdir=<upper>,workdir=<work> on merged; then change greeting.txt and delete notes.txt through merged, never in the layers themselves.',
    async run({ workDir }) {
      return overlayCriteria(workDir);
    },
  },
  {
    id: 'volume',
    title: 'A host directory bind-mounted into the container as a volume',
    points: 10,
    hint: 'Before pivot_root, inside the new mount namespace: mount --bind volume rootfs/data. Then write /data/hello.txt from inside the container (nsenter --target <pid> --mount --root).',
    async run({ workDir }) {
      return volumeCriteria(workDir);
    },
  },
]);

/** The criteria of the pivot-root check, and the process that met the most of them (the "container"). */
interface Container {
  pid: number | null;
  ppid: number;
  mounts: MountInfo[];
  criteria: Criterion[];
}

/**
 * Finds the processes whose root directory is <workDir>/rootfs (by device and inode: /proc/<pid>/root reads
 * "/" for a process that pivot_root'ed, so its name says nothing) and judges the best of them.
 */
async function findContainer(workDir: string): Promise<Container> {
  const rootfs = join(workDir, 'rootfs');
  const candidates = await processesRootedAt(rootfs);
  const self = await readMountInfo('self');
  const ownNamespace = await new ProcReader().namespace(process.pid, 'mnt');
  if (candidates.length === 0) {
    return {
      pid: null,
      ppid: 0,
      mounts: [],
      criteria: [criterion('a process whose root directory is rootfs', false, 'at least one running', 'none')],
    };
  }
  // The best-judged one wins; on a tie, one started inside the rootfs (the shell, not the unshare that forked it).
  const rank = (c: Container) => 2 * c.criteria.filter((x) => x.passed).length + (candidates.includes(c.ppid) ? 1 : 0);
  let best: Container | null = null;
  for (const pid of candidates.slice(0, 20)) {
    const judged = await judgeContainer(pid, rootfs, self ?? [], ownNamespace);
    if (!best || rank(judged) > rank(best)) best = judged;
  }
  return best as Container;
}

async function judgeContainer(
  pid: number,
  rootfs: string,
  hostMounts: MountInfo[],
  hostNamespace: string | null,
): Promise<Container> {
  const proc = new ProcReader();
  const info = await proc.process(pid);
  const namespace = await proc.namespace(pid, 'mnt');
  const mounts = (await readMountInfo(pid)) ?? [];
  const root = findByMountPoint(mounts, '/');
  const expected = pathInFilesystem(hostMounts, await realpath(rootfs).catch(() => rootfs));
  const hostRoot = findByMountPoint(hostMounts, '/');
  const oldRoots = hostRoot ? mounts.filter((m) => sameSource(m, hostRoot) && m.root === hostRoot.root) : [];
  const criteria = [
    criterion('a process whose root directory is rootfs', true, 'at least one running', `PID ${pid} (${info?.comm})`),
    criterion(
      'it has a mount namespace of its own',
      namespace !== null && namespace !== hostNamespace,
      `not the lab's ${hostNamespace}`,
      namespace,
    ),
    criterion(
      'its / is a mount of rootfs (pivot_root, not chroot)',
      root !== undefined && expected !== null && sameSource(root, expected.mount) && root.root === expected.root,
      `${expected?.root ?? rootfs} mounted on /`,
      root ? `${root.root} mounted on /` : 'no mount on / (a chroot only hides the mounts above it)',
    ),
    criterion(
      'the old root is unmounted',
      oldRoots.length === 0,
      "no mount of the host's / left in its table",
      oldRoots.length ? `still mounted on ${oldRoots.map((m) => m.mountPoint).join(', ')}` : 'none left',
    ),
  ];
  return { pid, ppid: info?.ppid ?? 0, mounts, criteria };
}

async function overlayCriteria(workDir: string): Promise<Criterion[]> {
  const mergedPath = join(workDir, 'merged');
  const mounts = (await readMountInfo('self')) ?? [];
  const mount = findByMountPoint(mounts, await realpath(mergedPath).catch(() => mergedPath));
  const layers = mount ? overlayLayers(mount) : null;
  const mounted = criterion('an overlay is mounted on merged', layers !== null, 'overlay', mount?.fsType ?? 'nothing');
  if (!layers) return [mounted];
  const lowers = layers.lowerDirs.map((dir) => resolveLayerPath(dir, workDir));
  const upper = layers.upperDir ? resolveLayerPath(layers.upperDir, workDir) : null;
  const lowerWith = async (name: string) => {
    for (const dir of lowers) if ((await fileType(join(dir, name))) !== null) return join(dir, name);
    return null;
  };
  const greetingLower = await lowerWith('greeting.txt');
  const notesLower = await lowerWith('notes.txt');
  const lowerText = greetingLower ? await readText(greetingLower) : null;
  const upperText = upper ? await readText(join(upper, 'greeting.txt')) : null;
  const mergedText = await readText(join(mergedPath, 'greeting.txt'));
  const whiteout = upper ? await describeDevice(join(upper, 'notes.txt')) : null;
  return [
    mounted,
    expectEqual('number of read-only lower layers', 2, lowers.length),
    criterion('it has a writable upper layer', upper !== null, 'an upperdir', layers.upperDir),
    expectEqual('greeting.txt in the lower layer is untouched', GREETING, lowerText?.trim() ?? null),
    criterion(
      'greeting.txt was copied up and changed',
      upperText !== null && upperText.trim() !== GREETING,
      'a changed copy in the upper layer',
      upperText === null ? 'no copy in the upper layer' : oneLine(upperText),
    ),
    criterion(
      'merged shows the changed greeting.txt',
      mergedText !== null && mergedText === upperText,
      "the upper layer's copy",
      mergedText === null ? null : oneLine(mergedText),
    ),
    expectEqual('notes.txt is gone from merged', 'nothing', await fileType(join(mergedPath, 'notes.txt'))),
    criterion('notes.txt is still in its lower layer', notesLower !== null, 'a file in a lower layer', notesLower),
    expectEqual('upper/notes.txt is a whiteout', 'character device 0/0', whiteout),
  ];
}

async function volumeCriteria(workDir: string): Promise<Criterion[]> {
  const rootfs = join(workDir, 'rootfs');
  const volume = join(workDir, 'volume');
  const container = await findContainer(workDir);
  if (container.pid === null) return container.criteria;
  const hostMounts = (await readMountInfo('self')) ?? [];
  const data = findByMountPoint(container.mounts, '/data');
  const expected = pathInFilesystem(hostMounts, await realpath(volume).catch(() => volume));
  const inside = join('/proc', String(container.pid), 'root/data/hello.txt');
  const outside = join(volume, 'hello.txt');
  const realRootfs = await realpath(rootfs).catch(() => rootfs);
  return [
    criterion(
      'a container: a process in the rootfs with its own mount namespace',
      container.criteria.slice(0, 3).every((c) => c.passed),
      'the process of the pivot_root exercise',
      `PID ${container.pid}`,
    ),
    criterion(
      "/data in the container's mount table is the volume directory",
      data !== undefined && expected !== null && sameSource(data, expected.mount) && data.root === expected.root,
      `${expected?.root ?? volume} mounted on /data`,
      data ? `${data.root} mounted on /data` : 'no mount on /data',
    ),
    expectEqual('volume/hello.txt on the host', 'file', await fileType(outside)),
    criterion(
      '/data/hello.txt in the container is that same file',
      await sameFile(inside, outside),
      'the same inode as volume/hello.txt',
      (await sameFile(inside, outside))
        ? 'the same inode'
        : (await fileType(inside)) === null
          ? 'no /data/hello.txt in the container'
          : 'a different file',
    ),
    criterion(
      'the host does not see the mount (it lives in the container’s namespace)',
      findByMountPoint(hostMounts, join(realRootfs, 'data')) === undefined,
      'no mount on rootfs/data in the lab’s table',
      findByMountPoint(hostMounts, join(realRootfs, 'data')) ? 'mounted on the host too' : 'none',
    ),
    expectEqual(
      'the rootfs itself stays clean: rootfs/data/hello.txt',
      'nothing',
      await fileType(join(rootfs, 'data/hello.txt')),
    ),
  ];
}

/** PIDs whose root directory is `dir`, compared by device and inode through /proc/<pid>/root. */
async function processesRootedAt(dir: string): Promise<number[]> {
  const wanted = await stat(dir).catch(() => null);
  if (!wanted) return [];
  const found: number[] = [];
  for (const pid of await new ProcReader().pids()) {
    const root = await stat(`/proc/${pid}/root`).catch(() => null);
    if (root && root.dev === wanted.dev && root.ino === wanted.ino) found.push(pid);
  }
  return found.sort((a, b) => a - b);
}

/**
 * Where `path` (absolute, as seen inside the rootfs) leads when symlinks are followed inside the rootfs, as the
 * kernel does for a chrooted process: an absolute target starts again at the rootfs. Null when nothing is there.
 */
async function resolveInside(rootfs: string, path: string): Promise<string | null> {
  let current = join(rootfs, path);
  for (let hops = 0; hops < 8; hops++) {
    const type = await fileType(current);
    if (type !== 'symlink') return type === null ? null : current;
    const target = await readlink(current);
    current = isAbsolute(target) ? join(rootfs, target) : join(dirname(current), target);
  }
  return null;
}

async function sameFile(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([stat(a).catch(() => null), stat(b).catch(() => null)]);
  return x !== null && y !== null && x.dev === y.dev && x.ino === y.ino;
}

/** "character device M/N" for a device, else the file's type; overlayfs marks a deleted file with a 0/0 char device. */
async function describeDevice(path: string): Promise<string | null> {
  const info = await lstat(path).catch(() => null);
  if (!info) return null;
  if (!info.isCharacterDevice()) return fileType(path);
  // Linux encodes dev_t with the minor's low 8 bits at the bottom, the major above them, the minor's rest on top.
  const major = (info.rdev >> 8) & 0xfff;
  const minor = (info.rdev & 0xff) | ((info.rdev >> 12) & 0xfff00);
  return `character device ${major}/${minor}`;
}

/** Runs `argv` with chroot(8) into `rootfs`: its trimmed output, or the first line of its error when it fails. */
async function inChroot(rootfs: string, argv: string[]): Promise<{ ok: boolean; output: string }> {
  const result = await runCommand(['chroot', rootfs, ...argv]);
  if (result.code === 0) return { ok: true, output: result.stdout.trim() || 'no output' };
  return { ok: false, output: firstLine(result.stderr) };
}

function sameSource(a: MountInfo, b: MountInfo): boolean {
  return a.major === b.major && a.minor === b.minor;
}

/** A file's text on one line, its lines separated by " / ", as a criterion shows it. */
function oneLine(text: string): string {
  return text.trim().split('\n').join(' / ');
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] || 'no output';
}
