// The garbage collector, namespace and node lifecycle controllers in-process against a real API server, driven by
// the real kubectl: what `kubectl delete` does to owned objects and namespaces, and what a silent node does to its pods.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../server/api/meta.js';
import type { Node, Pod } from '../../../server/api/types/core.js';
import { isAlreadyExists, isNotFound, type Client } from '../../../server/client/index.js';
import { GarbageCollector } from '../../../server/controllers/garbage-collector.js';
import { NamespaceController } from '../../../server/controllers/namespace.js';
import { NodeLifecycleController, UNREACHABLE_TAINT } from '../../../server/controllers/node-lifecycle.js';
import { PodGCController } from '../../../server/controllers/pod-gc.js';
import type { TestApiServer } from '../../support/apiserver.js';
import { startControllerHarness, type ControllerHarness } from '../../support/controller-harness.js';
import { kubectl } from '../../support/kubectl.js';

let harness: ControllerHarness<[GarbageCollector, NamespaceController, NodeLifecycleController, PodGCController]>;
let server: TestApiServer;
let client: Client;

// No kubelet: a pod being deleted stays Terminating, as on a node whose kubelet is gone.
beforeAll(async () => {
  harness = await startControllerHarness({
    controllers: (options) => [
      new GarbageCollector(options),
      new NamespaceController({ ...options, recheckMs: 200 }),
      new NodeLifecycleController({ ...options, gracePeriodMs: 1500 }),
      new PodGCController({ ...options, quarantineMs: 500 }),
    ],
  });
  ({ server, client } = harness);
});

afterAll(() => harness?.close());

/** How long the controllers may take to converge on a loaded 2-core machine. */
const CONVERGED = { timeout: 30_000 };

const gone = (read: () => Promise<unknown>) => () =>
  read().then(
    () => false,
    (error: unknown) => isNotFound(error),
  );

const owner = (object: KubeObject) => ({
  apiVersion: object.apiVersion,
  kind: object.kind,
  name: object.metadata.name!,
  uid: object.metadata.uid!,
  controller: true,
  blockOwnerDeletion: true,
});

const podSpec = { containers: [{ name: 'c', image: 'busybox' }] };

/** A namespace holding Deployment d → ReplicaSet d-rs → two pods, linked by hand through ownerReferences. */
async function ownedChain(ns: string) {
  await client.namespaces().create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const template = { metadata: { labels: { app: 'd' } }, spec: podSpec };
  const selector = { matchLabels: { app: 'd' } };
  const deploy = await client.deployments(ns).create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd' },
    spec: { replicas: 2, selector, template },
  } as never);
  const rs = await client.replicasets(ns).create({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'd-rs', ownerReferences: [owner(deploy)] },
    spec: { replicas: 2, selector, template },
  } as never);
  const pods: Pod[] = [];
  for (const name of ['d-rs-a', 'd-rs-b']) {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, labels: { app: 'd' }, ownerReferences: [owner(rs)] },
    };
    pods.push(await client.pods(ns).create({ ...pod, spec: podSpec } as Pod));
  }
  return { deploy, rs, pods };
}

