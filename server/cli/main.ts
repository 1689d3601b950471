// `kubelab <command>`: the one entry point for every process kubelab runs. ./kubelab sets the machine up first.
import { createLogger } from '../log.js';
import { startLabServer } from '../lab/lab-server.js';
import { runApiServer } from './apiserver-command.js';
import { runControllerManager } from './controller-manager-command.js';
import { runScheduler } from './scheduler-command.js';
import { checkCommand } from './check-command.js';
import { ensureStateDirs, labToken, loadConfig } from './config.js';
import { down, status, up } from './lifecycle.js';
import { runSupervisor } from './supervisor.js';
import { testCommand } from './test-command.js';

const USAGE = `usage: ./kubelab <command>

  up                 set up this machine, start the workbook (and later the cluster); prints the URL
  down               stop everything kubelab started
  status             what runs, and the workbook URL
  test               set up and run the whole test suite (typecheck, lint, format, unit, integration, e2e)
  check <chapter>    run a chapter's checks here, e.g. ./kubelab check 01 (--json for machines)
  lab                run the lab server in the foreground (what 'up' supervises)
  apiserver          run the Kubernetes API server in the foreground (--etcd-servers URL,... to use etcd)
  controller-manager run the controllers in the foreground (leader election through a Lease)
  scheduler          run the scheduler in the foreground (--config FILE for profiles)
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  const config = loadConfig();
  switch (command) {
    case 'up':
      await up(config);
      return 0;
    case 'down':
      await down(config);
      return 0;
    case 'status':
      return (await status(config)) ? 0 : 1;
    case 'test':
      return testCommand(config, args);
    case 'check':
      return checkCommand(config, args);
    case 'lab':
      return runLab(config);
    case 'apiserver':
      ensureStateDirs(config);
      return runApiServer(config, args, createLogger('apiserver'));
    case 'controller-manager':
      return runControllerManager(config, createLogger('controller-manager'));
    case 'scheduler':
      return runScheduler(config, args, createLogger('scheduler'));
    case 'supervise':
      ensureStateDirs(config);
      await runSupervisor(config, createLogger('supervisor'));
      return 0;
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      return 0;
    default:
      console.error(`unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

async function runLab(config: ReturnType<typeof loadConfig>): Promise<number> {
  ensureStateDirs(config);
  const log = createLogger('lab');
  const server = await startLabServer({
    rootDir: config.rootDir,
    labsDir: config.labsDir,
    webDist: config.webDist,
    stateDir: config.stateDir,
    token: labToken(config),
    host: config.labHost,
    port: config.labPort,
    log,
  });
  console.log(`workbook: ${server.url}`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await server.close();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
