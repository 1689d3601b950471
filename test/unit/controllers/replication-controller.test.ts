import { describe, expect, it } from 'vitest';
import type { ReplicaSet } from '../../../server/api/types/apps.js';
import type { Pod } from '../../../server/api/types/core.js';
import { ReplicaSetController } from '../../../server/controllers/replicaset.js';
import {
  ReplicationManager,
  toReplicaSet,
  type ReplicationController,
} from '../../../server/controllers/replication-controller.js';
import { silentLogger } from '../../../server/log.js';
import { FakeClient } from '../../support/fake-client.js';

const labels = { app: 'nginx' };

/** The course's nginx ReplicationController. */
function rcObject(replicas: number): ReplicationController {
  return {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { name: 'nginx', namespace: 'default', uid: 'rc-uid', generation: 1 },
    spec: {
      replicas,
      selector: labels,
      template: { metadata: { labels }, spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [] }] } },
    },
  };
}

function setup(rc: ReplicationController) {
  const fake = new FakeClient();
  fake.seed('replicationcontrollers', rc);
  const rm = new ReplicationManager({ client: fake.client, informers: fake.factory, log: silentLogger });
  const rc_ = () => fake.find<ReplicationController>('replicationcontrollers', 'default/nginx')!;
  const scale = (replicas: number) =>
    fake.put('replicationcontrollers', { ...rc_(), spec: { ...rc_().spec, replicas } });
  return { fake, rm, rc: rc_, scale };
}

describe('ReplicationManager', () => {
  it('creates the pods a ReplicationController wants, controlled by kind ReplicationController in v1', async () => {
    const { fake, rm } = setup(rcObject(3));
    await rm.sync('default/nginx');
    const pods = fake.list<Pod>('pods');
    expect(pods).toHaveLength(3);
    for (const pod of pods) {
      expect(pod.metadata.name).toMatch(/^nginx-/);
      expect(pod.metadata.labels).toEqual(labels);
      expect(pod.metadata.ownerReferences).toEqual([
        {
          apiVersion: 'v1',
          kind: 'ReplicationController',
          name: 'nginx',
          uid: 'rc-uid',
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
    }
  });

  it('writes replicationcontrollers/status and scales down to spec.replicas', async () => {
    const { fake, rm, rc, scale } = setup(rcObject(3));
    await rm.sync('default/nginx');
    scale(1);
    await rm.sync('default/nginx');
    await rm.sync('default/nginx');
    expect(fake.list<Pod>('pods')).toHaveLength(1);
    expect(rc().status).toMatchObject({ replicas: 1, fullyLabeledReplicas: 1, readyReplicas: 0 });
    const statusWrites = fake.writes('replicationcontrollers').filter((a) => a.subresource === 'status');
    expect(statusWrites.length).toBeGreaterThan(0);
    expect(statusWrites.every((a) => (a.body as ReplicationController).kind === 'ReplicationController')).toBe(true);
    expect(fake.writes('replicasets')).toEqual([]);
  });

  it('replaces a deleted pod', async () => {
    const { fake, rm } = setup(rcObject(2));
    await rm.sync('default/nginx');
    const [victim] = fake.list<Pod>('pods');
    fake.remove('pods', `default/${victim!.metadata.name}`);
    await rm.sync('default/nginx');
    const names = fake.list<Pod>('pods').map((p) => p.metadata.name);
    expect(names).toHaveLength(2);
    expect(names).not.toContain(victim!.metadata.name);
  });

  it('records its events as replication-controller on the ReplicationController', async () => {
    const { fake, rm } = setup(rcObject(1));
    await rm.sync('default/nginx');
    await expect.poll(() => fake.events('ReplicationController/nginx')).toHaveLength(1);
    expect(fake.events('ReplicationController/nginx')[0]).toMatchObject({
      reason: 'SuccessfulCreate',
      source: { component: 'replication-controller' },
    });
  });

  it('adopts an orphan its map selector matches, but never a pod a ReplicaSet controls', async () => {
    const { fake, rm } = setup(rcObject(2));
    const pod = (name: string, ownerReferences?: Pod['metadata']['ownerReferences']): Pod => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default', labels, ownerReferences },
      spec: { containers: [] },
    });
    const rsRef = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'rs-uid', controller: true };
    fake.seed('pods', pod('orphan'), pod('taken', [rsRef]));
    await rm.sync('default/nginx');
    expect(fake.find<Pod>('pods', 'default/orphan')!.metadata.ownerReferences?.[0]).toMatchObject({
      kind: 'ReplicationController',
      uid: 'rc-uid',
    });
    expect(fake.find<Pod>('pods', 'default/taken')!.metadata.ownerReferences).toEqual([rsRef]);
    expect(fake.writes('pods').filter((a) => a.verb === 'create')).toHaveLength(1);
  });

  it('creates nothing for a ReplicationController without a selector', async () => {
    const { selector: _selector, ...spec } = rcObject(2).spec;
    const { fake, rm } = setup({ ...rcObject(2), spec });
    await rm.sync('default/nginx');
    expect(fake.list<Pod>('pods')).toEqual([]);
  });

  it('leaves ReplicationControllers to itself and ReplicaSets to the ReplicaSet controller', async () => {
    const { fake, rm } = setup(rcObject(1));
    const rs: ReplicaSet = {
      ...toReplicaSet(rcObject(1)),
      metadata: { name: 'nginx', namespace: 'default', uid: 'rs-uid' },
    };
    rs.spec.template = { metadata: { labels: { app: 'other' } }, spec: { containers: [] } };
    rs.spec.selector = { matchLabels: { app: 'other' } };
    fake.seed('replicasets', rs);
    const rsc = new ReplicaSetController({ client: fake.client, informers: fake.factory, log: silentLogger });
    await rm.sync('default/nginx');
    await rsc.sync('default/nginx');
    const kinds = fake.list<Pod>('pods').map((p) => p.metadata.ownerReferences?.[0]?.kind);
    expect(kinds.sort()).toEqual(['ReplicaSet', 'ReplicationController']);
  });
});

describe('toReplicaSet', () => {
  it('reads the map selector as matchLabels and keeps replicas, minReadySeconds and template', () => {
    const rc = { ...rcObject(4), spec: { ...rcObject(4).spec, minReadySeconds: 5 } };
    expect(toReplicaSet(rc).spec).toEqual({
      replicas: 4,
      minReadySeconds: 5,
      selector: { matchLabels: labels },
      template: rc.spec.template,
    });
  });
});
