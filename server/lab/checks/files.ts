// Reading files from a check: a missing file is an answer (null), not an error.
import { lstat, readFile, readlink } from 'node:fs/promises';

/** The file's text, or null when it does not exist or cannot be read. */
export async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

/** The file's type as `ls -l` would name it, or null when nothing is there. Does not follow symlinks. */
export async function fileType(
  path: string,
): Promise<'file' | 'directory' | 'symlink' | 'char-device' | 'block-device' | 'fifo' | 'socket' | null> {
  try {
    const stat = await lstat(path);
    if (stat.isFile()) return 'file';
    if (stat.isDirectory()) return 'directory';
    if (stat.isSymbolicLink()) return 'symlink';
    if (stat.isCharacterDevice()) return 'char-device';
    if (stat.isBlockDevice()) return 'block-device';
    return stat.isFIFO() ? 'fifo' : 'socket';
  } catch {
    return null;
  }
}

/** Where a symlink points, or null. */
export async function linkTarget(path: string): Promise<string | null> {
  try {
    return await readlink(path);
  } catch {
    return null;
  }
}
