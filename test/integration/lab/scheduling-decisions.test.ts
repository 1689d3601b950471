// The workbook's view of the scheduler's decisions: the lab server reads a pod's decision annotation through the API
// (read-only kubeconfig) and hands it over as a validated SchedulingDecision, or a readable error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '../../../server/api/types/core.js';
import { createClient, loadKubeconfig, type Client } from '../../../server/client/index.js';
import { DECISION_ANNOTATION, SchedulingDecision } from '../../../server/protocol/cluster.js';
import { paths } from '../../../server/protocol/http.js';
import { Scheduler } from '../../../server/scheduler/scheduler.js';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver.js';
import { createNodes } from '../../support/cluster.js';
import { startLabServer, type TestLabServer } from '../../support/lab-server.js';

let cluster: TestApiServer;
let client: Client;
let scheduler: Scheduler;
let lab: TestLabServer;

beforeAll(async () => {
  cluster = await startTestApiServer();
  client = createClient(await loadKubeconfig(cluster.kubeconfig));
  await createNodes(client, ['node-1', 'node-2'], { cpu: '2', memory: '4Gi', pods: '10' });
  await client.nodes().patch('node-1', { type: 'merge', patch: { spec: { unschedulable: true } } });
  scheduler = new Scheduler({ client });
  await scheduler.start();
  lab = await startLabServer({ clusterKubeconfig: cluster.readerKubeconfig });
}, 30_000);

afterAll(async () => {
  await lab?.close();
  await scheduler?.stop();
  client?.close();
  await cluster?.close();
});

const decision = (lab: TestLabServer, namespace: string, pod: string) =>
  fetch(lab.baseUrl + paths.podDecision(namespace, pod), { headers: { authorization: `Bearer ${lab.token}` } });

const pod = (name: string, spec: Partial<Pod['spec']> = {}): Pod =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { containers: [{ name: 'c', image: 'busybox' }], ...spec },
  }) as Pod;

describe('GET the scheduling decision of a pod', () => {
  it('answers what the scheduler decided: the winner, why the other node was filtered out, the scores', async () => {
    await client.pods('default').create(pod('placed'));
    await expect.poll(async () => (await decision(lab, 'default', 'placed')).status, { timeout: 10_000 }).toBe(200);
    const body = SchedulingDecision.parse(await (await decision(lab, 'default', 'placed')).json());
    expect(body.winner).toBe('node-2');
    expect(body.filters['node-1']).toBe('NodeUnschedulable: node(s) were unschedulable');
    expect(body.scores[0]?.node).toBe('node-2');
  });

  it('answers the FailedScheduling message for a pod that fits nowhere', async () => {
    await client.pods('default').create(pod('stuck', { nodeSelector: { disk: 'ssd' } }));
    await expect.poll(async () => (await decision(lab, 'default', 'stuck')).status, { timeout: 10_000 }).toBe(200);
    const body = SchedulingDecision.parse(await (await decision(lab, 'default', 'stuck')).json());
    expect(body.winner).toBeUndefined();
    expect(body.message).toMatch(/^0\/2 nodes are available: 1 node\(s\) didn't match Pod's node affinity\/selector/);
  });

  it.each([
    ['a pod that does not exist', 'nowhere', 404, 'pod default/nowhere not found'],
    ['a pod no scheduler has tried', 'other', 404, 'pod default/other has no scheduling decision yet'],
    ['a pod whose annotation is not a decision', 'garbled', 502, 'not a decision'],
  ])('answers %s with a readable error', async (_case, name, status, message) => {
    if (name === 'other') await client.pods('default').create(pod('other', { schedulerName: 'nobody' }));
    if (name === 'garbled')
      await client.pods('default').create({
        ...pod('garbled', { schedulerName: 'nobody' }),
        metadata: { name: 'garbled', annotations: { [DECISION_ANNOTATION]: '{"winner": 3' } },
      });
    const response = await decision(lab, 'default', name);
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: string }).error).toContain(message);
  });

  it('says the cluster is not set up when there is no kubeconfig yet', async () => {
    const alone = await startLabServer();
    const response = await decision(alone, 'default', 'placed');
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: string }).error).toContain('the cluster is not set up yet');
    await alone.close();
  });
});
