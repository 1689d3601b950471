// How chapter 1's checks find the student's processes: one reading of /proc, the host to compare it with, and "the
// container" (a PID 1 in its own PID namespace whose UTS namespace carries the chapter's hostname).
import {
  ProcReader,
  hostReference,
  hostnameOf,
  inOwnNamespace,
  type ProcessInfo,
} from '../../server/lab/checks/proc.js';

/** Every process, and the one standing for the host, read at one moment. */
export interface Snapshot {
  host: ProcessInfo;
  processes: ProcessInfo[];
  reader: ProcReader;
}

/** Reads every process now, with the host reference to compare them against. */
export async function snapshot(): Promise<Snapshot> {
  const reader = new ProcReader();
  return { host: await hostReference(reader), processes: await reader.processes(), reader };
}

/** True for the first process of a PID namespace other than the host's. */
export function isPidOne(p: ProcessInfo, host: ProcessInfo): boolean {
  return inOwnNamespace(p, host, 'pid') && p.nsPids.at(-1) === 1;
}

/**
 * The processes whose own UTS namespace is named `hostname`, and among them "the container": the one that is PID 1
 * of its own PID namespace (unshare itself shares the new UTS namespace but not the PID namespace it made).
 * `otherHostnames` lists what the other UTS namespaces are called, to show a student who set a different name.
 */
export async function findContainer(snap: Snapshot, hostname: string) {
  const byUts = new Map<string, ProcessInfo[]>();
  for (const p of snap.processes) {
    const uts = p.namespaces.uts;
    if (!uts || !inOwnNamespace(p, snap.host, 'uts')) continue;
    byUts.set(uts, [...(byUts.get(uts) ?? []), p]);
  }
  const named: ProcessInfo[] = [];
  const otherHostnames: string[] = [];
  for (const members of byUts.values()) {
    const name = await hostnameOf(members[0]!.pid);
    if (name === hostname) named.push(...members);
    else if (name) otherHostnames.push(name);
  }
  const container = named.find((p) => isPidOne(p, snap.host)) ?? null;
  return { named, container, otherHostnames };
}

/** Where the process stands in the PID namespaces, in words. */
export function describePid(p: ProcessInfo, host: ProcessInfo): string {
  if (!inOwnNamespace(p, host, 'pid')) return `PID ${p.pid} in the host's PID namespace`;
  return `PID ${p.nsPids.at(-1)} inside its own PID namespace (PID ${p.pid} on the host)`;
}

/** The command line as ps would show it. */
export function command(p: ProcessInfo): string {
  return p.argv.join(' ') || p.comm;
}
