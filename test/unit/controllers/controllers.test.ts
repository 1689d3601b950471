import { describe, expect, it } from 'vitest';
import type { Deployment, ReplicaSet } from '../../../server/api/types/apps.js';
import type { Pod } from '../../../server/api/types/core.js';
import { DeploymentController } from '../../../server/controllers/deployment/controller.js';
import { ReplicaSetController } from '../../../server/controllers/replicaset.js';
import { silentLogger } from '../../../server/log.js';
import { FakeClient } from '../../support/fake-client.js';

const labels = { app: 'web' };

const template = (image: string) => ({ metadata: { labels }, spec: { containers: [{ name: 'c', image }] } });

function rsObject(replicas: number): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web', namespace: 'default', uid: 'rs-uid', generation: 1 },
    spec: { replicas, selector: { matchLabels: labels }, template: template('nginx:1') },
  };
}

function deployment(replicas: number, strategy: Deployment['spec']['strategy']): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', uid: 'd-uid', generation: 1 },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: template('nginx:1'),
      strategy,
      progressDeadlineSeconds: 600,
    },
  };
}

/** Plays kubelet: every pod Running and Ready. */
function markReady(fake: FakeClient, only?: (pod: Pod) => boolean): void {
  for (const pod of fake.list<Pod>('pods')) {
    if (pod.status?.phase === 'Running' || (only && !only(pod))) continue;
    const ready = { type: 'Ready', status: 'True', lastTransitionTime: '2024-01-01T00:00:00Z' };
    fake.put('pods', {
      ...pod,
      spec: { ...pod.spec, nodeName: 'n1' },
      status: { phase: 'Running', conditions: [ready] },
    });
  }
}

describe('ReplicaSetController', () => {
  it('creates exactly the missing pods once despite repeated syncs', async () => {
    const fake = new FakeClient();
    fake.seed('replicasets', rsObject(3));
    fake.informing = false;
    const rsc = new ReplicaSetController({ client: fake.client, informers: fake.factory, log: silentLogger });
    await rsc.sync('default/web');
    await rsc.sync('default/web');
    const creates = fake.writes('pods').filter((a) => a.verb === 'create');
    expect(creates).toHaveLength(3);
    const pod = fake.list<Pod>('pods')[0]!;
    expect(pod.metadata.name).toMatch(/^web-/);
    expect(pod.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', uid: 'rs-uid', controller: true });
  });

  it('deletes not-ready pods before ready ones and writes status', async () => {
    const fake = new FakeClient();
    fake.seed('replicasets', rsObject(3));
    const rsc = new ReplicaSetController({ client: fake.client, informers: fake.factory, log: silentLogger });
    await rsc.sync('default/web');
    const [first] = fake.list<Pod>('pods');
    markReady(fake, (p) => p.metadata.name !== first!.metadata.name);
    fake.put('replicasets', { ...fake.find<ReplicaSet>('replicasets', 'default/web')!, spec: { ...rsObject(2).spec } });
    await rsc.sync('default/web');
    expect(fake.find('pods', `default/${first!.metadata.name}`)).toBeUndefined();
    await rsc.sync('default/web');
    expect(fake.find<ReplicaSet>('replicasets', 'default/web')!.status).toMatchObject({
      replicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
      fullyLabeledReplicas: 2,
    });
  });

  it('records SuccessfulCreate and SuccessfulDelete on the ReplicaSet, as kubectl describe rs shows', async () => {
    const fake = new FakeClient();
    fake.seed('replicasets', rsObject(2));
    const rsc = new ReplicaSetController({ client: fake.client, informers: fake.factory, log: silentLogger });
    await rsc.sync('default/web');
    fake.put('replicasets', { ...fake.find<ReplicaSet>('replicasets', 'default/web')!, spec: { ...rsObject(1).spec } });
    await rsc.sync('default/web');
    const podNames = fake
      .writes('pods')
      .filter((a) => a.verb !== 'update')
      .map((a) => a.name ?? (a.body as Pod).metadata.name);
    await expect.poll(() => fake.events('ReplicaSet/web')).toHaveLength(3);
    const [created, , deleted] = fake.events('ReplicaSet/web');
    expect(created).toMatchObject({
      reason: 'SuccessfulCreate',
      type: 'Normal',
      source: { component: 'replicaset-controller' },
    });
    expect(created!.message).toMatch(/^Created pod: web-/);
    expect(deleted).toMatchObject({ reason: 'SuccessfulDelete' });
    expect(podNames.length).toBe(3);
  });

  it('adopts a matching orphan and releases a pod that stopped matching', async () => {
    const fake = new FakeClient();
    fake.seed('replicasets', rsObject(1));
    const orphan: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'o', namespace: 'default', labels },
      spec: { containers: [] },
    };
    fake.seed('pods', orphan);
    const rsc = new ReplicaSetController({ client: fake.client, informers: fake.factory, log: silentLogger });
    await rsc.sync('default/web');
    expect(fake.find<Pod>('pods', 'default/o')!.metadata.ownerReferences?.[0]?.uid).toBe('rs-uid');
    expect(fake.writes('pods').filter((a) => a.verb === 'create')).toHaveLength(0);
    const owned = fake.find<Pod>('pods', 'default/o')!;
    fake.put('pods', { ...owned, metadata: { ...owned.metadata, labels: { app: 'other' } } });
    await rsc.sync('default/web');
    expect(fake.find<Pod>('pods', 'default/o')!.metadata.ownerReferences).toEqual([]);
  });
});

