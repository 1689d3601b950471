// Mounts as a process sees them, read from /proc/<pid>/mountinfo as `findmnt` does. Each process has its own view:
// a process in another mount namespace, or one that called pivot_root, reads a different table than ours.
// A process that is gone is an answer (null), never an exception.
//
// One line of mountinfo (proc(5)):
//   36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
//   (1)(2) (3)   (4)   (5)      (6)      (7)   (8) (9)    (10)         (11)
// mount id, parent id, major:minor, root of the mount within its filesystem, mount point, per-mount options,
// optional fields (propagation: shared:N, master:N, ...), a "-", filesystem type, source, per-superblock options.
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { readText } from './files.js';

/** One mount: a filesystem (or a part of one, for a bind mount) attached at a point of the tree. */
export interface MountInfo {
  mountId: number;
  parentId: number;
  major: number;
  minor: number;
  /** The directory of the filesystem that appears at the mount point: "/" for a whole filesystem, a subdirectory for a bind mount. */
  root: string;
  /** Where the mount appears, relative to the reading process's root directory. */
  mountPoint: string;
  /** Per-mount options, e.g. ["rw", "relatime"]. */
  options: string[];
  /** Propagation and similar tags, e.g. ["shared:1"]; empty for a private mount. */
  optionalFields: string[];
  fsType: string;
  source: string;
  /** Per-filesystem options, e.g. ["rw", "lowerdir=/a:/b", "upperdir=/u", "workdir=/w"] for an overlay. */
  superOptions: string[];
}

/** The directories an overlay stacks, top first, as its options name them (possibly relative to the mounter's cwd). */
export interface OverlayLayers {
  /** Read-only layers, the topmost first: `lowerdir=L2:L1` gives ["L2", "L1"]. */
  lowerDirs: string[];
  /** The writable layer; absent for a read-only overlay. */
  upperDir?: string;
  workDir?: string;
}

/**
 * Parses the text of a mountinfo file. Lines that do not have the shape above are skipped: the kernel writes
 * none, so one would come from a truncated read, and the rest of the table is still worth having.
 */
export function parseMountInfo(text: string): MountInfo[] {
  const mounts: MountInfo[] = [];
  for (const line of text.split('\n')) {
    const mount = parseLine(line);
    if (mount) mounts.push(mount);
  }
  return mounts;
}

function parseLine(line: string): MountInfo | null {
  // Split before decoding: spaces inside paths are written as \040, so every literal space separates fields.
  const fields = line.trim().split(' ');
  const dash = fields.indexOf('-', 6);
  if (dash === -1 || fields.length < dash + 4) return null;
  const [mountId, parentId, device, root, mountPoint, options] = fields;
  const [major, minor] = (device ?? '').split(':').map(Number);
  if (!/^\d+$/.test(mountId ?? '') || !/^\d+$/.test(parentId ?? '')) return null;
  if (major === undefined || minor === undefined || Number.isNaN(major) || Number.isNaN(minor)) return null;
  return {
    mountId: Number(mountId),
    parentId: Number(parentId),
    major,
    minor,
    root: unescapeOctal(root ?? ''),
    mountPoint: unescapeOctal(mountPoint ?? ''),
    options: splitOptions(options ?? ''),
    optionalFields: fields.slice(6, dash).map(unescapeOctal),
    fsType: unescapeOctal(fields[dash + 1] ?? ''),
    source: unescapeOctal(fields[dash + 2] ?? ''),
    superOptions: splitOptions(fields.slice(dash + 3).join(' ')),
  };
}

/** Commas inside an option's value are written as \054, so splitting first and decoding after is safe. */
function splitOptions(text: string): string[] {
  return text ? text.split(',').map(unescapeOctal) : [];
}

