// The Docker engine `up` started itself, and only that one, is stopped by `down`. Where PID 1 is not systemd and no
// engine answers, setup starts dockerd by hand (vagrant/setup.sh) and records it in <state>/run/started-dockerd as
// "<pid> <start time>"; an engine that was already running, or systemd's docker.service, is never recorded, so it
// stays. The start time (field 22 of /proc/<pid>/stat) tells our dockerd from a later process that got its pid.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { KubelabConfig } from './config.js';

/** dockerd stops its containers first, 15 s at most by default (--shutdown-timeout); its containerd follows it. */
const STOP_TIMEOUT_MS = 30_000;

/** Where setup records the dockerd it started. */
export function startedDockerdFile(config: KubelabConfig): string {
  return join(config.runDir, 'started-dockerd');
}

/**
 * A running process's start time in clock ticks since boot; null if it does not exist or is a zombie (exited, not
 * yet reaped: where PID 1 is no init, as in a container, nobody may ever reap it).
 */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces: state is field 3, starttime 22.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] === 'Z' ? null : (fields[19] ?? null);
  } catch {
    return null;
  }
}

/** The pid of the recorded dockerd if that very process still runs; null when there is nothing of ours to stop. */
function startedDockerd(config: KubelabConfig): number | null {
  const file = startedDockerdFile(config);
  if (!existsSync(file)) return null;
  const [pid, startTime] = readFileSync(file, 'utf8').trim().split(/\s+/);
  const n = Number(pid);
  return Number.isInteger(n) && n > 0 && startTime !== undefined && processStartTime(n) === startTime ? n : null;
}

/** What `down` did about the Docker engine. */
export type DockerdStop = { kind: 'none' } | { kind: 'stopped'; pid: number } | { kind: 'still-stopping'; pid: number };

/**
 * Stops the dockerd `up` started (SIGTERM, then waits for it to exit) and forgets it. A record whose process is
 * gone or is another process now is dropped without a signal. On a timeout the record stays, for the next `down`.
 */
export async function stopStartedDockerd(config: KubelabConfig, timeoutMs = STOP_TIMEOUT_MS): Promise<DockerdStop> {
  const pid = startedDockerd(config);
  const forget = () => rmSync(startedDockerdFile(config), { force: true });
  if (pid === null) {
    forget();
    return { kind: 'none' };
  }
  const startTime = processStartTime(pid);
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // It exited meanwhile.
  }
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
    if (processStartTime(pid) !== startTime) {
      forget();
      return { kind: 'stopped', pid };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { kind: 'still-stopping', pid };
}
