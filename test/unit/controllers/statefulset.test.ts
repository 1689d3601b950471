import { describe, expect, it } from 'vitest';
import type { StatefulSet } from '../../../server/api/types/apps.js';
import type { Pod } from '../../../server/api/types/core.js';
import { POD_NAME_LABEL, StatefulSetController } from '../../../server/controllers/statefulset.js';
import { silentLogger } from '../../../server/log.js';
import { FakeClient } from '../../support/fake-client.js';

const labels = { app: 'web' };

function statefulSet(replicas: number, spec: Partial<StatefulSet['spec']> = {}, image = 'nginx:1'): StatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default', uid: 'sts-uid', generation: 1 },
    spec: {
      replicas,
      serviceName: 'nginx',
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'c', image }] } },
      ...spec,
    },
  };
}

function setup(sts: StatefulSet) {
  const fake = new FakeClient();
  fake.seed('statefulsets', sts);
  const ssc = new StatefulSetController({ client: fake.client, informers: fake.factory, log: silentLogger });
  const sync = () => ssc.sync('default/web');
  const names = () => fake.list<Pod>('pods').map((p) => p.metadata.name);
  const scale = (replicas: number) => {
    const current = fake.find<StatefulSet>('statefulsets', 'default/web')!;
    fake.put('statefulsets', { ...current, spec: { ...current.spec, replicas } });
  };
  const status = () => fake.find<StatefulSet>('statefulsets', 'default/web')!.status;
  return { fake, sync, names, scale, status };
}

/** Plays kubelet: the named pods (all by default) Running and Ready. */
function markReady(fake: FakeClient, ...only: string[]): void {
  const ready = { type: 'Ready', status: 'True', lastTransitionTime: '2024-01-01T00:00:00Z' };
  for (const pod of fake.list<Pod>('pods'))
    if (only.length === 0 || only.includes(pod.metadata.name ?? ''))
      fake.put('pods', { ...pod, status: { phase: 'Running', conditions: [ready] } });
}

describe('StatefulSetController', () => {
  it('with OrderedReady creates web-0, web-1, web-2 one at a time, each once the one before is ready', async () => {
    const { fake, sync, names, status } = setup(statefulSet(3));
    await sync();
    await sync();
    expect(names()).toEqual(['web-0']);
    const pod = fake.find<Pod>('pods', 'default/web-0')!;
    expect(pod.spec).toMatchObject({ hostname: 'web-0', subdomain: 'nginx' });
    expect(pod.metadata.labels).toMatchObject({ ...labels, [POD_NAME_LABEL]: 'web-0' });
    markReady(fake);
    await sync();
    expect(names()).toEqual(['web-0', 'web-1']);
    markReady(fake);
    await sync();
    expect(names()).toEqual(['web-0', 'web-1', 'web-2']);
    markReady(fake);
    await sync();
    expect(status()).toMatchObject({ replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3 });
    expect(status()!.currentRevision).toBe(status()!.updateRevision);
    expect(status()!.updateRevision).toMatch(/^web-/);
    await expect
      .poll(() => fake.events('StatefulSet/web').map((e) => e.message))
      .toEqual([
        'create Pod web-0 in StatefulSet web successful',
        'create Pod web-1 in StatefulSet web successful',
        'create Pod web-2 in StatefulSet web successful',
      ]);
  });

  it('recreates a missing pod in the middle before going on', async () => {
    const { fake, sync, names } = setup(statefulSet(3));
    for (let i = 0; i < 3; i++) {
      await sync();
      markReady(fake);
    }
    await fake.client.pods('default').delete('web-1');
    await sync();
    expect(names().sort()).toEqual(['web-0', 'web-1', 'web-2']);
  });

  it('scales down all at once with Parallel, and from the highest ordinal one at a time with OrderedReady', async () => {
    const { fake, sync, names } = setup(statefulSet(3, { podManagementPolicy: 'Parallel' }));
    await sync();
    markReady(fake);
    fake.put('statefulsets', statefulSet(1, { podManagementPolicy: 'Parallel' }));
    await sync();
    expect(names()).toEqual(['web-0']);
    const ordered = setup(statefulSet(3));
    for (let i = 0; i < 3; i++) {
      await ordered.sync();
      markReady(ordered.fake);
    }
    ordered.scale(1);
    await ordered.sync();
    expect(ordered.names()).toEqual(['web-0', 'web-1']);
    await ordered.sync();
    expect(ordered.names()).toEqual(['web-0']);
  });

  it('with Parallel creates every pod at once without waiting for readiness', async () => {
    const { sync, names } = setup(statefulSet(3, { podManagementPolicy: 'Parallel' }));
    await sync();
    expect(names()).toEqual(['web-0', 'web-1', 'web-2']);
  });

  it('rolls a new template from the highest ordinal down, one ready pod at a time', async () => {
    const { fake, sync, status } = setup(statefulSet(2));
    for (let i = 0; i < 2; i++) {
      await sync();
      markReady(fake);
    }
    await sync();
    const oldRevision = status()!.currentRevision;
    const current = fake.find<StatefulSet>('statefulsets', 'default/web')!;
    fake.put('statefulsets', { ...current, spec: statefulSet(2, {}, 'nginx:2').spec });
    const images = () => fake.list<Pod>('pods').map((p) => `${p.metadata.name}=${p.spec.containers[0]?.image}`);
    await sync();
    expect(images()).toEqual(['web-0=nginx:1']);
    await sync();
    expect(images()).toEqual(['web-0=nginx:1', 'web-1=nginx:2']);
    expect(status()!.currentRevision).toBe(oldRevision);
    markReady(fake, 'web-1');
    await sync();
    await sync();
    markReady(fake, 'web-0');
    await sync();
    expect(images().sort()).toEqual(['web-0=nginx:2', 'web-1=nginx:2']);
    expect(status()!.currentRevision).toBe(status()!.updateRevision);
    expect(status()!.currentRevision).not.toBe(oldRevision);
  });
});
