// Controllers in-process against a real API server, as the controller integration tests run them: a test API server
// (memory store), an admin client, one SharedInformerFactory the controllers share, the controllers themselves and,
// where a test wants pods to run, a stand-in kubelet. One close() takes it all down.
import { SharedInformerFactory, createClient, loadKubeconfig, type Client } from '../../server/client/index.js';
import type { ControllerOptions } from '../../server/controllers/lib/controller.js';
import { silentLogger } from '../../server/log.js';
import { startTestApiServer, type TestApiServer } from './apiserver.js';
import { startTestKubelet, type TestKubeletOptions } from './test-kubelet.js';

/** What the harness needs of a controller: every controller of server/controllers has these. */
export interface RunnableController {
  run(): Promise<void>;
  stop(): void;
}

/** How to build a harness. */
export interface ControllerHarnessOptions<C extends RunnableController[]> {
  /** Builds the controllers from the harness's client, informers and a silent logger. */
  controllers: (options: ControllerOptions) => [...C];
  /** False leaves the controllers' workers off, for a test that calls sync() itself. Default true. */
  run?: boolean;
  /** A stand-in kubelet for every pod (startTestKubelet); none unless given. */
  kubelet?: TestKubeletOptions;
}

/** A started harness. */
export interface ControllerHarness<C extends RunnableController[]> {
  server: TestApiServer;
  client: Client;
  informers: SharedInformerFactory;
  /** The controllers as built, in the order given. */
  controllers: C;
  /** Pod names in the order the kubelet first started them (empty without a kubelet). */
  startedPods: string[];
  /** Stops the controllers and informers, closes the client and the API server. */
  close(): Promise<void>;
}

/**
 * Starts a test API server and the given controllers against it; returns once the informers have synced and the
 * controllers' workers are running (unless `run: false`).
 */
export async function startControllerHarness<C extends RunnableController[]>(
  options: ControllerHarnessOptions<C>,
): Promise<ControllerHarness<C>> {
  const server = await startTestApiServer();
  const client = createClient(await loadKubeconfig(server.kubeconfig));
  const informers = new SharedInformerFactory(client);
  const controllers = options.controllers({ client, informers, log: silentLogger });
  const kubelet = options.kubelet && startTestKubelet(client, informers.informerFor('pods'), options.kubelet);
  informers.start();
  await informers.waitForSync();
  if (options.run !== false) for (const controller of controllers) void controller.run();
  return {
    server,
    client,
    informers,
    controllers,
    startedPods: kubelet ? kubelet.started : [],
    async close() {
      for (const controller of controllers) controller.stop();
      informers.stop();
      client.close();
      await server.close();
    },
  };
}
