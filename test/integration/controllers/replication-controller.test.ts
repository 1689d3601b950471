// ReplicationControllers as the course teaches them, end to end with the real kubectl: the ReplicationManager (the
// ReplicaSet controller's code) and the garbage collector in-process against a real API server, and the stand-in
// kubelet (test/support/test-kubelet.ts) that marks new pods Running and Ready and finishes their deletion.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '../../../server/api/types/core.js';
import type { Client } from '../../../server/client/index.js';
import { GarbageCollector } from '../../../server/controllers/garbage-collector.js';
import { ReplicationManager } from '../../../server/controllers/replication-controller.js';
import type { TestApiServer } from '../../support/apiserver.js';
import { startControllerHarness, type ControllerHarness } from '../../support/controller-harness.js';
import { kubectl } from '../../support/kubectl.js';

let harness: ControllerHarness<[ReplicationManager, GarbageCollector]>;
let server: TestApiServer;
let client: Client;

beforeAll(async () => {
  harness = await startControllerHarness({
    controllers: (options) => [new ReplicationManager(options), new GarbageCollector(options)],
    kubelet: {},
  });
  ({ server, client } = harness);
});

afterAll(() => harness?.close());

/** How long the controllers may take to converge on a loaded 2-core machine. */
const CONVERGED = { timeout: 30_000 };

/** The nginx ReplicationController of the course (the Kubernetes docs' example). */
const NGINX_RC = `apiVersion: v1
kind: ReplicationController
metadata:
  name: nginx
spec:
  replicas: 3
  selector:
    app: nginx
  template:
    metadata:
      name: nginx
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx
        ports:
        - containerPort: 80
`;

/** The names of the nginx pods not being deleted. */
async function nginxPods(): Promise<string[]> {
  const pods = await client.pods('default').list({ labelSelector: 'app=nginx' });
  return pods.items.filter((pod) => !pod.metadata.deletionTimestamp).map((pod) => pod.metadata.name ?? '');
}

describe('ReplicationController', () => {
  it('keeps the nginx ReplicationController at its replicas through kubectl create, scale, a lost pod and delete', async () => {
    const created = await kubectl(server.kubeconfig, ['create', '-f', '-'], { input: NGINX_RC });
    expect(created.stderr).toBe('');
    expect(created.stdout).toMatch(/replicationcontroller\/nginx created/);

    await expect.poll(async () => (await nginxPods()).length, CONVERGED).toBe(3);
    const rc = await client.replicationcontrollers('default').get('nginx');
    const [first] = (await client.pods('default').list({ labelSelector: 'app=nginx' })).items as Pod[];
    expect(first!.metadata.ownerReferences).toEqual([
      {
        apiVersion: 'v1',
        kind: 'ReplicationController',
        name: 'nginx',
        uid: rc.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    await expect
      .poll(async () => (await client.replicationcontrollers('default').get('nginx')).status, CONVERGED)
      .toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3 });
    const { stdout } = await kubectl(server.kubeconfig, ['get', 'rc', 'nginx', '--no-headers']);
    expect(stdout).toMatch(/^nginx\s+3\s+3\s+3\s/);

    const scaled = await kubectl(server.kubeconfig, ['scale', 'rc', 'nginx', '--replicas=5']);
    expect(scaled.stdout).toMatch(/replicationcontroller\/nginx scaled/);
    await expect.poll(async () => (await nginxPods()).length, CONVERGED).toBe(5);

    const [victim] = await nginxPods();
    const deleted = await kubectl(server.kubeconfig, ['delete', 'pod', victim!, '--wait=false']);
    expect(deleted.code).toBe(0);
    await expect
      .poll(async () => {
        const names = await nginxPods();
        return names.length === 5 && !names.includes(victim!);
      }, CONVERGED)
      .toBe(true);

    const gone = await kubectl(server.kubeconfig, ['delete', 'rc', 'nginx', '--wait=false']);
    expect(gone.stdout).toMatch(/replicationcontroller "nginx" deleted/);
    await expect
      .poll(async () => (await client.pods('default').list({ labelSelector: 'app=nginx' })).items, CONVERGED)
      .toEqual([]);
  });
});
