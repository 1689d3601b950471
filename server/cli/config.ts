// Where kubelab keeps things, from the environment ./kubelab sets up. Computed once in main and passed around.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Whether this process runs the compiled CLI (build/server/*.js, what ./kubelab runs) rather than the TypeScript
 * sources under tsx (tests, development).
 */
export const COMPILED = import.meta.url.endsWith('.js');

export interface KubelabConfig {
  /** The repository: labs/, web/dist and node_modules are found from here, whether compiled or not. */
  rootDir: string;
  stateDir: string;
  labsDir: string;
  webDist: string;
  logsDir: string;
  runDir: string;
  labHost: string;
  labPort: number;
  apiserverPort: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): KubelabConfig {
  // This file is server/cli/config.ts, or bundled into build/server/*.js (as deep: see vagrant/setup.sh).
  const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const stateDir = resolve(env.KUBELAB_STATE_DIR ?? '/var/lib/kubelab');
  return {
    rootDir,
    stateDir,
    labsDir: join(rootDir, 'labs'),
    webDist: join(rootDir, 'web/dist'),
    logsDir: join(stateDir, 'logs'),
    runDir: join(stateDir, 'run'),
    labHost: env.KUBELAB_LAB_HOST ?? '127.0.0.1',
    labPort: Number(env.KUBELAB_LAB_PORT ?? 8080),
    apiserverPort: Number(env.KUBELAB_APISERVER_PORT ?? 6443),
  };
}

/** Creates the state folders (private to root) if they are missing. */
export function ensureStateDirs(config: KubelabConfig): void {
  for (const dir of [config.stateDir, config.logsDir, config.runDir]) mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** The lab token, made once per machine and kept in the state dir (mode 600). */
export function labToken(config: KubelabConfig): string {
  const file = join(config.stateDir, 'lab-token');
  if (!existsSync(file)) {
    ensureStateDirs(config);
    writeFileSync(file, randomBytes(24).toString('hex') + '\n', { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

/** The address a student opens. */
export function labUrl(config: KubelabConfig): string {
  return `http://localhost:${config.labPort}/?token=${labToken(config)}`;
}

/** The kubeconfig of a role in the state dir, written by the API server: admin (students), reader, node. */
export function kubeconfigPath(config: KubelabConfig, role: 'admin' | 'reader' | 'node'): string {
  return join(config.stateDir, `${role}.kubeconfig`);
}

/**
 * Lets a compiled process import TypeScript from then on (a chapter's checks.ts, a student's scheduler plugin):
 * tsx's loader, registered only where such a file is loaded, as it costs each process ~35 MB. Under the sources
 * tsx is already there.
 */
export async function registerTypeScript(): Promise<void> {
  if (!COMPILED) return;
  // Both, as `node --import tsx` does: a .ts file outside a "type": "module" package is loaded as CommonJS.
  (await import('tsx/cjs/api')).register();
  (await import('tsx/esm/api')).register();
}
