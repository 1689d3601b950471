// Finding every descendant of a process, so Stop leaves no stray processes even when a child changed its process
// group (as `unshare --fork` or a shell's job control can do).
import { readdirSync, readFileSync } from 'node:fs';

/** Parent pid of every live process, read from /proc/<pid>/stat. */
function parentsByPid(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name sits in parentheses and may contain spaces: fields resume after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(name), Number(fields[1]));
    } catch {
      // The process exited while we looked.
    }
  }
  return parents;
}

/** Pids of all descendants of `root` (not `root` itself), found by walking parent links. */
export function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parentsByPid()) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const found: number[] = [];
  const pending = [root];
  while (pending.length) {
    for (const child of children.get(pending.pop()!) ?? []) {
      found.push(child);
      pending.push(child);
    }
  }
  return found;
}

/** Sends `signal` to the process group led by `leader` and to each pid in `pids`; gone processes are ignored. */
export function signalAll(leader: number, pids: number[], signal: NodeJS.Signals): void {
  for (const target of [-leader, ...pids]) {
    try {
      process.kill(target, signal);
    } catch {
      // Already gone.
    }
  }
}
