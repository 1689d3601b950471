// Chapter 1's checks. Each one scans /proc for the student's long-running processes and compares their namespace
// links with the host's, the way `lsns` does: what a process claims about itself is never taken on trust.
import { realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { criterion, defineChecks, type Criterion } from '../../server/lab/checks/define.js';
import { fileType, linkTarget, readText } from '../../server/lab/checks/files.js';
import { findByMountPoint, readMountInfo } from '../../server/lab/checks/mounts.js';
import {
  inOwnNamespace,
  interfacesIn,
  messageQueueKeys,
  type NamespaceType,
  type ProcessInfo,
} from '../../server/lab/checks/proc.js';
import { command, describePid, findContainer, snapshot, type Snapshot } from './snapshot.js';

/** The container's hostname (exercises 1, 2 and 3). */
export const HOSTNAME = 'kubelab-ns1';
/** The named network namespace, /run/netns/<NETNS> (exercise 5). */
export const NETNS = 'kubelab-ns1';
/** The port a server listens on inside that network namespace. */
export const PORT = 8081;
/** The tmpfs mount point, inside the chapter's working directory, and the file in it (exercise 4). */
export const PRIVATE_DIR = 'private';
export const SECRET_FILE = 'secret.txt';

const NOTHING = 'no process to look at';

/** Its /proc belongs to its PID namespace when PID 1 there is the process itself (`unshare --mount-proc`). */
async function ownProcCriterion(p: ProcessInfo | undefined): Promise<Criterion> {
  const name = 'its /proc is mounted for its PID namespace (ps inside lists only its processes)';
  const expected = 'PID 1 in its /proc is the process itself';
  if (!p) return criterion(name, false, expected, NOTHING);
  const initLink = await linkTarget(`/proc/${p.pid}/root/proc/1/ns/pid`);
  if (initLink !== null && initLink === p.namespaces.pid) return criterion(name, true, expected, expected);
  const initCommand = (await readText(`/proc/${p.pid}/root/proc/1/cmdline`))?.split('\0').join(' ').trim();
  return criterion(name, false, expected, `PID 1 in its /proc is "${initCommand ?? '?'}", not the process itself`);
}

async function checkPidAndHostname(): Promise<Criterion[]> {
  const snap = await snapshot();
  const { named, container, otherHostnames } = await findContainer(snap, HOSTNAME);
  const p = container ?? named[0];
  const seen = otherHostnames.length
    ? `none; other UTS namespaces are named ${otherHostnames.join(', ')}`
    : 'no process has a UTS namespace of its own';
  return [
    criterion(
      `a process runs in its own UTS namespace with hostname ${HOSTNAME}`,
      p !== undefined,
      `hostname ${HOSTNAME}`,
      p ? `hostname ${HOSTNAME} (PID ${p.pid} on the host)` : seen,
    ),
    criterion(
      'it is PID 1 in a PID namespace of its own',
      container !== null,
      'PID 1 inside its own PID namespace',
      p ? describePid(p, snap.host) : NOTHING,
    ),
    await ownProcCriterion(p),
  ];
}

/** One process per mount namespace other than the host's that has a mount at `dir`, tmpfs preferred. */
async function findPrivateMount(snap: Snapshot, dir: string) {
  const seen = new Set<string>();
  let found: { p: ProcessInfo; fsType: string } | null = null;
  for (const p of snap.processes) {
    const mnt = p.namespaces.mnt;
    if (!mnt || seen.has(mnt) || !inOwnNamespace(p, snap.host, 'mnt')) continue;
    seen.add(mnt);
    const mount = findByMountPoint((await readMountInfo(p.pid)) ?? [], dir);
    if (mount && (!found || mount.fsType === 'tmpfs')) found = { p, fsType: mount.fsType };
  }
  return found;
}

async function checkPrivateMount(workDir: string): Promise<Criterion[]> {
  const dir = join(await realpath(workDir).catch(() => workDir), PRIVATE_DIR);
  const secret = join(dir, SECRET_FILE);
  const snap = await snapshot();
  const found = await findPrivateMount(snap, dir);
  const inside = found ? await fileType(`/proc/${found.p.pid}/root${secret}`) : null;
  const hostMount = findByMountPoint((await readMountInfo(snap.host.pid)) ?? [], dir);
  const onHost = await fileType(`/proc/${snap.host.pid}/root${secret}`);
  return [
    criterion(
      `a process in its own mount namespace has a tmpfs mounted at ${dir}`,
      found?.fsType === 'tmpfs',
      'a tmpfs there',
      found ? `a ${found.fsType} mount (seen by PID ${found.p.pid})` : 'no other mount namespace has a mount there',
    ),
    criterion(
      `inside that mount namespace, ${secret} exists`,
      inside === 'file',
      'a file',
      found ? (inside ? `a ${inside}` : 'nothing there') : NOTHING,
    ),
    criterion(
      `the host has no mount at ${dir}`,
      hostMount === undefined,
      'no mount',
      hostMount ? `a ${hostMount.fsType} mount: it leaked out to the host` : 'no mount',
    ),
    criterion(
      `the host cannot see ${secret}`,
      onHost === null,
      'nothing there',
      onHost === null ? 'nothing there' : `a ${onHost}`,
    ),
  ];
}

async function checkEmptyNetwork(): Promise<Criterion[]> {
  const nsFile = `/run/netns/${NETNS}`;
  const snap = await snapshot();
  const inode = (await stat(nsFile).catch(() => null))?.ino;
  const link = inode === undefined ? null : `net:[${inode}]`;
  const links = link ? await interfacesIn(nsFile) : null;
  const names = links?.map((l) => l.name).join(', ');
  const lo = links?.find((l) => l.name === 'lo');
  const members = link ? snap.processes.filter((p) => p.namespaces.net === link) : [];
  const ports = members[0] ? ((await snap.reader.listeningTcpPorts(members[0].pid)) ?? []) : [];
  const notThere = `there is no ${nsFile}`;
  return [
    criterion(`the network namespace ${NETNS} exists`, link !== null, nsFile, link ? nsFile : notThere),
    criterion(
      "it is not the host's network namespace",
      link !== null && link !== snap.host.namespaces.net,
      `a namespace other than the host's ${snap.host.namespaces.net ?? ''}`.trim(),
      link ?? notThere,
    ),
    criterion('its only network interface is lo', names === 'lo', 'lo', names ?? notThere),
    criterion('lo is up inside it', lo?.up === true, 'UP', lo ? (lo.up ? 'UP' : 'DOWN') : notThere),
    criterion(
      `a process inside it listens on TCP port ${PORT}`,
      ports.includes(PORT),
      `a listening socket on port ${PORT}`,
      members.length === 0
        ? 'no process runs inside it'
        : `${members.length} process(es) inside; listening on: ${ports.join(', ') || 'no port'}`,
    ),
  ];
}

const SHARED: { type: NamespaceType; name: string }[] = [
  { type: 'uts', name: `UTS namespace (it sees hostname ${HOSTNAME})` },
  { type: 'mnt', name: "mount namespace (it sees the container's /proc)" },
  { type: 'ipc', name: 'IPC namespace' },
];

async function checkExec(): Promise<Criterion[]> {
  const snap = await snapshot();
  const { container } = await findContainer(snap, HOSTNAME);
  const byPid = new Map(snap.processes.map((p) => [p.pid, p]));
  // Something forked inside the namespace has its parent inside it; a process that joined with setns() does not.
  const joined = container
    ? snap.processes.filter(
        (p) =>
          p.pid !== container.pid &&
          p.namespaces.pid === container.namespaces.pid &&
          byPid.get(p.ppid)?.namespaces.pid !== container.namespaces.pid,
      )
    : [];
  const shares = (p: ProcessInfo, type: NamespaceType) => p.namespaces[type] === container?.namespaces[type];
  const sharedCount = (p: ProcessInfo) => SHARED.filter(({ type }) => shares(p, type)).length;
  const best = [...joined].sort((a, b) => sharedCount(b) - sharedCount(a))[0];
  let entered = 'every process in the namespace was started from inside it';
  if (!container) entered = NOTHING;
  if (best) entered = `PID ${best.pid} "${command(best)}", started by PID ${best.ppid} outside the namespace`;
  return [
    criterion(
      `the ${HOSTNAME} container from the first exercise is running`,
      container !== null,
      `a PID 1 with hostname ${HOSTNAME}`,
      container ? `PID ${container.pid} on the host` : 'not found',
    ),
    criterion(
      'another process entered its PID namespace from outside (as nsenter and docker exec do)',
      best !== undefined,
      'a process in the namespace whose parent is outside it',
      entered,
    ),
    ...SHARED.map(({ type, name }) =>
      criterion(
        `that process also shares the container's ${name}`,
        best !== undefined && shares(best, type),
        container?.namespaces[type] ?? `the container's ${type} namespace`,
        best ? (best.namespaces[type] ?? '?') : NOTHING,
      ),
    ),
  ];
}

function showKeys(keys: number[]): string {
  return keys.map((key) => `0x${(key >>> 0).toString(16).padStart(8, '0')}`).join(', ');
}

async function checkMessageQueue(): Promise<Criterion[]> {
  const snap = await snapshot();
  const { container } = await findContainer(snap, HOSTNAME);
  const own = container !== null && inOwnNamespace(container, snap.host, 'ipc');
  const keys = container ? ((await messageQueueKeys(container.pid)) ?? []) : [];
  const hostKeys = (await messageQueueKeys(snap.host.pid)) ?? [];
  // In a namespace of its own, the host sees none of them; a shared namespace shows the host every one.
  const visible = own ? keys.filter((key) => key !== 0 && hostKeys.includes(key)) : keys;
  return [
    criterion(
      `the ${HOSTNAME} container has an IPC namespace of its own`,
      own,
      `not the host's ${snap.host.namespaces.ipc ?? ''}`.trim(),
      container ? (container.namespaces.ipc ?? '?') : `no ${HOSTNAME} container is running`,
    ),
    criterion(
      "a message queue exists in the container's IPC namespace",
      keys.length > 0,
      'at least one queue',
      container ? (keys.length ? `queue key(s) ${showKeys(keys)}` : 'no queue') : NOTHING,
    ),
    criterion(
      'the host cannot see that queue',
      keys.length > 0 && visible.length === 0,
      'not listed by ipcs -q on the host',
      keys.length === 0
        ? 'there is no queue yet'
        : visible.length
          ? `the host lists ${showKeys(visible)}`
          : 'not listed',
    ),
  ];
}

// In the order the lesson places them (Exercise 1 to 5).
export default defineChecks([
  {
    id: 'pid-and-hostname',
    title: 'PID 1 of its own PID namespace, with its own hostname',
    points: 10,
    hint:
      'Keep the container cell running: unshare needs --pid --fork (so the child, not unshare, is PID 1), ' +
      `--mount-proc (or ps still reads the host's /proc) and --uts, and the child must set hostname ${HOSTNAME}.`,
    run: () => checkPidAndHostname(),
  },
  {
    id: 'exec-into-container',
    title: 'Enter the running container with nsenter',
    points: 10,
    hint:
      "Find the container's PID 1 as the host numbers it (it is the child of the unshare process), then keep " +
      'nsenter --target <that PID> --all sleep infinity running in a background cell.',
    run: () => checkExec(),
  },
  {
    id: 'private-message-queue',
    title: 'A message queue the host cannot see',
    points: 10,
    hint:
      'Start the container with --ipc, then create the queue from inside its IPC namespace: ' +
      'nsenter --target <PID> --ipc ipcmk -Q. A queue made by a plain ipcmk lands in the host namespace.',
    run: () => checkMessageQueue(),
  },
  {
    id: 'private-mount',
    title: 'A tmpfs that only its own mount namespace can see',
    points: 10,
    hint:
      `Mount inside the new namespace, not before entering it, and keep the process alive: unshare --mount sh -c ` +
      `'mount -t tmpfs ... ${PRIVATE_DIR} && ... && exec sleep infinity'. If the host sees the mount too, the ` +
      'mount propagated back: unshare makes mounts private by default, a clone() program must do it itself.',
    run: (ctx) => checkPrivateMount(ctx.workDir),
  },
  {
    id: 'empty-network',
    title: 'A network namespace with nothing but loopback',
    points: 10,
    hint:
      `ip netns add ${NETNS} creates it; ip netns exec ${NETNS} ip link set lo up brings loopback up (a new ` +
      `namespace starts with lo down); then keep a server on 127.0.0.1:${PORT} running inside it.`,
    run: () => checkEmptyNetwork(),
  },
]);