/** Drives both controllers until nothing changes, checking the bounds at every observed moment. */
async function rollout(
  fake: FakeClient,
  dc: DeploymentController,
  rsc: ReplicaSetController,
  bounds: { max: number; min: number },
) {
  for (let step = 0; step < 100; step++) {
    const before = fake.writes().length;
    await dc.sync('default/web');
    for (const rs of fake.list<ReplicaSet>('replicasets')) await rsc.sync(`default/${rs.metadata.name}`);
    const pods = fake.list<Pod>('pods');
    expect(pods.length).toBeLessThanOrEqual(bounds.max);
    const available = pods.filter((p) => p.status?.phase === 'Running').length;
    expect(available).toBeGreaterThanOrEqual(bounds.min);
    markReady(fake);
    for (const rs of fake.list<ReplicaSet>('replicasets')) await rsc.sync(`default/${rs.metadata.name}`);
    if (fake.writes().length === before) return step;
  }
  throw new Error('rollout did not settle');
}

describe('DeploymentController', () => {
  const cases = [
    { replicas: 10, maxSurge: '25%', maxUnavailable: '25%', max: 13, min: 8 },
    { replicas: 3, maxSurge: 1, maxUnavailable: 0, max: 4, min: 3 },
  ];
  it.each(cases)('rolls $replicas replicas within surge $maxSurge / unavailable $maxUnavailable', async (c) => {
    const fake = new FakeClient();
    fake.seed('deployments', deployment(c.replicas, { type: 'RollingUpdate', rollingUpdate: c }));
    const options = { client: fake.client, informers: fake.factory, log: silentLogger };
    const dc = new DeploymentController(options);
    const rsc = new ReplicaSetController(options);
    await rollout(fake, dc, rsc, { max: c.replicas + 100, min: 0 });
    const [first] = fake.list<ReplicaSet>('replicasets');
    expect(first!.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    expect(first!.metadata.name).toBe(`web-${first!.spec.template.metadata?.labels?.['pod-template-hash']}`);
    const d = fake.find<Deployment>('deployments', 'default/web')!;
    fake.put('deployments', {
      ...d,
      metadata: { ...d.metadata, generation: 2 },
      spec: { ...d.spec, template: template('nginx:2') },
    });
    await rollout(fake, dc, rsc, { max: c.max, min: c.min });
    const rss = fake.list<ReplicaSet>('replicasets');
    expect(rss.map((rs) => [rs.spec.replicas, rs.metadata.annotations?.['deployment.kubernetes.io/revision']])).toEqual(
      [
        [0, '1'],
        [c.replicas, '2'],
      ],
    );
    const status = fake.find<Deployment>('deployments', 'default/web')!.status as Record<string, unknown>;
    expect(status).toMatchObject({
      replicas: c.replicas,
      updatedReplicas: c.replicas,
      availableReplicas: c.replicas,
      observedGeneration: 2,
    });
    const conditions = status.conditions as { type: string; reason: string }[];
    expect(conditions.find((x) => x.type === 'Progressing')?.reason).toBe('NewReplicaSetAvailable');
    expect(conditions.find((x) => x.type === 'Available')?.reason).toBe('MinimumReplicasAvailable');
    // kubectl describe deploy: the first ReplicaSet scaled up on creation, then each step of the rollout
    const [oldRS, newRS] = rss.map((rs) => rs.metadata.name!);
    const messages = async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return fake.events('Deployment/web').map((e) => e.message);
    };
    await expect
      .poll(messages)
      .toContainEqual(expect.stringMatching(`^Scaled down replica set ${oldRS} to 0 from \\d+$`));
    const said = await messages();
    expect(said[0]).toBe(`Scaled up replica set ${oldRS} to ${c.replicas}`);
    expect(said).toContainEqual(expect.stringMatching(`^Scaled up replica set ${newRS} to ${c.replicas} from \\d+$`));
    for (const message of said) expect(message).toMatch(/^Scaled (up|down) replica set web-\w+ to \d+( from \d+)?$/);

    // rollout undo: the template goes back; the old ReplicaSet is reused with revision 3
    const now = fake.find<Deployment>('deployments', 'default/web')!;
    fake.put('deployments', {
      ...now,
      metadata: { ...now.metadata, generation: 3 },
      spec: { ...now.spec, template: template('nginx:1') },
    });
    await rollout(fake, dc, rsc, { max: c.max, min: c.min });
    const after = fake.list<ReplicaSet>('replicasets');
    expect(after).toHaveLength(2);
    expect(after[0]!.metadata.annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '3',
      'deployment.kubernetes.io/revision-history': '1',
    });
    expect(after[0]!.spec.replicas).toBe(c.replicas);
  });
});
