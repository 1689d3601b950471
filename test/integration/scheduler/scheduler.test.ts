import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, loadKubeconfig, type Client } from '../../../server/client/index.js';
import { Scheduler } from '../../../server/scheduler/scheduler.js';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver.js';
import { boundNode, eventFor, eventually, testNode, testPod } from '../../support/scheduling.js';

let server: TestApiServer;
let client: Client;
let scheduler: Scheduler;

beforeAll(async () => {
  server = await startTestApiServer();
  client = createClient(await loadKubeconfig(server.kubeconfig));
  await client.nodes().create(testNode('node-1', { labels: { disk: 'ssd' } }));
  await client.nodes().create(testNode('node-2'));
  await client
    .nodes()
    .create(testNode('node-3', { spec: { taints: [{ key: 'dedicated', value: 'lab', effect: 'NoSchedule' }] } }));
  scheduler = new Scheduler({ client });
  await scheduler.start();
});

afterAll(async () => {
  await scheduler?.stop();
  client?.close();
  await server?.close();
});

describe('Scheduler against a real API server', () => {
  it('binds a pending pod to a node and records a Scheduled event', async () => {
    await client.pods('default').create(testPod('web-1'));
    const nodeName = await boundNode(client, 'web-1');
    expect(['node-1', 'node-2']).toContain(nodeName);
    const event = await eventFor(client, 'web-1', 'Scheduled');
    expect(event.message).toBe(`Successfully assigned default/web-1 to ${nodeName}`);
    expect(event.source?.component).toBe('default-scheduler');
    expect(scheduler.traceFor('default', 'web-1')?.winner).toBe(nodeName);
  });

  it('keeps a pod that fits nowhere Pending with the upstream aggregate message', async () => {
    await client.pods('default').create(testPod('huge', {}, { cpu: '3' }));
    const event = await eventFor(client, 'huge', 'FailedScheduling');
    expect(event.type).toBe('Warning');
    expect(event.reportingComponent).toBe('default-scheduler');
    expect(event.involvedObject).toMatchObject({ kind: 'Pod', name: 'huge', namespace: 'default' });
    expect(event.message).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: lab}, 2 Insufficient cpu. ' +
        'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, ' +
        '2 No preemption victims found for incoming pod..',
    );
    const condition = await eventually(async () => {
      const status = (await client.pods('default').get('huge')).status as { conditions?: Record<string, unknown>[] };
      return status?.conditions?.find((c) => c.type === 'PodScheduled');
    });
    expect(condition).toMatchObject({ status: 'False', reason: 'Unschedulable' });
    expect((await client.pods('default').get('huge')).spec.nodeName).toBeUndefined();
  });

  it('never places an intolerant pod on the tainted node, and honours a toleration', async () => {
    for (let i = 0; i < 6; i++) await client.pods('default').create(testPod(`spread-${i}`));
    for (let i = 0; i < 6; i++) expect(await boundNode(client, `spread-${i}`)).not.toBe('node-3');
    const tolerant = testPod('tolerant', {
      nodeSelector: { 'kubernetes.io/hostname': 'node-3' },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'lab', effect: 'NoSchedule' }],
    });
    await client.pods('default').create(tolerant);
    expect(await boundNode(client, 'tolerant')).toBe('node-3');
  });

  it('honours nodeSelector', async () => {
    await client.pods('default').create(testPod('ssd-only', { nodeSelector: { disk: 'ssd' } }));
    expect(await boundNode(client, 'ssd-only')).toBe('node-1');
    const trace = scheduler.traceFor('default', 'ssd-only');
    expect(trace?.rejected.find((n) => n.node === 'node-2')?.filters.at(-1)).toMatchObject({
      plugin: 'NodeAffinity',
      code: 'UnschedulableAndUnresolvable',
      reasons: ["node(s) didn't match Pod's node affinity/selector"],
    });
  });

  it('schedules an unschedulable pod once a node that fits it joins', async () => {
    await client.nodes().create(testNode('node-big', { cpu: '8' }));
    expect(await boundNode(client, 'huge')).toBe('node-big');
  });

  it('leaves pods for another scheduler alone', async () => {
    await client.pods('default').create(testPod('other', { schedulerName: 'my-scheduler' }));
    await client.pods('default').create(testPod('after-other'));
    await boundNode(client, 'after-other');
    expect((await client.pods('default').get('other')).spec.nodeName).toBeUndefined();
    expect(scheduler.traceFor('default', 'other')).toBeUndefined();
  });
});
