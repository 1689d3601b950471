import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  findByFsType,
  findByMountPoint,
  mountContaining,
  mountsUnder,
  overlayLayers,
  parseMountInfo,
  pathInFilesystem,
  readMountInfo,
  resolveLayerPath,
  superOption,
  unescapeOctal,
  type MountInfo,
} from '../../../server/lab/checks/mounts.js';

const PROC = resolve(import.meta.dirname, '../../fixtures/mountinfo/proc');

async function table(pid: number | 'self'): Promise<MountInfo[]> {
  const mounts = await readMountInfo(pid, PROC);
  if (!mounts) throw new Error(`fixture ${pid} is missing`);
  return mounts;
}

describe('parseMountInfo', () => {
  it('reads every field of a line, optional fields included', () => {
    const [mount] = parseMountInfo(
      '42 27 254:0 /var/lib/docker /var/lib/docker rw,relatime shared:1 master:7 - ext4 /dev/vda rw,discard\n',
    );
    expect(mount).toEqual({
      mountId: 42,
      parentId: 27,
      major: 254,
      minor: 0,
      root: '/var/lib/docker',
      mountPoint: '/var/lib/docker',
      options: ['rw', 'relatime'],
      optionalFields: ['shared:1', 'master:7'],
      fsType: 'ext4',
      source: '/dev/vda',
      superOptions: ['rw', 'discard'],
    });
  });

  it('gives an empty list of optional fields for a private mount', () => {
    const [mount] = parseMountInfo('22 27 0:21 / /proc rw,relatime - proc proc rw');
    expect(mount?.optionalFields).toEqual([]);
    expect(mount?.fsType).toBe('proc');
  });

  it.each([
    ['a space', '/tmp/my\\040lab', '/tmp/my lab'],
    ['a tab', 'a\\011b', 'a\tb'],
    ['a newline', 'a\\012b', 'a\nb'],
    ['a backslash', 'a\\134b', 'a\\b'],
    ['a comma', 'a\\054b', 'a,b'],
    ['nothing escaped', '/plain/path', '/plain/path'],
  ])('decodes an octal escape for %s', (_, written, meant) => {
    expect(unescapeOctal(written)).toBe(meant);
  });

  it('decodes escapes in mount points and keeps a path with a space in one field', async () => {
    const mount = findByMountPoint(await table('self'), '/tmp/my lab/merged');
    expect(mount?.mountId).toBe(94);
    expect(mount?.fsType).toBe('overlay');
  });

  it('splits options on commas before decoding, so an escaped comma stays inside its option', () => {
    const [mount] = parseMountInfo('1 0 0:1 / /x rw - tmpfs a\\054b rw,note=x\\054y');
    expect(mount?.source).toBe('a,b');
    expect(mount?.superOptions).toEqual(['rw', 'note=x,y']);
  });

  it('skips lines that are not mountinfo and keeps the rest', async () => {
    const mounts = await table(4343);
    expect(mounts.map((m) => m.mountPoint)).toEqual(['/', '/proc', '/dev', '/data']);
    expect(parseMountInfo('')).toEqual([]);
    expect(parseMountInfo('1 2 x:y / / rw - ext4 /dev/vda rw')).toEqual([]);
    expect(parseMountInfo('1 2 0:1 / / rw ext4 /dev/vda rw')).toEqual([]);
  });
});

describe('readMountInfo', () => {
  it('reads the table of a process under the given proc root', async () => {
    const mounts = await table(4242);
    expect(mounts.map((m) => [m.mountPoint, m.root])).toEqual([
      ['/', '/tmp/kubelab-03-rootfs-abc/rootfs'],
      ['/data', '/tmp/kubelab-03-rootfs-abc/volume'],
    ]);
  });

  it('answers null for a process that does not exist', async () => {
    expect(await readMountInfo(999999, PROC)).toBeNull();
  });
});

