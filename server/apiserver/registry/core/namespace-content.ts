// What every namespace holds from the start, as upstream's ServiceAccount and root-CA publisher controllers make
// it: the `default` ServiceAccount and the `kube-root-ca.crt` ConfigMap with the cluster CA.
import type { KubeObject } from '../../../api/meta.js';
import { prepareObjectForCreate } from '../lifecycle.js';
import type { ResourceStore } from '../resource-store.js';

/** Creates what `namespace` lacks of its standard content; objects that already exist are left as they are. */
export async function populateNamespace(
  namespace: string,
  stores: { serviceAccounts: ResourceStore; configMaps: ResourceStore },
  caCert: string,
  now: Date,
): Promise<void> {
  const wanted: [ResourceStore, KubeObject][] = [
    [stores.serviceAccounts, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace } }],
    [
      stores.configMaps,
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'kube-root-ca.crt',
          namespace,
          annotations: { 'kubernetes.io/description': 'The cluster CA, for clients in pods to verify the API server.' },
        },
        data: { 'ca.crt': caCert },
      },
    ],
  ];
  for (const [store, object] of wanted) {
    if (await store.find(namespace, object.metadata.name!)) continue;
    await store.create(prepareObjectForCreate(object, now)).catch((error: { reason?: string }) => {
      if (error.reason !== 'AlreadyExists') throw error;
    });
  }
}
