// pods/binding as a scheduler uses it: the node is set once, the PodScheduled condition and the binding's
// annotations land on the pod.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, isConflict, loadKubeconfig, type Client } from '../../../server/client/index.js';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver.js';

let api: TestApiServer;
let client: Client;
beforeAll(async () => {
  api = await startTestApiServer();
  client = createClient(await loadKubeconfig(api.kubeconfig));
});
afterAll(async () => {
  client.close();
  await api.close();
});

describe('pods/binding', () => {
  it('binds once and copies the binding annotations onto the pod', async () => {
    const pods = client.pods('default');
    await pods.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'bindme' },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    });
    const binding = {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: 'bindme', annotations: { 'scheduler.kubelab.dev/decision': '{"winner":"node-2"}' } },
      target: { apiVersion: 'v1', kind: 'Node', name: 'node-2' },
    };
    await pods.createSubresource('bindme', 'binding', binding);
    const bound = await pods.get('bindme');
    expect((bound.spec as { nodeName?: string }).nodeName).toBe('node-2');
    expect(bound.metadata.annotations).toEqual({ 'scheduler.kubelab.dev/decision': '{"winner":"node-2"}' });
    expect((bound.status as { conditions?: { type: string; status: string }[] }).conditions).toContainEqual(
      expect.objectContaining({ type: 'PodScheduled', status: 'True' }),
    );
    const again = await pods
      .createSubresource('bindme', 'binding', { ...binding, target: { ...binding.target, name: 'node-3' } })
      .catch((e: unknown) => e);
    expect(isConflict(again)).toBe(true);
  });
});