describe('finding mounts', () => {
  it('finds the mount at a mount point, the last one mounted when several are stacked', async () => {
    const mounts = await table('self');
    expect(findByMountPoint(mounts, '/mnt/x')?.source).toBe('second');
    expect(findByMountPoint(mounts, '/mnt/x/')?.source).toBe('second');
    expect(findByMountPoint(mounts, '/mnt')).toBeUndefined();
  });

  it('finds mounts by filesystem type', async () => {
    const overlays = findByFsType(await table('self'), 'overlay');
    expect(overlays.map((m) => m.mountId)).toEqual([93, 94, 95, 96]);
    expect(findByFsType(await table('self'), 'nfs')).toEqual([]);
  });

  it('finds the mount holding a path by the longest mount point that prefixes it', async () => {
    const mounts = await table('self');
    expect(mountContaining(mounts, '/var/lib/docker/overlay2/x')?.mountId).toBe(42);
    expect(mountContaining(mounts, '/var/lib/dockerfile')?.mountId).toBe(27);
    expect(mountContaining(mounts, '/')?.mountId).toBe(27);
  });

  it('lists the mounts at or below a directory', async () => {
    const mounts = await table('self');
    expect(mountsUnder(mounts, '/tmp/my lab').map((m) => m.mountId)).toEqual([94]);
    expect(mountsUnder(mounts, '/mnt').map((m) => m.mountId)).toEqual([97, 98]);
    expect(mountsUnder(mounts, '/srv/data/sub')).toEqual([]);
  });

  it('says where a path lives inside its filesystem, as a bind mount of it would show as root', async () => {
    const mounts = await table('self');
    expect(pathInFilesystem(mounts, '/tmp/kubelab-03-rootfs-abc/rootfs')?.root).toBe(
      '/tmp/kubelab-03-rootfs-abc/rootfs',
    );
    expect(pathInFilesystem(mounts, '/srv/data/volume')).toMatchObject({ root: '/volume', mount: { mountId: 99 } });
    expect(pathInFilesystem(mounts, '/var/lib/docker')?.root).toBe('/var/lib/docker');
    expect(pathInFilesystem([], '/x')).toBeNull();
  });
});

describe('overlay options', () => {
  it('gives lower layers top first, with upper and work dirs, as typed to mount(8)', async () => {
    const mount = findByMountPoint(await table('self'), '/tmp/kubelab-03-rootfs-abc/merged');
    expect(mount && overlayLayers(mount)).toEqual({
      lowerDirs: ['layers/lower2', 'layers/lower1'],
      upperDir: 'layers/upper',
      workDir: 'layers/work',
    });
  });

  it('keeps an escaped colon inside a layer path and decodes spaces', async () => {
    const mount = findByMountPoint(await table('self'), '/tmp/my lab/merged');
    expect(mount && overlayLayers(mount)?.lowerDirs).toEqual(['/tmp/my lab/a:b', '/tmp/my lab/c']);
  });

  it('reads one lowerdir+= option per layer and leaves data-only layers out', async () => {
    const mount = findByMountPoint(await table('self'), '/tmp/new-api');
    expect(mount && overlayLayers(mount)).toEqual({
      lowerDirs: ['/l/top', '/l/bottom'],
      upperDir: '/u',
      workDir: '/w',
    });
  });

  it('has no upper or work dir for a read-only overlay', async () => {
    const mount = findByMountPoint(await table('self'), '/tmp/readonly');
    expect(mount && overlayLayers(mount)).toEqual({ lowerDirs: ['/r/top', '/r/bottom'] });
  });

  it('answers null for a filesystem that is not an overlay', async () => {
    const mount = findByMountPoint(await table('self'), '/proc');
    expect(mount && overlayLayers(mount)).toBeNull();
  });

  it('reads a single super option, a flag as an empty string', async () => {
    const mount = findByMountPoint(await table('self'), '/tmp/kubelab-03-rootfs-abc/merged');
    expect(mount && superOption(mount, 'uuid')).toBe('on');
    expect(mount && superOption(mount, 'rw')).toBe('');
    expect(mount && superOption(mount, 'index')).toBeUndefined();
  });

  it('resolves a relative layer path against the directory the mount command ran in', () => {
    expect(resolveLayerPath('layers/lower1', '/tmp/lab')).toBe('/tmp/lab/layers/lower1');
    expect(resolveLayerPath('/abs/lower', '/tmp/lab')).toBe('/abs/lower');
  });
});
