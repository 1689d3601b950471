// Chapter 1 for real: the solution starts a process that is PID 1 with its own hostname, joins it with nsenter,
// gives it a private message queue, mounts a tmpfs only its namespace sees and serves from an empty network
// namespace; every check passes on that state and each one fails on a state a student could plausibly leave behind.
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { chapterUnderTest, failures } from '../../support/chapter.js';

/** In the order the lesson places them, Exercise 1 to 5. */
const CHECK_IDS = [
  'pid-and-hostname',
  'exec-into-container',
  'private-message-queue',
  'private-mount',
  'empty-network',
];
const chapter = chapterUnderTest('01-namespaces');
const { bash, failedCriteria, failedOnceInPlace } = chapter;

/** Host PIDs of the `sleep` processes whose UTS namespace is named `hostname`. */
async function sleepersNamed(hostname: string): Promise<string[]> {
  const { stdout } = await bash(`for p in $(pgrep -x sleep); do
    [ "$(nsenter --target "$p" --uts hostname 2>/dev/null)" = ${hostname} ] && echo "$p" || true; done`);
  return stdout.split('\n').filter(Boolean);
}

/** Starts a detached `unshare <flags>` process that names its UTS namespace, as a student's cell might. */
async function startWithHostname(unshareFlags: string, hostname = 'kubelab-ns1'): Promise<void> {
  await bash(`setsid -f unshare ${unshareFlags} sh -c 'hostname ${hostname} && exec sleep infinity' >/dev/null 2>&1`);
  await vi.waitFor(async () => expect(await sleepersNamed(hostname)).not.toEqual([]), {
    timeout: 30_000,
    interval: 100,
  });
}

describe('chapter 01-namespaces with the solution applied', () => {
  beforeAll(async () => {
    await chapter.setup();
  });

  it('passes every check', async () => {
    const results = await chapter.results();
    expect(Object.keys(results)).toEqual(CHECK_IDS);
    expect(failures(results)).toEqual({});
  });

  it('passes every check again after setup runs a second time', async () => {
    await chapter.setup();
    expect(failures(await chapter.results())).toEqual({});
  });
});

describe('chapter 01-namespaces on bad state', () => {
  beforeEach(async () => {
    await chapter.teardown();
  });

  it('fails every check once the solution is torn down', async () => {
    const results = await chapter.results();
    for (const id of CHECK_IDS) {
      expect(results[id]?.error, id).toBeUndefined();
      expect(results[id]?.passed, id).toBe(false);
    }
  });

  it('fails pid-and-hostname for a process with the right hostname that is not PID 1', async () => {
    await startWithHostname('--uts');
    expect(await failedCriteria('pid-and-hostname')).toContain('it is PID 1 in a PID namespace of its own');
  });

  it('fails pid-and-hostname when /proc was not mounted for the new PID namespace', async () => {
    await startWithHostname('--pid --fork --kill-child --uts');
    expect(await failedCriteria('pid-and-hostname')).toEqual([
      'its /proc is mounted for its PID namespace (ps inside lists only its processes)',
    ]);
  });

  it('fails pid-and-hostname for a PID 1 whose hostname is not kubelab-ns1', async () => {
    await startWithHostname('--pid --fork --kill-child --mount-proc --uts', 'kubelab-other');
    try {
      const failed = await failedCriteria('pid-and-hostname');
      expect(failed).toContain('a process runs in its own UTS namespace with hostname kubelab-ns1');
    } finally {
      // teardown.sh only knows kubelab-ns1: stop this PID 1 (and so its namespace) by its hostname.
      for (const pid of await sleepersNamed('kubelab-other')) await bash(`kill -KILL ${pid}`);
    }
  });

  it('fails private-mount when the tmpfs is mounted on the host instead of in a namespace of its own', async () => {
    await bash('mkdir -p private && mount -t tmpfs kubelab-ns1-private private && echo leaked > private/secret.txt');
    const failed = await failedCriteria('private-mount');
    expect(failed).toContain(`the host has no mount at ${await realWorkDir()}/private`);
    expect(failed).toContain(`the host cannot see ${await realWorkDir()}/private/secret.txt`);
  });

  it('fails private-mount when the namespace has the tmpfs but no secret.txt in it', async () => {
    await bash(`mkdir -p private; setsid -f unshare --mount sh -c 'mount -t tmpfs kubelab-ns1-private "$0" &&
      exec sleep infinity' "$PWD/private" >/dev/null 2>&1`);
    expect(await failedOnceInPlace('private-mount')).toEqual([
      `inside that mount namespace, ${await realWorkDir()}/private/secret.txt exists`,
    ]);
  });

  it('fails empty-network while lo is down and nothing listens inside the namespace', async () => {
    await bash('ip netns add kubelab-ns1');
    const failed = await failedCriteria('empty-network');
    expect(failed).toEqual(['lo is up inside it', 'a process inside it listens on TCP port 8081']);
  });

  it('fails empty-network when the namespace holds a second interface', async () => {
    await bash(
      'ip netns add kubelab-ns1 && ip -n kubelab-ns1 link add kubelab-ns1-a type veth peer name kubelab-ns1-b',
    );
    expect(await failedCriteria('empty-network')).toContain('its only network interface is lo');
  });

  it('fails exec-into-container while nothing has joined the running container', async () => {
    await startWithHostname('--pid --fork --kill-child --mount-proc --uts --ipc');
    expect(await failedOnceInPlace('exec-into-container')).toContain(
      'another process entered its PID namespace from outside (as nsenter and docker exec do)',
    );
  });

  it('fails private-message-queue when the queue is created on the host, not in the container', async () => {
    await startWithHostname('--pid --fork --kill-child --mount-proc --uts --ipc');
    const { stdout } = await bash('ipcmk -Q');
    const id = /(\d+)/.exec(stdout)?.[1];
    try {
      expect(await failedCriteria('private-message-queue')).toEqual([
        "a message queue exists in the container's IPC namespace",
        'the host cannot see that queue',
      ]);
    } finally {
      if (id) await bash(`ipcrm -q ${id}`);
    }
  });

  it('fails private-message-queue when the container shares the host IPC namespace', async () => {
    await startWithHostname('--pid --fork --kill-child --mount-proc --uts');
    const failed = await failedCriteria('private-message-queue');
    expect(failed).toContain('the kubelab-ns1 container has an IPC namespace of its own');
  });
});

async function realWorkDir(): Promise<string> {
  return (await bash('pwd -P')).stdout.trim();
}
