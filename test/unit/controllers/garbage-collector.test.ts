import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../server/api/meta.js';
import { GarbageCollector } from '../../../server/controllers/garbage-collector.js';
import { silentLogger } from '../../../server/log.js';
import { FakeClient } from '../../support/fake-client.js';

const rs = (metadata: Partial<KubeObject['metadata']> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web', namespace: 'ns', uid: 'rs-uid', ...metadata },
  spec: {},
});
const pod = (name: string, blockOwnerDeletion = true): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name,
    namespace: 'ns',
    uid: `${name}-uid`,
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'rs-uid', blockOwnerDeletion }],
  },
  spec: { containers: [] },
});

let gc: GarbageCollector | undefined;
afterEach(() => gc?.stop());

function setup(): FakeClient {
  const fake = new FakeClient();
  gc = new GarbageCollector({ client: fake.client, informers: fake.factory, log: silentLogger });
  return fake;
}

describe('GarbageCollector.sync', () => {
  it('deletes a dependent whose owner no longer exists, after checking with a GET', async () => {
    const fake = setup();
    fake.seed('pods', pod('a'));
    await gc!.sync('a-uid');
    expect(fake.actions.map((a) => `${a.verb} ${a.resource} ${a.name}`)).toEqual([
      'get replicasets web',
      'delete pods a',
    ]);
    expect(fake.writes()[0]?.body).toMatchObject({ preconditions: { uid: 'a-uid' } });
  });

  it('keeps a dependent whose owner exists', async () => {
    const fake = setup();
    fake.seed('replicasets', rs());
    fake.seed('pods', pod('a'));
    await gc!.sync('a-uid');
    expect(fake.writes()).toEqual([]);
  });

  it('treats an owner recreated under the same name (another uid) as gone', async () => {
    const fake = setup();
    fake.informing = false;
    fake.seed('replicasets', rs({ uid: 'other-uid' }));
    fake.informing = true;
    fake.seed('pods', pod('a'));
    await gc!.sync('a-uid');
    expect(fake.writes().map((a) => `${a.verb} ${a.resource}`)).toEqual(['delete pods']);
  });

  it('orphans: removes the ownerReference from each dependent, then the orphan finalizer', async () => {
    const fake = setup();
    fake.seed('replicasets', rs({ deletionTimestamp: '2024-01-01T00:00:00Z', finalizers: ['orphan'] }));
    fake.seed('pods', pod('a'), pod('b'));
    await gc!.sync('rs-uid');
    expect(fake.writes().map((a) => `${a.verb} ${a.resource} ${a.name ?? ''}`.trim())).toEqual([
      'update pods a',
      'update pods b',
      'update replicasets web',
    ]);
    expect(fake.find('pods', 'ns/a')?.metadata.ownerReferences).toBeUndefined();
    expect(fake.find('replicasets', 'ns/web')?.metadata.finalizers).toBeUndefined();
  });

  it('foreground: deletes blocking dependents in the foreground, and drops the finalizer once they are gone', async () => {
    const fake = setup();
    fake.seed('replicasets', rs({ deletionTimestamp: '2024-01-01T00:00:00Z', finalizers: ['foregroundDeletion'] }));
    fake.seed('pods', pod('a'), pod('b', false));
    await gc!.sync('rs-uid');
    expect(
      fake.writes().map((a) => [a.verb, a.name, (a.body as { propagationPolicy?: string }).propagationPolicy]),
    ).toEqual([
      ['delete', 'a', 'Foreground'],
      ['delete', 'b', 'Background'],
    ]);
    fake.clearActions();
    await gc!.sync('rs-uid');
    expect(fake.writes().map((a) => `${a.verb} ${a.resource}`)).toEqual(['update replicasets']);
    expect(fake.find('replicasets', 'ns/web')?.metadata.finalizers).toBeUndefined();
  });

  it('foreground: waits while a blocking dependent is still being deleted', async () => {
    const fake = setup();
    fake.seed('replicasets', rs({ deletionTimestamp: '2024-01-01T00:00:00Z', finalizers: ['foregroundDeletion'] }));
    const terminating = pod('a');
    terminating.metadata.deletionTimestamp = '2024-01-01T00:00:00Z';
    fake.seed('pods', terminating);
    await gc!.sync('rs-uid');
    expect(fake.writes()).toEqual([]);
  });

  it('looks a ReplicationController owner up as v1 replicationcontrollers, and collects its pods once it is gone', async () => {
    const fake = setup();
    const rcRef = { apiVersion: 'v1', kind: 'ReplicationController', name: 'nginx', uid: 'rc-uid' };
    fake.seed('pods', { ...pod('a'), metadata: { ...pod('a').metadata, ownerReferences: [rcRef] } });
    await gc!.sync('a-uid');
    expect(fake.actions.map((a) => `${a.verb} ${a.resource} ${a.name}`)).toEqual([
      'get replicationcontrollers nginx',
      'delete pods a',
    ]);
  });

  it('orphans the pods of a ReplicationController deleted with --cascade=orphan', async () => {
    const fake = setup();
    const rc = { ...rs({ uid: 'rc-uid', deletionTimestamp: '2024-01-01T00:00:00Z', finalizers: ['orphan'] }) };
    fake.seed('replicationcontrollers', { ...rc, apiVersion: 'v1', kind: 'ReplicationController' });
    const rcRef = { apiVersion: 'v1', kind: 'ReplicationController', name: 'web', uid: 'rc-uid' };
    fake.seed('pods', { ...pod('a'), metadata: { ...pod('a').metadata, ownerReferences: [rcRef] } });
    await gc!.sync('rc-uid');
    expect(fake.writes().map((a) => `${a.verb} ${a.resource} ${a.name ?? ''}`.trim())).toEqual([
      'update pods a',
      'update replicationcontrollers web',
    ]);
  });

  it('does nothing for an object no cache holds', async () => {
    const fake = setup();
    await gc!.sync('nobody');
    expect(fake.actions).toEqual([]);
  });
});
