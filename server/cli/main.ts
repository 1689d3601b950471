// `kubelab <command>`: the one entry point for every process kubelab runs. ./kubelab sets the machine up first.
// Each command imports only what it uses, when it runs: `status` starts in a few milliseconds, and the supervisor
// and each component hold only their own code (no express in the scheduler, no API server in the supervisor).
import { createLogger } from '../log.js';
import { ensureStateDirs, labToken, loadConfig, registerTypeScript, type KubelabConfig } from './config.js';

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
      await (await import('./lifecycle.js')).up(config);
      return 0;
    case 'down':
      await (await import('./lifecycle.js')).down(config);
      return 0;
    case 'status':
      return (await (await import('./lifecycle.js')).status(config)) ? 0 : 1;
    case 'test':
      return (await import('./test-command.js')).testCommand(config, args);
    case 'check':
      // A chapter's checks are TypeScript (labs/*/checks.ts).
      await registerTypeScript();
      return (await import('./check-command.js')).checkCommand(config, args);
    case 'lab':
      return runLab(config);
    case 'apiserver':
      ensureStateDirs(config);
      return (await import('./apiserver-command.js')).runApiServer(config, args, createLogger('apiserver'));
    case 'controller-manager':
      return (await import('./controller-manager-command.js')).runControllerManager(
        config,
        createLogger('controller-manager'),
      );
    case 'scheduler':
      return (await import('./scheduler-command.js')).runScheduler(config, args, createLogger('scheduler'));
    case 'supervise':
      ensureStateDirs(config);
      await (await import('./supervisor.js')).runSupervisor(config, createLogger('supervisor'));
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

async function runLab(config: KubelabConfig): Promise<number> {
  ensureStateDirs(config);
  // A chapter's checks are TypeScript (labs/*/checks.ts), loaded when the workbook lists the chapters.
  await registerTypeScript();
  const { startLabServer } = await import('../lab/lab-server.js');
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
