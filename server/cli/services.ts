// The long-running processes `kubelab up` starts. Where PID 1 is systemd (a Vagrant VM) each is a systemd unit;
// elsewhere (containers, CI) one `kubelab supervise` process keeps them running. Both read this one list.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMPILED, type KubelabConfig } from './config.js';

export interface ServiceSpec {
  /** Also the log file name (<state>/logs/<name>.log) and the systemd unit (kubelab-<name>.service). */
  name: string;
  /** Arguments to `kubelab`. */
  args: string[];
}

export function services(_config: KubelabConfig): ServiceSpec[] {
  return [
    // Pods leave a node that stopped reporting 30 s after it is marked (upstream waits 300 s): soon enough to watch.
    {
      name: 'apiserver',
      args: ['apiserver', '--default-not-ready-toleration-seconds=30', '--default-unreachable-toleration-seconds=30'],
    },
    { name: 'controller-manager', args: ['controller-manager'] },
    { name: 'scheduler', args: ['scheduler'] },
    { name: 'lab', args: ['lab'] },
  ];
}

export function systemdIsInit(): boolean {
  try {
    return readFileSync('/proc/1/comm', 'utf8').trim() === 'systemd';
  } catch {
    return false;
  }
}

/**
 * argv that runs `kubelab <args>` without the bootstrap (the machine is already set up), in one node process: the
 * compiled CLI when this one is compiled, else the sources with tsx's loader (not the tsx CLI, which would put a
 * second process in between and leave it behind on a kill -9).
 */
export function kubelabArgv(config: KubelabConfig, args: string[]): string[] {
  if (COMPILED) return [process.execPath, join(config.rootDir, 'build/server/main.js'), ...args];
  const loader = `file://${config.rootDir}/node_modules/tsx/dist/loader.mjs`;
  return [process.execPath, '--import', loader, join(config.rootDir, 'server/cli/main.ts'), ...args];
}
