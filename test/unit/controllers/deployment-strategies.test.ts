// The Deployment controller's strategies and bookkeeping against a fake client: Recreate, pause/resume, history
// trimmed to revisionHistoryLimit, the progress deadline, and hash collisions. Both controllers are synced by hand
// and a helper plays kubelet, so every step can be inspected.
import { describe, expect, it } from 'vitest';
import type { Deployment, ReplicaSet } from '../../../server/api/types/apps.js';
import type { Pod } from '../../../server/api/types/core.js';
import { DeploymentController } from '../../../server/controllers/deployment/controller.js';
import { podTemplateHash } from '../../../server/controllers/deployment/revisions.js';
import { maxScaledDown, newRSNewReplicas, scaleDownOld } from '../../../server/controllers/deployment/rolling.js';
import { ReplicaSetController } from '../../../server/controllers/replicaset.js';
import { silentLogger } from '../../../server/log.js';
import { FakeClient } from '../../support/fake-client.js';
import { FakeClock } from '../../support/fake-clock.js';

const labels = { app: 'web' };
const REVISION = 'deployment.kubernetes.io/revision';
const template = (image: string) => ({ metadata: { labels }, spec: { containers: [{ name: 'c', image }] } });

function deployment(spec: Partial<Deployment['spec']> = {}): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', uid: 'd-uid', generation: 1 },
    spec: {
      replicas: 3,
      selector: { matchLabels: labels },
      template: template('nginx:1'),
      progressDeadlineSeconds: 600,
      ...spec,
    },
  };
}

/** A fake cluster with the Deployment, both controllers, and a clock the Deployment controller reads. */
function setup(spec: Partial<Deployment['spec']> = {}) {
  const fake = new FakeClient();
  fake.seed('deployments', deployment(spec));
  const clock = new FakeClock(Date.parse('2024-01-01T00:00:00Z'));
  const options = { client: fake.client, informers: fake.factory, log: silentLogger, clock };
  const dc = new DeploymentController(options);
  const rsc = new ReplicaSetController(options);
  const syncReplicaSets = async () => {
    for (const rs of fake.list<ReplicaSet>('replicasets')) await rsc.sync(`default/${rs.metadata.name}`);
  };
  return { fake, clock, dc, rsc, syncReplicaSets };
}

type Setup = ReturnType<typeof setup>;

/** Plays kubelet: every pod not yet running becomes Running and Ready. */
function markReady(fake: FakeClient, only: (pod: Pod) => boolean = () => true): void {
  for (const pod of fake.list<Pod>('pods')) {
    if (pod.status?.phase === 'Running' || !only(pod)) continue;
    const ready = { type: 'Ready', status: 'True', lastTransitionTime: '2024-01-01T00:00:00Z' };
    fake.put('pods', {
      ...pod,
      spec: { ...pod.spec, nodeName: 'n1' },
      status: { phase: 'Running', conditions: [ready] },
    });
  }
}

/** Syncs both controllers and the kubelet until nothing is written; `check` runs after every sync. */
async function settle(s: Setup, check: () => void = () => undefined): Promise<void> {
  for (let step = 0; step < 50; step++) {
    const before = s.fake.writes().length;
    await s.dc.sync('default/web');
    check();
    await s.syncReplicaSets();
    check();
    markReady(s.fake);
    await s.syncReplicaSets();
    if (s.fake.writes().length === before) return;
  }
  throw new Error('the Deployment did not settle');
}

/** Changes the Deployment through the API, so generation moves as the API server would move it. */
async function edit(fake: FakeClient, change: (spec: Deployment['spec']) => Deployment['spec']): Promise<void> {
  const d = fake.find<Deployment>('deployments', 'default/web')!;
  await fake.client.deployments('default').update({ ...structuredClone(d), spec: change(structuredClone(d.spec)) });
}

const byImage = (fake: FakeClient, image: string) =>
  fake.list<ReplicaSet>('replicasets').find((rs) => rs.spec.template.spec.containers[0]?.image === image);
const podsOf = (fake: FakeClient, rs: ReplicaSet | undefined) =>
  fake.list<Pod>('pods').filter((pod) => rs && pod.metadata.ownerReferences?.[0]?.uid === rs.metadata.uid);
const status = (fake: FakeClient) =>
  fake.find<Deployment>('deployments', 'default/web')!.status as Record<string, unknown>;
const condition = (fake: FakeClient, type: string) =>
  (status(fake).conditions as { type: string; status: string; reason: string }[]).find((c) => c.type === type);