describe('garbage collector', () => {
  it('deletes dependents before their owner with --cascade=foreground', async () => {
    await ownedChain('gc-fg');
    const result = await kubectl(server.kubeconfig, ['-n', 'gc-fg', 'delete', 'deploy', 'd', '--cascade=foreground']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // kubectl waited for the Deployment, which could only go after its ReplicaSet and pods.
    expect((await client.replicasets('gc-fg').list()).items).toEqual([]);
    expect((await client.pods('gc-fg').list()).items).toEqual([]);
    await expect
      .poll(
        gone(() => client.deployments('gc-fg').get('d')),
        CONVERGED,
      )
      .toBe(true);
  });

  it('leaves dependents without the ownerReference with --cascade=orphan', async () => {
    const { deploy } = await ownedChain('gc-orphan');
    const result = await kubectl(server.kubeconfig, ['-n', 'gc-orphan', 'delete', 'deploy', 'd', '--cascade=orphan']);
    expect(result.code).toBe(0);
    await expect
      .poll(
        gone(() => client.deployments('gc-orphan').get('d')),
        CONVERGED,
      )
      .toBe(true);
    const rs = await client.replicasets('gc-orphan').get('d-rs');
    expect(rs.metadata.ownerReferences ?? []).not.toContainEqual(expect.objectContaining({ uid: deploy.metadata.uid }));
    expect((await client.pods('gc-orphan').list()).items).toHaveLength(2);
  });

  it('deletes dependents whose owner is gone with the default background cascade', async () => {
    await ownedChain('gc-bg');
    const result = await kubectl(server.kubeconfig, ['-n', 'gc-bg', 'delete', 'deploy', 'd']);
    expect(result.code).toBe(0);
    await expect.poll(async () => (await client.pods('gc-bg').list()).items.length === 0, CONVERGED).toBe(true);
    await expect
      .poll(
        gone(() => client.replicasets('gc-bg').get('d-rs')),
        CONVERGED,
      )
      .toBe(true);
  });
});

describe('namespace controller', () => {
  it('deletes everything in a namespace, then the namespace, while kubectl waits', async () => {
    await ownedChain('doomed');
    await client.configmaps('doomed').create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' } });
    const result = await kubectl(server.kubeconfig, ['delete', 'namespace', 'doomed', '--timeout=20s']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    await expect
      .poll(
        gone(() => client.namespaces().get('doomed')),
        CONVERGED,
      )
      .toBe(true);
    for (const resource of ['pods', 'replicasets', 'deployments', 'configmaps'] as const) {
      expect((await client[resource]('doomed').list()).items).toEqual([]);
    }
  });
});

describe('node lifecycle controller', () => {
  it('marks a node whose Lease is not renewed Unknown, taints it and evicts its pods', async () => {
    const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const ready = { type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: now() };
    const node = await client.nodes().create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'silent' } } as Node);
    await client.nodes().updateStatus({ ...node, status: { conditions: [ready] } });
    await client
      .namespaces()
      .create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-node-lease' } })
      .catch((error: unknown) => {
        if (!isAlreadyExists(error)) throw error;
      });
    await client.leases('kube-node-lease').create({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'silent' },
      spec: { holderIdentity: 'silent', leaseDurationSeconds: 40, renewTime: new Date().toISOString() },
    });
    await client.namespaces().create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'on-node' } });
    const toleration = { key: UNREACHABLE_TAINT, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 2 };
    await client.pods('on-node').create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { ...podSpec, nodeName: 'silent', tolerations: [toleration] },
    } as Pod);

    await expect
      .poll(async () => {
        const seen = await client.nodes().get('silent');
        const condition = (seen.status?.conditions as { type: string; status: string; reason?: string }[]).find(
          (c) => c.type === 'Ready',
        );
        return condition?.status === 'Unknown' && condition.reason === 'NodeStatusUnknown';
      }, CONVERGED)
      .toBe(true);
    const tainted = await client.nodes().get('silent');
    expect(tainted.spec?.taints?.map((t) => `${t.key}:${t.effect}`).sort()).toEqual([
      `${UNREACHABLE_TAINT}:NoExecute`,
      `${UNREACHABLE_TAINT}:NoSchedule`,
    ]);
    // Tolerated for 2 s, then deleted (it stays Terminating: no kubelet is there to finish it).
    const pod = await client.pods('on-node').get('p');
    expect(pod.metadata.deletionTimestamp).toBeUndefined();
    await expect
      .poll(async () => Boolean((await client.pods('on-node').get('p')).metadata.deletionTimestamp), CONVERGED)
      .toBe(true);
  });

  it('lets the pod garbage collector remove the pods of a node deleted with kubectl', async () => {
    await client.nodes().create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'retired' } } as Node);
    await client.namespaces().create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'orphans' } });
    const placed = { apiVersion: 'v1', kind: 'Pod', spec: { ...podSpec, nodeName: 'retired' } };
    await client.pods('orphans').create({ ...placed, metadata: { name: 'running' } } as Pod);
    await kubectl(server.kubeconfig, ['delete', 'node', 'retired']);
    await expect
      .poll(
        gone(() => client.pods('orphans').get('running')),
        CONVERGED,
      )
      .toBe(true);
  });
});
