import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Event, Node, Pod } from '../../../server/api/types/core.js';
import { createClient, loadKubeconfig, type Client } from '../../../server/client/index.js';
import { Scheduler } from '../../../server/scheduler/scheduler.js';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver.js';

let server: TestApiServer;
let client: Client;
let scheduler: Scheduler;

function node(
  name: string,
  options: { cpu?: string; labels?: Record<string, string>; taints?: Node['spec'] } = {},
): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...options.labels } },
    spec: options.taints ?? {},
    status: {
      allocatable: { cpu: options.cpu ?? '2', memory: '4Gi', pods: '110' },
      capacity: { cpu: options.cpu ?? '2', memory: '4Gi', pods: '110' },
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  };
}

function pod(name: string, spec: Partial<Pod['spec']> = {}, cpu = '100m'): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu } } }], ...spec },
  };
}

/** Waits until `read` returns something, for up to 30 s (a loaded 2-core machine schedules slowly). */
function eventually<T>(read: () => Promise<T | undefined>): Promise<T> {
  return vi.waitFor(
    async () => {
      const value = await read();
      expect(value).toBeTruthy();
      return value!;
    },
    { timeout: 30_000, interval: 50 },
  );
}

async function boundNode(name: string): Promise<string> {
  return eventually(async () => (await client.pods('default').get(name)).spec.nodeName);
}

async function eventFor(name: string, reason: string): Promise<Event> {
  return eventually(async () => {
    const events = await client.events('default').list({ fieldSelector: `involvedObject.name=${name}` });
    return (events.items as Event[]).find((event) => event.reason === reason);
  });
}

beforeAll(async () => {
  server = await startTestApiServer();
  client = createClient(await loadKubeconfig(server.kubeconfig));
  await client.nodes().create(node('node-1', { labels: { disk: 'ssd' } }));
  await client.nodes().create(node('node-2'));
  await client
    .nodes()
    .create(node('node-3', { taints: { taints: [{ key: 'dedicated', value: 'lab', effect: 'NoSchedule' }] } }));
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
    await client.pods('default').create(pod('web-1'));
    const nodeName = await boundNode('web-1');
    expect(['node-1', 'node-2']).toContain(nodeName);
    const event = await eventFor('web-1', 'Scheduled');
    expect(event.message).toBe(`Successfully assigned default/web-1 to ${nodeName}`);
    expect(event.source?.component).toBe('default-scheduler');
    expect(scheduler.traceFor('default', 'web-1')?.winner).toBe(nodeName);
  });

  it('keeps a pod that fits nowhere Pending with the upstream aggregate message', async () => {
    await client.pods('default').create(pod('huge', {}, '3'));
    const event = await eventFor('huge', 'FailedScheduling');
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
    for (let i = 0; i < 6; i++) await client.pods('default').create(pod(`spread-${i}`));
    for (let i = 0; i < 6; i++) expect(await boundNode(`spread-${i}`)).not.toBe('node-3');
    const tolerant = pod('tolerant', {
      nodeSelector: { 'kubernetes.io/hostname': 'node-3' },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'lab', effect: 'NoSchedule' }],
    });
    await client.pods('default').create(tolerant);
    expect(await boundNode('tolerant')).toBe('node-3');
  });

  it('honours nodeSelector', async () => {
    await client.pods('default').create(pod('ssd-only', { nodeSelector: { disk: 'ssd' } }));
    expect(await boundNode('ssd-only')).toBe('node-1');
    const trace = scheduler.traceFor('default', 'ssd-only');
    expect(trace?.rejected.find((n) => n.node === 'node-2')?.filters.at(-1)).toMatchObject({
      plugin: 'NodeAffinity',
      code: 'UnschedulableAndUnresolvable',
      reasons: ["node(s) didn't match Pod's node affinity/selector"],
    });
  });

  it('schedules an unschedulable pod once a node that fits it joins', async () => {
    await client.nodes().create(node('node-big', { cpu: '8' }));
    expect(await boundNode('huge')).toBe('node-big');
  });

  it('leaves pods for another scheduler alone', async () => {
    await client.pods('default').create(pod('other', { schedulerName: 'my-scheduler' }));
    await client.pods('default').create(pod('after-other'));
    await boundNode('after-other');
    expect((await client.pods('default').get('other')).spec.nodeName).toBeUndefined();
    expect(scheduler.traceFor('default', 'other')).toBeUndefined();
  });
});
