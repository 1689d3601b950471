// Where the API server is and how to prove who we are: the server URL, the cluster CA, a bearer token. Loaded from a
// kubeconfig as kubectl does (current-context → cluster + user), for the subset kubelab's own kubeconfigs use.
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

/** How to reach one API server. */
export interface ClientConfig {
  /** Base URL, e.g. `https://127.0.0.1:6443`. */
  server: string;
  /** PEM of the CA that signed the server's certificate; unset = the system trust store. */
  caCert?: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** The kubeconfig context's namespace, for callers that want a default (kubectl's). */
  namespace?: string;
  /** Sent as User-Agent; the API server records it as the field manager of updates. */
  userAgent?: string;
  /** Give up on a (non-watch) request after this long. Default 60 s. */
  requestTimeoutMs?: number;
}

const Cluster = z
  .object({
    server: z.string(),
    'certificate-authority-data': z.string().optional(),
    'certificate-authority': z.string().optional(),
  })
  .loose();
const User = z.object({ token: z.string().optional(), tokenFile: z.string().optional() }).loose();
const Context = z
  .object({ cluster: z.string(), user: z.string().optional(), namespace: z.string().optional() })
  .loose();

const Kubeconfig = z
  .object({
    'current-context': z.string().optional(),
    clusters: z.array(z.object({ name: z.string(), cluster: Cluster })).default([]),
    users: z.array(z.object({ name: z.string(), user: User.nullable().default({}) })).default([]),
    contexts: z.array(z.object({ name: z.string(), context: Context })).default([]),
  })
  .loose();

/** Error for a kubeconfig that parses but does not say how to connect. */
export class KubeconfigError extends Error {}

/**
 * Reads a kubeconfig file and resolves `context` (default: current-context) to a ClientConfig. Relative
 * certificate-authority and tokenFile paths are relative to the kubeconfig's folder, as in kubectl.
 */
export async function loadKubeconfig(path: string, options: { context?: string } = {}): Promise<ClientConfig> {
  return parseKubeconfig(await readFile(path, 'utf8'), { ...options, baseDir: dirname(path) });
}

/** The ClientConfig a kubeconfig's text describes; file references are read relative to `baseDir`. */
export async function parseKubeconfig(
  text: string,
  options: { context?: string; baseDir?: string } = {},
): Promise<ClientConfig> {
  const parsed = Kubeconfig.safeParse(parse(text));
  if (!parsed.success) throw new KubeconfigError(`invalid kubeconfig: ${parsed.error.message}`);
  const config = parsed.data;
  const contextName = options.context ?? config['current-context'];
  const context = config.contexts.find((entry) => entry.name === contextName)?.context;
  if (!context) throw new KubeconfigError(`kubeconfig has no context "${contextName ?? ''}"`);
  const cluster = config.clusters.find((entry) => entry.name === context.cluster)?.cluster;
  if (!cluster) throw new KubeconfigError(`kubeconfig has no cluster "${context.cluster}"`);
  const user = config.users.find((entry) => entry.name === context.user)?.user ?? {};
  const file = (path: string) => readFile(isAbsolute(path) ? path : resolve(options.baseDir ?? '.', path), 'utf8');

  let caCert: string | undefined;
  if (cluster['certificate-authority-data'])
    caCert = Buffer.from(cluster['certificate-authority-data'], 'base64').toString('utf8');
  else if (cluster['certificate-authority']) caCert = await file(cluster['certificate-authority']);
  let token = user.token;
  if (!token && user.tokenFile) token = (await file(user.tokenFile)).trim();
  return { server: cluster.server, caCert, token, namespace: context.namespace };
}
