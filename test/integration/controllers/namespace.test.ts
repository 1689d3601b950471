// Against a real in-process API server over HTTPS (memory store), hence an integration test: the namespace
// controller needs discovery, deletecollection and the namespaces/<name>/finalize subresource, which the fake
// client does not serve.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '../../../server/api/types/core.js';
import { isNotFound, type Client } from '../../../server/client/index.js';
import { NamespaceController } from '../../../server/controllers/namespace.js';
import { startControllerHarness, type ControllerHarness } from '../../support/controller-harness.js';

let harness: ControllerHarness<[NamespaceController]>;
let client: Client;
let controller: NamespaceController;

beforeAll(async () => {
  // Its workers stay off: each test calls sync() itself.
  harness = await startControllerHarness({ controllers: (options) => [new NamespaceController(options)], run: false });
  ({ client } = harness);
  [controller] = harness.controllers;
});

afterAll(() => harness?.close());

/** Creates `name` with a ConfigMap and a pod, deletes it, and waits until the informer sees it Terminating. */
async function terminating(name: string, pod: Partial<Pod['spec']> = {}): Promise<void> {
  await client.namespaces().create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  await client.configmaps(name).create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' } });
  const spec = { containers: [{ name: 'c', image: 'busybox' }], ...pod };
  await client.pods(name).create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec } as Pod);
  await client.namespaces().delete(name);
  const informer = harness.informers.informerFor('namespaces');
  await expect.poll(() => informer.get(name)?.metadata.deletionTimestamp, { timeout: 30_000 }).toBeTruthy();
}

describe('NamespaceController.sync', () => {
  it('leaves a namespace that is not being deleted alone', async () => {
    await client.namespaces().create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'alive' } });
    await controller.sync('alive');
    expect((await client.namespaces().get('alive')).status?.phase).toBe('Active');
  });

  it('deletes everything in a terminating namespace, and keeps it while a pod waits for its kubelet', async () => {
    await terminating('busy', { nodeName: 'node-1' });
    await controller.sync('busy');
    expect((await client.configmaps('busy').list()).items).toEqual([]);
    const [pod] = (await client.pods('busy').list()).items;
    expect(pod?.metadata.deletionTimestamp).toBeDefined();
    expect((await client.namespaces().get('busy')).spec?.finalizers).toEqual(['kubernetes']);
  });

  it('finalizes an emptied namespace, which the API server then deletes', async () => {
    await terminating('empty');
    await controller.sync('empty');
    await expect(client.namespaces().get('empty')).rejects.toSatisfy(isNotFound);
  });
});
