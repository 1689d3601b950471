import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '../../../server/api/types/core.js';
import { PodGCController } from '../../../server/controllers/pod-gc.js';
import { silentLogger } from '../../../server/log.js';
import { FakeClient } from '../../support/fake-client.js';

const node = (name: string): Node => ({ apiVersion: 'v1', kind: 'Node', metadata: { name } }) as Node;
const pod = (name: string, extra: { nodeName?: string; deleting?: boolean } = {}): Pod =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      uid: `${name}-uid`,
      ...(extra.deleting && { deletionTimestamp: '2024-01-01T00:00:00Z' }),
    },
    spec: { nodeName: extra.nodeName, containers: [{ name: 'c', image: 'busybox' }] },
  }) as Pod;

function setup(...pods: Pod[]) {
  const fake = new FakeClient();
  fake.seed('nodes', node('alive'));
  fake.seed('pods', ...pods);
  const gc = new PodGCController({ client: fake.client, informers: fake.factory, log: silentLogger });
  const deleted = () =>
    fake
      .writes('pods')
      .filter((a) => a.verb === 'delete')
      .map((a) => a.name);
  return { fake, gc, deleted };
}

describe('PodGCController', () => {
  it('force-deletes a pod bound to a node that no longer exists', async () => {
    const { fake, gc, deleted } = setup(pod('orphan', { nodeName: 'gone' }));
    await gc.sync('default/orphan');
    expect(deleted()).toEqual(['orphan']);
    expect(fake.writes('pods')[0]?.body).toEqual({ gracePeriodSeconds: 0, preconditions: { uid: 'orphan-uid' } });
    expect(fake.find('pods', 'default/orphan')).toBeUndefined();
  });

  it.each([
    ['a pod on a node that exists', pod('placed', { nodeName: 'alive' })],
    ['a pending pod', pod('pending')],
    ['a pod being deleted on a node that exists', pod('leaving', { nodeName: 'alive', deleting: true })],
  ])('leaves %s alone', async (_case, subject) => {
    const { gc, deleted } = setup(subject);
    await gc.sync(`default/${subject.metadata.name}`);
    expect(deleted()).toEqual([]);
  });
});
