// The ReplicaSet and Deployment controllers in-process against a real API server, driven by the real kubectl: a
// Deployment becomes available, a new image rolls out within maxSurge/maxUnavailable at every observed moment,
// `rollout status | history | undo` read and move it as upstream's would, and `kubectl scale` resizes it. The stand-in
// kubelet (test/support/test-kubelet.ts) binds new pods, marks them Running and Ready, and finishes their deletion.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deployment, ReplicaSet } from '../../../server/api/types/apps.js';
import type { Pod } from '../../../server/api/types/core.js';
import { SharedInformerFactory, type Client, type Informer } from '../../../server/client/index.js';
import { DeploymentController } from '../../../server/controllers/deployment/controller.js';
import { ReplicaSetController } from '../../../server/controllers/replicaset.js';
import type { TestApiServer } from '../../support/apiserver.js';
import { startControllerHarness, type ControllerHarness } from '../../support/controller-harness.js';
import { kubectl } from '../../support/kubectl.js';

const NS = 'default';
const REPLICAS = 10;
// 25% of 10 as upstream resolves it: surge rounds up (3), unavailability rounds down (2).
const MAX_PODS = REPLICAS + 3;
const MIN_READY = REPLICAS - 2;

let harness: ControllerHarness<[ReplicaSetController, DeploymentController]>;
let server: TestApiServer;
let client: Client;
let observer: SharedInformerFactory;
const violations: string[] = [];
let stopWatching = () => undefined as void;
let observedEvents = 0;
let maxPodsSeen = 0;

const isReady = (pod: Pod) =>
  ((pod.status?.conditions ?? []) as { type: string; status: string }[]).some(
    (c) => c.type === 'Ready' && c.status === 'True',
  );

/** Checks the rollout bounds on every pod and ReplicaSet event, as a watching student would; returns a stop. */
function watchBounds(pods: Informer<Pod>, replicaSets: Informer<ReplicaSet>): () => void {
  const check = () => {
    observedEvents++;
    const live = pods.list().filter((p) => p.metadata.labels?.app === 'web' && !p.metadata.deletionTimestamp);
    const ready = live.filter(isReady).length;
    const specTotal = replicaSets.list().reduce((n, rs) => n + (rs.spec.replicas ?? 0), 0);
    maxPodsSeen = Math.max(maxPodsSeen, live.length);
    // The ReplicaSets' counts go with a violation, to show what the Deployment controller saw.
    const seen = () => replicaSets.list().map((rs) => `${rs.metadata.name}:${rs.spec.replicas}/${rs.status?.replicas}`);
    if (live.length > MAX_PODS) violations.push(`${live.length} pods > ${MAX_PODS} (${seen().join(' ')})`);
    if (ready < MIN_READY) violations.push(`${ready} ready < ${MIN_READY}`);
    if (specTotal > MAX_PODS) violations.push(`replicaset replicas ${specTotal} > ${MAX_PODS}`);
  };
  const stops = [
    pods.addEventHandler({ onAdd: check, onUpdate: check, onDelete: check }),
    replicaSets.addEventHandler({ onAdd: check, onUpdate: check, onDelete: check }),
  ];
  return () => stops.forEach((stop) => stop());
}

beforeAll(async () => {
  harness = await startControllerHarness({
    controllers: (options) => [new ReplicaSetController(options), new DeploymentController(options)],
    // No scheduler here: the kubelet binds each new pod to node-1 itself.
    kubelet: { bindTo: 'node-1' },
  });
  ({ server, client } = harness);
  observer = new SharedInformerFactory(client);
  observer.start();
});

afterAll(async () => {
  observer?.stop();
  await harness?.close();
});

/** How long the controllers may take to converge on a loaded 2-core machine. */
const CONVERGED = { timeout: 30_000 };

const readDeployment = () => client.deployments(NS).get('web') as Promise<Deployment>;
const replicaSets = async () => (await client.replicasets(NS).list({ labelSelector: 'app=web' })).items;
const image = (object: Deployment | ReplicaSet) => object.spec.template.spec.containers[0]?.image;

/** The Deployment is fully rolled out at `replicas`, with every pod on the current template. */
const rolledOut = (replicas: number) => async () => {
  const d = await readDeployment();
  const s = (d.status ?? {}) as Record<string, number>;
  return (
    s.observedGeneration === d.metadata.generation &&
    s.replicas === replicas &&
    s.updatedReplicas === replicas &&
    s.readyReplicas === replicas &&
    s.availableReplicas === replicas
  );
};

