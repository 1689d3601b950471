// Processes and their namespaces, read from /proc as `lsns` and `ps` do. A process may exit while we read it:
// every reader answers null then instead of throwing. A zombie counts as gone: it has exited, only its status is left.
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
    if (field('State').startsWith('Z')) return null;
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

  /** TCP ports listened on (IPv4 and IPv6) in the process's network namespace, or null if it is gone. */
  async listeningTcpPorts(pid: number): Promise<number[] | null> {
    const v4 = await readText(join(this.procRoot, String(pid), 'net', 'tcp'));
    const v6 = await readText(join(this.procRoot, String(pid), 'net', 'tcp6'));
    if (v4 === null && v6 === null) return null;
    return [...new Set([...parseListeningPorts(v4 ?? ''), ...parseListeningPorts(v6 ?? '')])].sort((a, b) => a - b);
  }
}

/** True when `p` is in a different namespace of `type` than `reference` (usually PID 1, the host). */
export function inOwnNamespace(p: ProcessInfo, reference: ProcessInfo, type: NamespaceType): boolean {
  const own = p.namespaces[type];
  return own !== undefined && own !== reference.namespaces[type];
}

/** The hostname as seen inside the process's UTS namespace, or null if it cannot be entered. */
export async function hostnameOf(pid: number): Promise<string | null> {
  return (await nsenter(['--target', String(pid), '--uts', 'hostname']))?.trim() ?? null;
}

/** The output of `nsenter <args>`, or null when it fails (typically: the target process is gone). */
async function nsenter(args: string[]): Promise<string | null> {
  const result = await runCommand(['nsenter', ...args]);
  return result.code === 0 ? result.stdout : null;
}

/**
 * The process that stands for "the host" when a check asks whether a namespace is a process's own: PID 1 when its
 * namespace links can be read, otherwise `selfPid` (the lab server, whose namespaces the cells start in). Some
 * sandboxes forbid reading PID 1's links even to root; comparing against nothing would call every process isolated.
 */
export async function hostReference(reader: ProcReader, selfPid = process.pid): Promise<ProcessInfo> {
  const init = await reader.process(1);
  if (init && Object.keys(init.namespaces).length > 0) return init;
  const self = await reader.process(selfPid);
  if (!self || Object.keys(self.namespaces).length === 0) throw new Error('cannot read the host namespaces in /proc');
  return self;
}

const TCP_LISTEN = '0A';

/** Ports in state LISTEN in /proc/net/tcp or tcp6 text: `0: 0100007F:1F91 00000000:0000 0A ...`. */
export function parseListeningPorts(text: string): number[] {
  const ports: number[] = [];
  for (const line of text.split('\n').slice(1)) {
    const [, local, , state] = line.trim().split(/\s+/);
    const port = local?.split(':')[1];
    if (state === TCP_LISTEN && port) ports.push(parseInt(port, 16));
  }
  return ports;
}

/** A network interface as `ip link` shows it. */
export interface NetworkInterface {
  name: string;
  up: boolean;
}

/** The interfaces of the network namespace at `nsPath` (`/proc/<pid>/ns/net` or `/run/netns/<name>`), or null. */
export async function interfacesIn(nsPath: string): Promise<NetworkInterface[] | null> {
  const output = await nsenter([`--net=${nsPath}`, 'ip', '-json', 'link', 'show']);
  if (output === null) return null;
  try {
    const links = JSON.parse(output) as { ifname?: string; flags?: string[] }[];
    return links.map((link) => ({ name: link.ifname ?? '?', up: (link.flags ?? []).includes('UP') }));
  } catch {
    return null;
  }
}

/** Keys of the System V message queues in the process's IPC namespace (what `ipcs -q` lists there), or null. */
export async function messageQueueKeys(pid: number): Promise<number[] | null> {
  const output = await nsenter(['--target', String(pid), '--ipc', 'cat', '/proc/sysvipc/msg']);
  return output === null ? null : parseSysvipcKeys(output);
}

/** The key column of /proc/sysvipc/msg, shm or sem text (decimal, after one header line). */
export function parseSysvipcKeys(text: string): number[] {
  return text
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter((key) => /^-?\d+$/.test(key))
    .map(Number);
}
