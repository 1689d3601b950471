// Starts a real API server in this process on port 0 (HTTPS, the cluster PKI in a temp dir, bootstrap objects),
// over a memory store by default, and writes an admin kubeconfig for the real kubectl.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer } from '../../server/apiserver/api-server.js';
import { bootstrapCluster } from '../../server/apiserver/bootstrap.js';
import { ensurePki, kubeconfig, type Pki } from '../../server/apiserver/pki.js';
import { silentLogger } from '../../server/log.js';
import { createStore } from '../../server/store/create-store.js';
import type { Store } from '../../server/store/store.js';

export interface TestApiServer {
  url: string;
  pki: Pki;
  store: Store;
  /** Path of an admin kubeconfig (pass as KUBECONFIG to kubectl). */
  kubeconfig: string;
  /** Path of a read-only (grader) kubeconfig. */
  readerKubeconfig: string;
  stateDir: string;
  /** Stops the server, closes the store (a store passed in too) and removes the state dir. */
  close(): Promise<void>;
}

export async function startTestApiServer(options: { store?: Store } = {}): Promise<TestApiServer> {
  const stateDir = await mkdtemp(join(tmpdir(), 'kubelab-apiserver-'));
  const store = options.store ?? (await createStore({ kind: 'memory' }));
  const pki = ensurePki(stateDir);
  const server = await startApiServer({ store, pki, log: silentLogger, host: '127.0.0.1', port: 0 });
  await bootstrapCluster(store, pki.caCert, { ip: '127.0.0.1', port: server.port });
  const admin = join(stateDir, 'admin.kubeconfig');
  const reader = join(stateDir, 'reader.kubeconfig');
  await writeFile(admin, kubeconfig(pki, server.url, 'admin'));
  await writeFile(reader, kubeconfig(pki, server.url, 'reader'));
  return {
    url: server.url,
    pki,
    store,
    kubeconfig: admin,
    readerKubeconfig: reader,
    stateDir,
    async close() {
      await server.close();
      await store.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}
