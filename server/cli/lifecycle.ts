// `kubelab up`, `down` and `status`: start, stop and report the services, through systemd where it is PID 1 and
// through `kubelab supervise` elsewhere.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { stopStartedDockerd } from './docker-engine.js';
import { ensureStateDirs, kubeconfigPath, labToken, labUrl, type KubelabConfig } from './config.js';
import { kubelabArgv, services, systemdIsInit } from './services.js';
import { servicePidFile, supervisorPidFile } from './supervisor.js';

export async function up(config: KubelabConfig): Promise<void> {
  ensureStateDirs(config);
  labToken(config);
  if (systemdIsInit()) startUnits(config);
  else if (readPid(supervisorPidFile(config)) === null) startSupervisor(config);
  await waitForLab(config);
  await waitForApiServer(config);
  const kubeconfigFile = installKubeconfig(config);
  console.log(`kubelab is up. Open the workbook:\n\n  ${labUrl(config)}\n`);
  console.log(`kubectl talks to the cluster through ${kubeconfigFile} (try: kubectl get ns)`);
  console.log(`Logs: ${config.logsDir}   Stop: ./kubelab down   Status: ./kubelab status`);
}

export async function down(config: KubelabConfig): Promise<void> {
  if (systemdIsInit()) {
    for (const spec of services(config)) systemctl('stop', unitName(spec.name));
  }
  const pid = readPid(supervisorPidFile(config));
  if (pid !== null) {
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 150 && alive(pid); i++) await delay(100);
  }
  const docker = await stopStartedDockerd(config);
  if (docker.kind === 'stopped') console.log(`stopped the Docker engine up started (pid ${docker.pid})`);
  if (docker.kind === 'still-stopping')
    console.log(`the Docker engine up started (pid ${docker.pid}) is still stopping: run ./kubelab down again`);
  console.log('kubelab is stopped.');
}

export async function status(config: KubelabConfig): Promise<boolean> {
  let allUp = true;
  const rows: [string, string][] = [];
  for (const spec of services(config)) {
    const running = systemdIsInit()
      ? systemctl('is-active', unitName(spec.name)) === 'active'
      : readPid(servicePidFile(config, spec.name)) !== null;
    allUp &&= running;
    rows.push([spec.name, running ? 'running' : 'stopped']);
  }
  const answering = await labAnswers(config);
  rows.push(['workbook', answering ? labUrl(config) : 'not answering']);
  const cluster = await apiServerAnswers(config);
  rows.push(['cluster', cluster ? `https://127.0.0.1:${config.apiserverPort} (kubectl get ns)` : 'not answering']);
  process.stdout.write(statusTable(rows));
  return allUp && answering && cluster;
}

/** `kubelab status` rows as two columns, the second starting two spaces after the longest name. */
export function statusTable(rows: [string, string][]): string {
  const width = Math.max(0, ...rows.map(([name]) => name.length));
  return rows.map(([name, state]) => `${name.padEnd(width)}  ${state}\n`).join('');
}

function startSupervisor(config: KubelabConfig): void {
  const logFd = openSync(join(config.logsDir, 'supervisor.log'), 'a');
  const [program, ...args] = kubelabArgv(config, ['supervise']);
  spawn(program!, args, { detached: true, stdio: ['ignore', logFd, logFd], env: process.env }).unref();
}

function unitName(service: string): string {
  return `kubelab-${service}.service`;
}

/** Writes one unit per service (Restart=always: systemd is the supervisor here) and starts them. */
function startUnits(config: KubelabConfig): void {
  for (const spec of services(config)) {
    const unit = `[Unit]
Description=kubelab ${spec.name}
After=network-online.target docker.service

[Service]
Environment=KUBELAB_STATE_DIR=${config.stateDir}
Environment=KUBELAB_LAB_HOST=${config.labHost}
Environment=KUBELAB_LAB_PORT=${config.labPort}
Environment=HOME=/root
ExecStart=${kubelabArgv(config, spec.args).join(' ')}
Restart=always
RestartSec=2
StandardOutput=append:${config.logsDir}/${spec.name}.log
StandardError=append:${config.logsDir}/${spec.name}.log

[Install]
WantedBy=multi-user.target
`;
    writeFileSync(`/etc/systemd/system/${unitName(spec.name)}`, unit);
  }
  systemctl('daemon-reload');
  for (const spec of services(config)) systemctl('enable', '--now', unitName(spec.name));
}

function systemctl(...args: string[]): string {
  try {
    return execFileSync('systemctl', args, { encoding: 'utf8' }).trim();
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? '').trim();
  }
}

/**
 * Points the student's kubectl at the cluster: ~/.kube/config becomes the admin kubeconfig. A kubeconfig that was
 * there before and is not ours is kept as config.before-kubelab.
 */
function installKubeconfig(config: KubelabConfig): string {
  const dir = join(homedir(), '.kube');
  const target = join(dir, 'config');
  mkdirSync(dir, { recursive: true });
  const ours = readFileSync(kubeconfigPath(config, 'admin'), 'utf8');
  if (existsSync(target)) {
    const current = readFileSync(target, 'utf8');
    if (current === ours) return target;
    if (!current.includes('name: kubelab') && !existsSync(`${target}.before-kubelab`))
      copyFileSync(target, `${target}.before-kubelab`);
  }
  writeFileSync(target, ours, { mode: 0o600 });
  return target;
}

async function waitForApiServer(config: KubelabConfig): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (existsSync(kubeconfigPath(config, 'admin')) && (await apiServerAnswers(config))) return;
    await delay(100);
  }
  throw new Error(`the API server did not answer within 30 s: see ${join(config.logsDir, 'apiserver.log')}`);
}

function apiServerAnswers(config: KubelabConfig): Promise<boolean> {
  const options = { host: '127.0.0.1', port: config.apiserverPort, path: '/readyz', rejectUnauthorized: false };
  return answersOk(httpsRequest, options);
}

async function waitForLab(config: KubelabConfig): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await labAnswers(config)) return;
    await delay(100);
  }
  throw new Error(`the workbook did not answer within 30 s: see ${join(config.logsDir, 'lab.log')}`);
}

/** Whether the workbook lists its chapters to our token (through node:http: fetch would load undici, ~50 ms). */
function labAnswers(config: KubelabConfig): Promise<boolean> {
  const headers = { authorization: `Bearer ${labToken(config)}` };
  return answersOk(httpRequest, { host: '127.0.0.1', port: config.labPort, path: '/api/chapters', headers });
}

/** Whether a GET answers 200 within 2 s. */
function answersOk(
  request: (options: RequestOptions, callback: (res: IncomingMessage) => void) => ClientRequest,
  options: RequestOptions,
): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ ...options, timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

function readPid(file: string): number | null {
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
