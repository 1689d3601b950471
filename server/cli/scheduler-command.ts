// `kubelab scheduler`: the scheduler in its own process, as kube-scheduler, seeing the cluster only through the API.
// Profiles come from --config <file> (KubeSchedulerConfiguration-shaped YAML), else <state>/scheduler-config.yaml
// when it exists, else the default profile. Several copies elect one leader through the Lease
// kube-system/kube-scheduler.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadKubeconfig } from '../client/index.js';
import type { Logger } from '../log.js';
import { parseSchedulerConfig, type ProfileConfig } from '../scheduler/profile.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { kubeconfigPath, registerTypeScript, type KubelabConfig } from './config.js';
import { runLeaderElected } from './leader-election.js';

/** The profile config the scheduler reads when --config is not given, if it exists. */
export function defaultSchedulerConfig(config: KubelabConfig): string {
  return join(config.stateDir, 'scheduler-config.yaml');
}

export async function runScheduler(config: KubelabConfig, args: string[], log: Logger): Promise<number> {
  if (args.includes('--config') && !args[args.indexOf('--config') + 1]) {
    console.error('--config needs a file');
    return 2;
  }
  const fallback = defaultSchedulerConfig(config);
  const configFile = args.includes('--config')
    ? args[args.indexOf('--config') + 1]
    : existsSync(fallback)
      ? fallback
      : undefined;
  let profiles: ProfileConfig[] | undefined;
  if (configFile) {
    const text = await readFile(configFile, 'utf8').catch((error: NodeJS.ErrnoException) => error);
    if (typeof text !== 'string') {
      console.error(`${configFile}: ${text.code === 'ENOENT' ? 'no such file' : text.message}`);
      return 2;
    }
    const parsed = parseSchedulerConfig(text);
    if (!parsed.ok) {
      console.error(`${configFile}: ${parsed.error}`);
      return 2;
    }
    profiles = parsed.config.profiles;
    // A student's plugin may be TypeScript; the compiled scheduler learns it only when one is named.
    if (profiles.some((profile) => profile.customPlugins?.length)) await registerTypeScript();
  }
  const kubeconfig = await loadKubeconfig(kubeconfigPath(config, 'admin'));
  await runLeaderElected(kubeconfig, 'kube-scheduler', log, async (client, lost) => {
    const scheduler = new Scheduler({ client, profiles, log });
    await scheduler.start();
    await new Promise<void>((resolve) => lost.addEventListener('abort', () => resolve()));
    await scheduler.stop();
  });
  return 0;
}