const manifest = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${REPLICAS}
  selector:
    matchLabels: {app: web}
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxSurge: 25%, maxUnavailable: 25%}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - {name: c, image: 'nginx:1'}
`;

describe('Deployment controller with the ReplicaSet controller', () => {
  it('makes a 10-replica Deployment available, as kubectl get deploy shows', async () => {
    const created = await kubectl(server.kubeconfig, ['create', '-f', '-'], { input: manifest });
    expect(created.stderr).toBe('');
    await expect.poll(rolledOut(REPLICAS), CONVERGED).toBe(true);
    const got = await kubectl(server.kubeconfig, ['get', 'deploy', 'web', '--no-headers']);
    expect(got.stdout).toMatch(/^web\s+10\/10\s+10\s+10\s+/);
    const [rs] = await replicaSets();
    expect(rs!.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
  });

  it('rolls a new image out within maxSurge and maxUnavailable at every observed moment', async () => {
    const pods = observer.informerFor('pods');
    const rsInformer = observer.informerFor('replicasets');
    await Promise.all([pods.waitForSync(), rsInformer.waitForSync()]);
    stopWatching = watchBounds(pods, rsInformer);
    const set = await kubectl(server.kubeconfig, ['set', 'image', 'deploy/web', 'c=nginx:2']);
    expect(set.code, set.stderr).toBe(0);
    await expect
      .poll(async () => image(await readDeployment()) === 'nginx:2' && (await rolledOut(REPLICAS)()), CONVERGED)
      .toBe(true);
    await expect
      .poll(async () => (await client.pods(NS).list({ labelSelector: 'app=web' })).items.length === REPLICAS, CONVERGED)
      .toBe(true);
    expect(violations).toEqual([]);
    expect(observedEvents).toBeGreaterThan(20);
    // The watch did see a rollout in progress: some surge, some unavailability, both within bounds.
    expect(maxPodsSeen).toBeGreaterThan(REPLICAS);
    const images = (await client.pods(NS).list({ labelSelector: 'app=web' })).items.map(
      (p) => p.spec.containers[0]?.image,
    );
    expect(new Set(images)).toEqual(new Set(['nginx:2']));
  });

  it('reports rollout status and history, and undo brings back the first ReplicaSet as revision 3', async () => {
    const status = await kubectl(server.kubeconfig, ['rollout', 'status', 'deploy/web', '--timeout=30s']);
    expect(status.stdout).toContain('deployment "web" successfully rolled out');
    const history = await kubectl(server.kubeconfig, ['rollout', 'history', 'deploy/web']);
    expect(history.stdout).toMatch(/^1\s/m);
    expect(history.stdout).toMatch(/^2\s/m);
    const first = (await replicaSets()).find((rs) => image(rs) === 'nginx:1')!;

    const undo = await kubectl(server.kubeconfig, ['rollout', 'undo', 'deploy/web']);
    expect(undo.code, undo.stderr).toBe(0);
    expect(undo.stdout).toContain('rolled back');
    await expect
      .poll(async () => image(await readDeployment()) === 'nginx:1' && (await rolledOut(REPLICAS)()), CONVERGED)
      .toBe(true);
    const after = await replicaSets();
    expect(after).toHaveLength(2);
    const reused = after.find((rs) => rs.metadata.name === first.metadata.name)!;
    expect(reused.metadata.uid).toBe(first.metadata.uid);
    expect(reused.spec.replicas).toBe(REPLICAS);
    expect(reused.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect((await readDeployment()).metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    const again = await kubectl(server.kubeconfig, ['rollout', 'history', 'deploy/web']);
    expect(again.stdout).toMatch(/^2\s/m);
    expect(again.stdout).toMatch(/^3\s/m);
    expect(again.stdout).not.toMatch(/^1\s/m);
    stopWatching();
    expect(violations).toEqual([]);
  });

  it('scales up and down with kubectl scale', async () => {
    const up = await kubectl(server.kubeconfig, ['scale', 'deploy/web', '--replicas=15']);
    expect(up.code, up.stderr).toBe(0);
    await expect.poll(rolledOut(15), CONVERGED).toBe(true);
    expect((await client.pods(NS).list({ labelSelector: 'app=web' })).items).toHaveLength(15);
    const down = await kubectl(server.kubeconfig, ['scale', 'deploy/web', '--replicas=4']);
    expect(down.code, down.stderr).toBe(0);
    await expect.poll(rolledOut(4), CONVERGED).toBe(true);
    await expect
      .poll(async () => (await client.pods(NS).list({ labelSelector: 'app=web' })).items.length === 4, CONVERGED)
      .toBe(true);
    const got = await kubectl(server.kubeconfig, ['get', 'deploy', 'web', '--no-headers']);
    expect(got.stdout).toMatch(/^web\s+4\/4\s+4\s+4\s+/);
    const active = (await replicaSets()).filter((rs) => (rs.spec.replicas ?? 0) > 0);
    expect(active.map((rs) => [image(rs), rs.spec.replicas])).toEqual([['nginx:1', 4]]);
  });
});