describe('Recreate', () => {
  it('scales the old ReplicaSet to 0 and waits for its pods to go before the new one scales up', async () => {
    const s = setup({ strategy: { type: 'Recreate' } });
    await settle(s);
    const old = byImage(s.fake, 'nginx:1')!;
    expect(podsOf(s.fake, old)).toHaveLength(3);

    await edit(s.fake, (spec) => ({ ...spec, template: template('nginx:2') }));
    // Old ReplicaSet told to scale to 0, its pods not yet deleted: syncing again must not start the new one.
    await s.dc.sync('default/web');
    await s.dc.sync('default/web');
    expect(byImage(s.fake, 'nginx:1')!.spec.replicas).toBe(0);
    expect(byImage(s.fake, 'nginx:2')?.spec.replicas ?? 0).toBe(0);
    let sawNothingRunning = false;
    await settle(s, () => {
      const next = byImage(s.fake, 'nginx:2');
      const oldPods = podsOf(s.fake, old).length;
      if (oldPods === 0 && podsOf(s.fake, next).length === 0) sawNothingRunning = true;
      // Never old and new at once: the new ReplicaSet wants pods only when every old pod is gone.
      if (next && (next.spec.replicas ?? 0) > 0) expect(oldPods).toBe(0);
      expect(oldPods === 0 || podsOf(s.fake, next).length === 0).toBe(true);
    });
    expect(sawNothingRunning).toBe(true);
    expect(byImage(s.fake, 'nginx:1')!.spec.replicas).toBe(0);
    expect(byImage(s.fake, 'nginx:2')!.spec.replicas).toBe(3);
    expect(podsOf(s.fake, byImage(s.fake, 'nginx:2'))).toHaveLength(3);
    expect(condition(s.fake, 'Progressing')?.reason).toBe('NewReplicaSetAvailable');
  });
});

