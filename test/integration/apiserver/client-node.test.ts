// The official JavaScript client against kubelab: list, watch from a resourceVersion, create, patch (its default
// JSON Patch) and delete.
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver.js';

let api: TestApiServer;
let kc: k8s.KubeConfig;
let core: k8s.CoreV1Api;

beforeAll(async () => {
  api = await startTestApiServer();
  kc = new k8s.KubeConfig();
  kc.loadFromFile(api.kubeconfig);
  core = kc.makeApiClient(k8s.CoreV1Api);
});
afterAll(() => api.close());

const pod = (name: string): k8s.V1Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: 'client-node' } },
  spec: { containers: [{ name: 'main', image: 'busybox', command: ['sleep', '3600'] }] },
});

describe('@kubernetes/client-node against kubelab', () => {
  it('creates, lists, patches with its default JSON Patch, and deletes a pod', async () => {
    const created = await core.createNamespacedPod({ namespace: 'default', body: pod('cn-1') });
    expect(created.metadata?.uid).toBeTruthy();
    expect(created.spec?.restartPolicy).toBe('Always');
    const listed = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=client-node' });
    expect(listed.items.map((p) => p.metadata?.name)).toEqual(['cn-1']);
    const patched = await core.patchNamespacedPod({
      name: 'cn-1',
      namespace: 'default',
      body: [{ op: 'add', path: '/metadata/labels/patched', value: 'yes' }],
    });
    expect(patched.metadata?.labels).toEqual({ app: 'client-node', patched: 'yes' });
    await core.deleteNamespacedPod({ name: 'cn-1', namespace: 'default' });
    await expect(core.readNamespacedPod({ name: 'cn-1', namespace: 'default' })).rejects.toMatchObject({ code: 404 });
  });

  it('watches from a resourceVersion and sees only what happened after it', async () => {
    await core.createNamespacedPod({ namespace: 'default', body: pod('before') });
    const { metadata } = await core.listNamespacedPod({ namespace: 'default' });
    const events: string[] = [];
    const watch = new k8s.Watch(kc);
    const request = await watch.watch(
      '/api/v1/namespaces/default/pods',
      { resourceVersion: metadata?.resourceVersion },
      (type: string, object: k8s.V1Pod) => events.push(`${type} ${object.metadata?.name}`),
      () => undefined,
    );
    await core.createNamespacedPod({ namespace: 'default', body: pod('after') });
    await core.deleteNamespacedPod({ name: 'after', namespace: 'default' });
    await expect.poll(() => events).toEqual(['ADDED after', 'DELETED after']);
    request.abort();
  });

  it('reports API errors with their Status', async () => {
    await core.createNamespacedPod({ namespace: 'default', body: pod('twice') });
    const error = await core.createNamespacedPod({ namespace: 'default', body: pod('twice') }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 409 });
    expect(JSON.parse((error as { body: string }).body)).toMatchObject({ kind: 'Status', reason: 'AlreadyExists' });
  });
});
