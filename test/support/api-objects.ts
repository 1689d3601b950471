// API objects as the API server's unit tests build them, and the Pod spec its defaulting makes of the simplest one.
import type { KubeObject, ObjectMeta } from '../../server/api/meta.js';

/** Metadata of a namespaced object in `default`, with any `extra` fields. */
export const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: 'default', ...extra });

/** A v1 object of `kind` with `body` beside its metadata (named `x` in `default` unless given). */
export const obj = (kind: string, body: Record<string, unknown>, metadata: ObjectMeta = meta('x')): KubeObject => ({
  apiVersion: 'v1',
  kind,
  metadata,
  ...body,
});

/** The container `{ name: 'web', image: 'nginx:1.27' }` once defaulted, as upstream's SetDefaults_Container. */
export const DEFAULTED_CONTAINER = {
  name: 'web',
  image: 'nginx:1.27',
  imagePullPolicy: 'IfNotPresent',
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
  resources: {},
};

/** A Pod spec holding only that container, once defaulted, as upstream's SetDefaults_PodSpec. */
export const DEFAULTED_POD_SPEC = {
  containers: [DEFAULTED_CONTAINER],
  restartPolicy: 'Always',
  dnsPolicy: 'ClusterFirst',
  securityContext: {},
  terminationGracePeriodSeconds: 30,
  schedulerName: 'default-scheduler',
};
