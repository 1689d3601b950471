// `kubelab scheduler`: the scheduler in its own process, as kube-scheduler, seeing the cluster only through the API.
// Profiles come from --config <file> (KubeSchedulerConfiguration-shaped YAML); several copies elect one leader
// through the Lease kube-system/kube-scheduler.
import { readFile } from 'node:fs/promises';
import { createClient, loadKubeconfig } from '../client/index.js';
import type { Logger } from '../log.js';
import { parseSchedulerConfig, type ProfileConfig } from '../scheduler/profile.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { kubeconfigPath } from './apiserver-command.js';
import type { KubelabConfig } from './config.js';
import { leaderElector } from './controller-manager-command.js';

export async function runScheduler(config: KubelabConfig, args: string[], log: Logger): Promise<number> {
  const configFile = args[args.indexOf('--config') + 1];
  let profiles: ProfileConfig[] | undefined;
  if (args.includes('--config') && configFile) {
    const parsed = parseSchedulerConfig(await readFile(configFile, 'utf8'));
    if (!parsed.ok) {
      console.error(`${configFile}: ${parsed.error}`);
      return 2;
    }
    profiles = parsed.config.profiles;
  }
  const client = createClient(await loadKubeconfig(kubeconfigPath(config, 'admin')));
  const elector = leaderElector(client, 'kube-scheduler', log);
  const stop = () => elector.stop();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await elector.run(async (lost) => {
    const scheduler = new Scheduler({ client, profiles, log });
    await scheduler.start();
    await new Promise<void>((resolve) => lost.addEventListener('abort', () => resolve()));
    await scheduler.stop();
  });
  client.close();
  return 0;
}
