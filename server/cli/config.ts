// Where kubelab keeps things, from the environment ./kubelab sets up. Computed once in main and passed around.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface KubelabConfig {
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
  const rootDir = resolve(dirname(new URL(import.meta.url).pathname), '../..');
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