describe('pause and resume', () => {
  it('makes no new ReplicaSet while paused, still scales, and rolls out on resume', async () => {
    const s = setup();
    await settle(s);
    await edit(s.fake, (spec) => ({ ...spec, paused: true, template: template('nginx:2') }));
    await settle(s);
    expect(s.fake.list<ReplicaSet>('replicasets')).toHaveLength(1);
    expect(condition(s.fake, 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused' });

    await edit(s.fake, (spec) => ({ ...spec, replicas: 5 }));
    await settle(s);
    expect(s.fake.list<ReplicaSet>('replicasets').map((rs) => rs.spec.replicas)).toEqual([5]);
    expect(s.fake.list<Pod>('pods')).toHaveLength(5);
    expect(status(s.fake)).toMatchObject({ replicas: 5, availableReplicas: 5, observedGeneration: 3 });

    await edit(s.fake, (spec) => ({ ...spec, paused: false }));
    await settle(s);
    expect(byImage(s.fake, 'nginx:1')!.spec.replicas).toBe(0);
    expect(byImage(s.fake, 'nginx:2')).toMatchObject({
      spec: { replicas: 5 },
      metadata: { annotations: { [REVISION]: '2' } },
    });
    expect(status(s.fake)).toMatchObject({ replicas: 5, updatedReplicas: 5, availableReplicas: 5 });
    expect(condition(s.fake, 'Progressing')?.reason).toBe('NewReplicaSetAvailable');
  });
});

describe('revisionHistoryLimit', () => {
  it('deletes the oldest idle ReplicaSets beyond the limit, oldest first', async () => {
    const s = setup();
    await settle(s);
    for (const image of ['nginx:2', 'nginx:3', 'nginx:4', 'nginx:5']) {
      await edit(s.fake, (spec) => ({ ...spec, template: template(image) }));
      await settle(s);
    }
    expect(s.fake.list<ReplicaSet>('replicasets')).toHaveLength(5);
    const nameOf = (image: string) => byImage(s.fake, image)!.metadata.name;
    const expected = ['nginx:1', 'nginx:2', 'nginx:3'].map(nameOf);

    s.fake.clearActions();
    await edit(s.fake, (spec) => ({ ...spec, revisionHistoryLimit: 1 }));
    await settle(s);
    const deleted = s.fake.writes('replicasets').filter((a) => a.verb === 'delete');
    expect(deleted.map((a) => a.name)).toEqual(expected);
    const left = s.fake.list<ReplicaSet>('replicasets');
    expect(left.map((rs) => [rs.metadata.annotations?.[REVISION], rs.spec.replicas]).sort()).toEqual([
      ['4', 0],
      ['5', 3],
    ]);
  });

  it('keeps an old ReplicaSet that still has replicas, even beyond the limit', async () => {
    const s = setup({ revisionHistoryLimit: 0 });
    await settle(s);
    await edit(s.fake, (spec) => ({ ...spec, template: template('nginx:2') }));
    await s.dc.sync('default/web');
    await s.syncReplicaSets();
    // Paused mid-rollout, the history is trimmed (as upstream's sync does) but the old ReplicaSet has pods.
    await edit(s.fake, (spec) => ({ ...spec, paused: true }));
    await settle(s);
    expect(byImage(s.fake, 'nginx:1')!.spec.replicas).toBeGreaterThan(0);
    await edit(s.fake, (spec) => ({ ...spec, paused: false }));
    await settle(s);
    const images = s.fake.list<ReplicaSet>('replicasets').map((rs) => rs.spec.template.spec.containers[0]?.image);
    expect(images).toEqual(['nginx:2']);
  });
});

describe('rollout undo', () => {
  it('reuses the old ReplicaSet for the template kubectl copies back, creationTimestamp: null and all', async () => {
    const s = setup();
    await settle(s);
    const first = byImage(s.fake, 'nginx:1')!;
    await edit(s.fake, (spec) => ({ ...spec, template: template('nginx:2') }));
    await settle(s);
    const undone = { ...template('nginx:1'), metadata: { creationTimestamp: null, labels } };
    await edit(s.fake, (spec) => ({ ...spec, template: undone as unknown as Deployment['spec']['template'] }));
    await settle(s);
    expect(s.fake.list<ReplicaSet>('replicasets')).toHaveLength(2);
    expect(byImage(s.fake, 'nginx:1')).toMatchObject({
      metadata: { uid: first.metadata.uid, annotations: { [REVISION]: '3' } },
      spec: { replicas: 3 },
    });
  });
});

describe('progressDeadlineSeconds', () => {
  it('marks Progressing False with ProgressDeadlineExceeded when no progress is made in time', async () => {
    const s = setup({ progressDeadlineSeconds: 60 });
    const at = (seconds: number) =>
      s.clock.advance(Date.parse('2024-01-01T00:00:00Z') + seconds * 1000 - s.clock.now());
    await s.dc.sync('default/web');
    await s.syncReplicaSets();
    await s.dc.sync('default/web');
    expect(condition(s.fake, 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetCreated' });

    at(50);
    const [one] = s.fake.list<Pod>('pods');
    markReady(s.fake, (pod) => pod.metadata.name === one!.metadata.name);
    await s.syncReplicaSets();
    await s.dc.sync('default/web');
    expect(condition(s.fake, 'Progressing')).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated' });

    // The deadline counts from the last progress (50 s), not from the start.
    at(100);
    await s.dc.sync('default/web');
    expect(condition(s.fake, 'Progressing')?.status).toBe('True');
    at(111);
    await s.dc.sync('default/web');
    expect(condition(s.fake, 'Progressing')).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
    expect(condition(s.fake, 'Available')?.status).toBe('False');

    // Once the pods come up the Deployment completes after all.
    await settle(s);
    expect(condition(s.fake, 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable' });
  });
});

describe('hash collisions', () => {
  it('persists a bumped status.collisionCount and uses a new name on the next sync', async () => {
    const s = setup();
    const taken = `web-${podTemplateHash(template('nginx:1'))}`;
    const other = template('other:1');
    other.metadata.labels = { app: 'other' };
    s.fake.seed<ReplicaSet>('replicasets', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: taken, namespace: 'default', labels: { app: 'other' } },
      spec: { replicas: 0, selector: { matchLabels: { app: 'other' } }, template: other },
    });
    await expect(s.dc.sync('default/web')).rejects.toThrow(/collisionCount/);
    expect(status(s.fake).collisionCount).toBe(1);
    await s.dc.sync('default/web');
    const ours = s.fake.list<ReplicaSet>('replicasets').filter((rs) => rs.metadata.name !== taken);
    expect(ours).toHaveLength(1);
    expect(ours[0]!.metadata.name).toBe(`web-${podTemplateHash(template('nginx:1'), 1)}`);
  });
});

describe('RollingUpdate with a stale ReplicaSet status', () => {
  const rs = (name: string, replicas: number, available: number): ReplicaSet => ({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default' },
    spec: { replicas, selector: { matchLabels: labels }, template: template(name) },
    status: { replicas: Math.max(replicas, available), availableReplicas: available },
  });

  it('does not count pods a scaled-down ReplicaSet is still deleting as available', () => {
    // 10 replicas, 25%: at least 8 available. The old ReplicaSet was told 8 but its status still says 10.
    const d = deployment({ replicas: 10, strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } });
    const old = rs('old', 8, 10);
    const next = rs('new', 5, 3);
    const budget = maxScaledDown(d, [old, next], next);
    const target = scaleDownOld(d, [old, next], [old], budget).get(old) ?? 8;
    // What stays available once the old ReplicaSet has caught up: its target plus the new one's 3.
    expect(Math.min(target, 8) + 3).toBeGreaterThanOrEqual(8);
  });

  it('does not surge while a scaled-down ReplicaSet still has its pods', () => {
    const d = deployment({ replicas: 10, strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } });
    // Old told 1 but still holding 8 pods; the new one has 5: 13 pods, no room for more.
    expect(newRSNewReplicas(d, [rs('old', 1, 8), rs('new', 5, 5)], rs('new', 5, 5))).toBe(5);
  });
});
