// `kubelab supervise`: keeps every service running where there is no systemd. A service that exits is started
// again after a back-off (1 s doubling to 30 s, reset once it has stayed up a minute); SIGTERM stops them all.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../log.js';
import type { KubelabConfig } from './config.js';
import { kubelabArgv, services, type ServiceSpec } from './services.js';

const STABLE_MS = 60_000;
const MAX_BACKOFF_MS = 30_000;

export function supervisorPidFile(config: KubelabConfig): string {
  return join(config.runDir, 'supervisor.pid');
}

export function servicePidFile(config: KubelabConfig, name: string): string {
  return join(config.runDir, `${name}.pid`);
}

export async function runSupervisor(config: KubelabConfig, log: Logger): Promise<void> {
  writeFileSync(supervisorPidFile(config), `${process.pid}\n`);
  const children = new Map<string, ChildProcess>();
  let stopping = false;

  const start = (spec: ServiceSpec, backoffMs: number) => {
    const logFd = openSync(join(config.logsDir, `${spec.name}.log`), 'a');
    const [program, ...args] = kubelabArgv(config, spec.args);
    const child = spawn(program!, args, { stdio: ['ignore', logFd, logFd], env: process.env });
    const startedAt = Date.now();
    children.set(spec.name, child);
    writeFileSync(servicePidFile(config, spec.name), `${child.pid}\n`);
    log.info('service started', { service: spec.name, pid: child.pid });
    child.on('exit', (code, signal) => {
      children.delete(spec.name);
      rmSync(servicePidFile(config, spec.name), { force: true });
      if (stopping) return;
      const next = Date.now() - startedAt > STABLE_MS ? 1_000 : Math.min(backoffMs * 2, MAX_BACKOFF_MS);
      log.warn('service exited; restarting', { service: spec.name, code, signal, inMs: next });
      setTimeout(() => start(spec, next), next);
    });
  };

  for (const spec of services(config)) start(spec, 500);

  await new Promise<void>((resolve) => {
    const stop = () => {
      stopping = true;
      log.info('stopping services');
      if (children.size === 0) resolve();
      for (const child of children.values()) {
        child.once('exit', () => children.size === 0 && resolve());
        child.kill('SIGTERM');
      }
      setTimeout(() => {
        for (const child of children.values()) child.kill('SIGKILL');
        resolve();
      }, 10_000).unref();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  rmSync(supervisorPidFile(config), { force: true });
}
