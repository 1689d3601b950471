// The control plane as separate processes, as a student runs it: the API server, scheduler and controller-manager,
// each seeing the cluster only through the API. Nodes are API objects; a stand-in kubelet marks bound pods ready.
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../server/api/meta.js';
import { createNodes, fakeKubelet, startCluster, type TestCluster } from '../../support/cluster.js';
import { kubectl } from '../../support/kubectl.js';

let cluster: TestCluster;
let kubelet: ReturnType<typeof fakeKubelet>;
const k = (...args: string[]) => kubectl(cluster.kubeconfig, args);

beforeAll(async () => {
  cluster = await startCluster({ leaseSeconds: 3, nodeGraceSeconds: 5 });
  await createNodes(cluster.client, ['node-1', 'node-2', 'node-3']);
  kubelet = fakeKubelet(cluster.client, ['node-1', 'node-2', 'node-3']);
}, 60_000);
afterAll(async () => {
  kubelet?.stop();
  await cluster?.close();
});

const livePods = async (selector: string) =>
  (await cluster.client.pods('default').list({ labelSelector: selector })).items.filter(
    (pod: KubeObject) => !pod.metadata.deletionTimestamp,
  );

describe('the control plane as processes', () => {
  it('places a 10-replica Deployment on 3 nodes and makes it available', async () => {
    await k('create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=10');
    await expect
      .poll(async () => (await k('get', 'deploy', 'web')).stdout, { timeout: 30_000, interval: 250 })
      .toMatch(/web\s+10\/10\s+10\s+10/);
    const nodes = new Set((await livePods('app=web')).map((pod) => (pod.spec as { nodeName: string }).nodeName));
    expect([...nodes].sort()).toEqual(['node-1', 'node-2', 'node-3']);
    // kubectl describe tells the story through each controller's events
    await expect
      .poll(async () => (await k('describe', 'deployment', 'web')).stdout, { timeout: 10_000 })
      .toMatch(/ScalingReplicaSet\s+\S+\s+deployment-controller\s+Scaled up replica set web-\w+ to 10/);
    await expect
      .poll(async () => (await k('describe', 'replicaset', '-l', 'app=web')).stdout, { timeout: 10_000 })
      .toMatch(/SuccessfulCreate\s+\S+(\s+\(x\d+ over \S+\))?\s+replicaset-controller\s+Created pod: web-\w+-\w+/);
  });

  it('finishes a rollout after the controller-manager is killed mid-way, with no extra pods', async () => {
    await k('set', 'image', 'deploy/web', 'nginx=nginx:1.26');
    await expect
      .poll(async () => (await livePods('app=web')).some((pod) => JSON.stringify(pod.spec).includes('nginx:1.26')), {
        timeout: 20_000,
        interval: 50,
      })
      .toBe(true);
    cluster.processes['controller-manager']!.kill('SIGKILL');
    cluster.processes['controller-manager'] = cluster.start('controller-manager');
    const status = await kubectl(cluster.kubeconfig, ['rollout', 'status', 'deploy/web', '--timeout=60s']);
    expect(status.stdout).toContain('successfully rolled out');
    const pods = await livePods('app=web');
    expect(pods).toHaveLength(10);
    expect(pods.every((pod) => JSON.stringify(pod.spec).includes('nginx:1.26'))).toBe(true);
  });

  it('rolls back with kubectl rollout undo', async () => {
    expect((await k('rollout', 'undo', 'deploy/web')).stdout).toContain('rolled back');
    await expect
      .poll(
        async () =>
          (
            await k(
              'get',
              'deploy',
              'web',
              '-o',
              'jsonpath={.spec.template.spec.containers[0].image} {.status.updatedReplicas} {.status.availableReplicas}',
            )
          ).stdout,
        { timeout: 30_000, interval: 250 },
      )
      .toBe('nginx:1.25 10 10');
  });

  it('hands the controller-manager Lease to a second copy when the first dies', async () => {
    const holder = async () =>
      (await k('get', 'lease', '-n', 'kube-system', 'kube-controller-manager', '-o', 'jsonpath={.spec.holderIdentity}'))
        .stdout;
    const first = await holder();
    expect(first).toMatch(/_\d+$/);
    const standby = cluster.start('controller-manager');
    cluster.processes['controller-manager']!.kill('SIGKILL');
    cluster.processes['controller-manager'] = standby;
    await expect.poll(holder, { timeout: 15_000, interval: 250 }).toBe(first.replace(/_\d+$/, `_${standby.pid}`));
    await k('scale', 'deploy/web', '--replicas=4');
    await expect.poll(async () => (await livePods('app=web')).length, { timeout: 20_000, interval: 250 }).toBe(4);
  });

  it("runs the student's score plugin named in <state>/scheduler-config.yaml once the scheduler restarts", async () => {
    const plugin = join(cluster.stateDir, 'prefer-node-3.ts');
    await writeFile(
      plugin,
      'export function score(_state: unknown, _pod: unknown, node: { name: string }): number {\n' +
        "  return node.name === 'node-3' ? 100 : 0;\n}\n",
    );
    const config = join(cluster.stateDir, 'scheduler-config.yaml');
    await writeFile(config, `profiles: [{customPlugins: [{name: PreferNode3, path: ${plugin}, weight: 50}]}]\n`);
    const restartScheduler = () => {
      cluster.processes.scheduler?.kill('SIGKILL');
      cluster.processes.scheduler = cluster.start('scheduler');
    };
    restartScheduler();
    await k('create', 'deployment', 'favour', '--image=busybox', '--replicas=3');
    await expect
      .poll(async () => (await livePods('app=favour')).map((p) => (p.spec as { nodeName?: string }).nodeName), {
        timeout: 30_000,
        interval: 250,
      })
      .toEqual(['node-3', 'node-3', 'node-3']);
    const [placed] = await livePods('app=favour');
    const decision = JSON.parse(placed!.metadata.annotations!['scheduler.kubelab.dev/decision']!) as {
      weights: Record<string, number>;
    };
    expect(decision.weights.PreferNode3).toBe(50);
    await rm(config);
    await k('delete', 'deployment', 'favour');
    restartScheduler();
  });

  it('keeps new pods off a node tainted NoSchedule', async () => {
    await k('taint', 'nodes', 'node-1', 'dedicated=lab:NoSchedule');
    await k('create', 'deployment', 'spread', '--image=busybox', '--replicas=4');
    await expect
      .poll(
        async () => (await livePods('app=spread')).filter((p) => (p.spec as { nodeName?: string }).nodeName).length,
        { timeout: 20_000, interval: 250 },
      )
      .toBe(4);
    const nodes = (await livePods('app=spread')).map((p) => (p.spec as { nodeName: string }).nodeName);
    expect(nodes).not.toContain('node-1');
    await k('taint', 'nodes', 'node-1', 'dedicated=lab:NoSchedule-');
  });

  it('evicts the pods of a node whose kubelet stops renewing its Lease, and replaces them elsewhere', async () => {
    await kubectl(cluster.kubeconfig, ['apply', '-f', '-'], {
      input: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: resilient
spec:
  replicas: 6
  selector: {matchLabels: {app: resilient}}
  template:
    metadata: {labels: {app: resilient}}
    spec:
      tolerations:
      - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 2}
      containers: [{name: c, image: busybox}]
`,
    });
    const onNode = async (node: string) =>
      (await livePods('app=resilient')).filter((p) => (p.spec as { nodeName?: string }).nodeName === node);
    const running = async () =>
      (await livePods('app=resilient')).filter(
        (p) => (p.status as { phase?: string } | undefined)?.phase === 'Running',
      );
    await expect.poll(async () => (await running()).length, { timeout: 20_000, interval: 250 }).toBe(6);
    // The kubelet of a node that runs some of them goes silent.
    const victim = ((await running())[0]!.spec as { nodeName: string }).nodeName;
    kubelet.silence(victim);
    await expect
      .poll(async () => (await k('get', 'node', victim)).stdout, { timeout: 20_000, interval: 500 })
      .toMatch(new RegExp(`${victim}\\s+NotReady`));
    await expect.poll(async () => (await onNode(victim)).length, { timeout: 30_000, interval: 500 }).toBe(0);
    await expect
      .poll(async () => (await k('get', 'deploy', 'resilient')).stdout, { timeout: 30_000, interval: 500 })
      .toMatch(/resilient\s+6\/6/);
  });
});