/** The kernel writes space, tab, newline, backslash (and in options , and =) as a backslash and three octal digits. */
export function unescapeOctal(text: string): string {
  return text.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/**
 * The mount table of process `pid` ('self' for the caller), or null when the process is gone or its table cannot
 * be read. `procRoot` is /proc on a live system, a fixture tree in tests.
 */
export async function readMountInfo(pid: number | 'self', procRoot = '/proc'): Promise<MountInfo[] | null> {
  const text = await readText(join(procRoot, String(pid), 'mountinfo'));
  return text === null ? null : parseMountInfo(text);
}

/** The mount that is visible at `mountPoint`: when several are stacked there, the last one mounted. */
export function findByMountPoint(mounts: MountInfo[], mountPoint: string): MountInfo | undefined {
  const wanted = normalise(mountPoint);
  return mounts.findLast((mount) => mount.mountPoint === wanted);
}

/** Every mount of filesystem type `fsType` (e.g. "overlay", "proc"), in table order. */
export function findByFsType(mounts: MountInfo[], fsType: string): MountInfo[] {
  return mounts.filter((mount) => mount.fsType === fsType);
}

/** Mounts at `dir` or below it, in table order (parents before children), e.g. to unmount them deepest first. */
export function mountsUnder(mounts: MountInfo[], dir: string): MountInfo[] {
  const base = normalise(dir);
  return mounts.filter((mount) => isSameOrBelow(mount.mountPoint, base));
}

/** The mount that holds `path`: the one whose mount point is the longest prefix of it (the last one if stacked). */
export function mountContaining(mounts: MountInfo[], path: string): MountInfo | undefined {
  const wanted = normalise(path);
  let best: MountInfo | undefined;
  for (const mount of mounts) {
    if (!isSameOrBelow(wanted, mount.mountPoint)) continue;
    if (!best || mount.mountPoint.length >= best.mountPoint.length) best = mount;
  }
  return best;
}

/**
 * Where `path` lives inside its filesystem, as the `root` field of a bind mount of it would read: for /tmp/x on
 * the filesystem mounted at / that is "/tmp/x"; for /srv/data/x with a filesystem mounted at /srv/data, "/x".
 * Null when no mount holds the path.
 */
export function pathInFilesystem(mounts: MountInfo[], path: string): { mount: MountInfo; root: string } | null {
  const wanted = normalise(path);
  const mount = mountContaining(mounts, wanted);
  if (!mount) return null;
  const rest = relative(mount.mountPoint, wanted);
  return { mount, root: rest ? join(mount.root, rest) : mount.root };
}

/** The value of a per-filesystem option such as "upperdir", or undefined; a flag without "=" gives "". */
export function superOption(mount: MountInfo, name: string): string | undefined {
  for (const option of mount.superOptions) {
    if (option === name) return '';
    if (option.startsWith(`${name}=`)) return option.slice(name.length + 1);
  }
  return undefined;
}

/**
 * The layers of an overlay mount, or null for any other filesystem. Understands both ways the kernel shows
 * them: `lowerdir=L2:L1` as given to mount(8) (a literal ":" in a path is written "\:"), and one `lowerdir+=L`
 * per layer as newer mount(8) passes them.
 */
export function overlayLayers(mount: MountInfo): OverlayLayers | null {
  if (mount.fsType !== 'overlay') return null;
  const lowerDirs: string[] = [];
  for (const option of mount.superOptions) {
    if (option.startsWith('lowerdir=')) lowerDirs.push(...splitLowerDirs(option.slice('lowerdir='.length)));
    else if (option.startsWith('lowerdir+=')) lowerDirs.push(option.slice('lowerdir+='.length));
  }
  const layers: OverlayLayers = { lowerDirs };
  const upperDir = superOption(mount, 'upperdir');
  const workDir = superOption(mount, 'workdir');
  if (upperDir) layers.upperDir = upperDir;
  if (workDir) layers.workDir = workDir;
  return layers;
}

function splitLowerDirs(value: string): string[] {
  const dirs: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const char = value[i];
    if (char === '\\' && i + 1 < value.length) {
      current += value[++i];
    } else if (char === ':') {
      dirs.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  dirs.push(current);
  return dirs.filter(Boolean);
}

/**
 * A layer path from overlay options made absolute. mount(8) passes paths as typed, so `lowerdir=layers/a` is
 * relative to wherever the mount command ran: the caller says where that was (for a lesson, its working dir).
 */
export function resolveLayerPath(path: string, mountedFrom: string): string {
  return isAbsolute(path) ? path : resolve(mountedFrom, path);
}

function normalise(path: string): string {
  const resolved = resolve('/', path);
  return resolved.length > 1 && resolved.endsWith(sep) ? resolved.slice(0, -1) : resolved;
}

function isSameOrBelow(path: string, dir: string): boolean {
  return dir === '/' || path === dir || path.startsWith(`${dir}/`);
}
