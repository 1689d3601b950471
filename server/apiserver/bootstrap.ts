// The objects a new cluster starts with, as upstream's apiserver creates them: the system namespaces, each with its
// default ServiceAccount and CA ConfigMap, and the `kubernetes` Service (10.96.0.1:443) pointing at the API server.
import type { KubeObject } from '../api/meta.js';
import type { Store } from '../store/store.js';
import { populateNamespace } from './registry/core/namespace-content.js';
import { ResourceStore } from './registry/resource-store.js';
import { serverObject } from './registry/strategies.js';
import { ResourceRegistry } from './resources.js';

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export async function bootstrapCluster(
  store: Store,
  caCert: string,
  apiserver: { ip: string; port: number },
): Promise<void> {
  const registry = new ResourceRegistry();
  const storeOf = (resource: string) => new ResourceStore(store, registry.find('', 'v1', resource)!);
  const now = new Date();
  const ensure = async (resources: ResourceStore, object: KubeObject) => {
    if (await resources.find(object.metadata.namespace, object.metadata.name!)) return;
    await resources.create(serverObject(resources.info, object, now));
  };
  for (const name of SYSTEM_NAMESPACES) {
    await ensure(storeOf('namespaces'), { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    await populateNamespace(
      name,
      { serviceAccounts: storeOf('serviceaccounts'), configMaps: storeOf('configmaps') },
      caCert,
      now,
    );
  }
  const labels = { component: 'apiserver', provider: 'kubernetes' };
  if (!(await store.get('/registry/ranges/serviceips/10.96.0.1'))) {
    await store
      .create('/registry/ranges/serviceips/10.96.0.1', JSON.stringify({ namespace: 'default', name: 'kubernetes' }))
      .catch(() => undefined);
  }
  await ensure(storeOf('services'), {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels },
    spec: {
      type: 'ClusterIP',
      clusterIP: '10.96.0.1',
      clusterIPs: ['10.96.0.1'],
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: apiserver.port }],
    },
  });
  await ensure(storeOf('endpoints'), {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' },
    },
    subsets: [{ addresses: [{ ip: apiserver.ip }], ports: [{ name: 'https', port: apiserver.port, protocol: 'TCP' }] }],
  });
}
