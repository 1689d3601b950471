// Processes and their namespaces, read from /proc as `lsns` and `ps` do. A process may exit while we read it:
// every reader answers null then instead of throwing.
import { readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { runCommand } from './command.js';
import { readText } from './files.js';

export const NAMESPACE_TYPES = ['pid', 'uts', 'mnt', 'net', 'ipc', 'user', 'cgroup'] as const;
export type NamespaceType = (typeof NAMESPACE_TYPES)[number];

/** A process as a check sees it. `nsPids` lists its PID in each nested PID namespace, outermost first. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  comm: string;
  argv: string[];
  nsPids: number[];
  namespaces: Partial<Record<NamespaceType, string>>;
}

/** Reads /proc (or a fixture tree shaped like it). */
export class ProcReader {
  constructor(private readonly procRoot = '/proc') {}

  async pids(): Promise<number[]> {
    const entries = await readdir(this.procRoot);
    return entries.filter((name) => /^\d+$/.test(name)).map(Number);
  }

  /** One process, or null if it is gone. */
  async process(pid: number): Promise<ProcessInfo | null> {
    const status = await readText(join(this.procRoot, String(pid), 'status'));
    const cmdline = await readText(join(this.procRoot, String(pid), 'cmdline'));
    if (status === null || cmdline === null) return null;
    const field = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(status)?.[1]?.trim() ?? '';
    const namespaces: Partial<Record<NamespaceType, string>> = {};
    for (const type of NAMESPACE_TYPES) {
      const link = await this.namespace(pid, type);
      if (link) namespaces[type] = link;
    }
    return {
      pid,
      ppid: Number(field('PPid')),
      comm: field('Name'),
      argv: cmdline.split('\0').filter(Boolean),
      nsPids: (field('NSpid') || String(pid)).split(/\s+/).map(Number),
      namespaces,
    };
  }

  /** Every process that still exists. */
  async processes(): Promise<ProcessInfo[]> {
    const found = await Promise.all((await this.pids()).map((pid) => this.process(pid)));
    return found.filter((p): p is ProcessInfo => p !== null);
  }

  /** The namespace link, e.g. `pid:[4026531836]`, or null. */
  async namespace(pid: number, type: NamespaceType): Promise<string | null> {
    try {
      return await readlink(join(this.procRoot, String(pid), 'ns', type));
    } catch {
      return null;
    }
  }
}

/** True when `p` is in a different namespace of `type` than `reference` (usually PID 1, the host). */
export function inOwnNamespace(p: ProcessInfo, reference: ProcessInfo, type: NamespaceType): boolean {
  const own = p.namespaces[type];
  return own !== undefined && own !== reference.namespaces[type];
}

/** The hostname as seen inside the process's UTS namespace, or null if it cannot be entered. */
export async function hostnameOf(pid: number): Promise<string | null> {
  const result = await runCommand(['nsenter', '--target', String(pid), '--uts', 'hostname']);
  return result.code === 0 ? result.stdout.trim() : null;
}
