// `kubelab apiserver`: the API server over the embedded SQLite store (or etcd with --etcd-servers), with the
// cluster's PKI and kubeconfigs in the state dir. Old history is compacted every five minutes, as upstream does.
import { mkdirSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../log.js';
import { startApiServer } from '../apiserver/api-server.js';
import { bootstrapCluster } from '../apiserver/bootstrap.js';
import {
  DEFAULT_TOLERATION_SECONDS,
  type TolerationDefaults,
} from '../apiserver/registry/admission/default-toleration-seconds.js';
import { ensurePki, kubeconfig } from '../apiserver/pki.js';
import { createStore } from '../store/create-store.js';
import { kubeconfigPath, type KubelabConfig } from './config.js';

const COMPACT_EVERY_MS = 5 * 60_000;
const HISTORY_KEPT = 10_000;

export async function runApiServer(config: KubelabConfig, args: string[], log: Logger): Promise<number> {
  const tolerations = tolerationFlags(args);
  if (typeof tolerations === 'string') {
    console.error(tolerations);
    return 2;
  }
  const etcd = flag(args, '--etcd-servers') ?? process.env.KUBELAB_ETCD_SERVERS;
  const store = await createStore(
    etcd ? { kind: 'etcd', servers: etcd.split(',') } : { kind: 'sqlite', path: join(config.stateDir, 'store.db') },
  );
  const pki = ensurePki(config.stateDir);
  writeKubeconfigs(config, pki);
  await bootstrapCluster(store, pki.caCert, { ip: hostAddress(), port: config.apiserverPort });
  const server = await startApiServer({ store, pki, log, host: '0.0.0.0', port: config.apiserverPort, tolerations });
  const compaction = setInterval(async () => {
    const revision = (await store.currentRevision()) - HISTORY_KEPT;
    if (revision > 0)
      await store.compact(revision).catch((error: unknown) => log.warn('compaction failed', { error: String(error) }));
  }, COMPACT_EVERY_MS);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  clearInterval(compaction);
  await server.close();
  await store.close();
  return 0;
}

/**
 * kube-apiserver's --default-not-ready-toleration-seconds and --default-unreachable-toleration-seconds (300 each
 * when absent): how long new pods stay on a node that stopped reporting. An error message for a bad value.
 */
export function tolerationFlags(args: string[]): TolerationDefaults | string {
  const seconds = (name: string): number | string => {
    const text = flag(args, name);
    if (text === undefined) return DEFAULT_TOLERATION_SECONDS;
    return /^\d+$/.test(text) ? Number(text) : `${name} needs a whole number of seconds, not "${text}"`;
  };
  const notReadySeconds = seconds('--default-not-ready-toleration-seconds');
  const unreachableSeconds = seconds('--default-unreachable-toleration-seconds');
  if (typeof notReadySeconds === 'string') return notReadySeconds;
  if (typeof unreachableSeconds === 'string') return unreachableSeconds;
  return { notReadySeconds, unreachableSeconds };
}

/** Kubeconfigs for each role in the state dir: admin (students), reader (graders), node (kubelets). */
export function writeKubeconfigs(config: KubelabConfig, pki: ReturnType<typeof ensurePki>): void {
  mkdirSync(config.stateDir, { recursive: true });
  for (const role of ['admin', 'reader', 'node'] as const) {
    writeFileSync(kubeconfigPath(config, role), kubeconfig(pki, `https://127.0.0.1:${config.apiserverPort}`, role), {
      mode: 0o600,
    });
  }
}

function flag(args: string[], name: string): string | undefined {
  const inline = args.find((arg) => arg.startsWith(`${name}=`));
  if (inline) return inline.slice(name.length + 1);
  const index = args.indexOf(name);
  return index >= 0 ? (args[index + 1] ?? '') : undefined;
}

/** The first non-loopback IPv4 address: where pods reach the API server through the `kubernetes` Service. */
function hostAddress(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    const found = addresses?.find((address) => address.family === 'IPv4' && !address.internal);
    if (found) return found.address;
  }
  return '127.0.0.1';
}
