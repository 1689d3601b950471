import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../server/api/meta.js';
import { EventRecorder, MAX_QUEUED_EVENTS } from '../../../server/client/index.js';
import { createLogger } from '../../../server/log.js';
import { FakeClient, statusError } from '../../support/fake-client.js';

const pod = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'lab', uid: `uid-${name}`, resourceVersion: '7' },
});

function recorder(
  fake: FakeClient,
  limits: { qps?: number; burst?: number; sleep?: (ms: number) => Promise<void> } = {},
) {
  const logs: { msg: string; dropped?: number }[] = [];
  const log = createLogger('test', 'debug', (line) => logs.push(JSON.parse(line) as (typeof logs)[number]));
  const now = () => new Date('2026-01-02T03:04:05.678Z');
  const options = { now, qps: Infinity, ...limits };
  return { events: new EventRecorder(fake.client, 'default-scheduler', log, options), logs };
}

describe('EventRecorder', () => {
  it('writes a core/v1 Event about the object, as kubectl describe shows it', async () => {
    const fake = new FakeClient();
    const { events } = recorder(fake);
    events.event(pod('web'), 'Normal', 'Scheduled', 'Successfully assigned lab/web to node-1', {
      action: 'Binding',
    });
    await events.flush();
    const [event] = fake.list('events');
    expect(event).toMatchObject({
      metadata: { namespace: 'lab', name: expect.stringMatching(/^web\.[0-9a-f]+$/) },
      involvedObject: { apiVersion: 'v1', kind: 'Pod', namespace: 'lab', name: 'web', uid: 'uid-web' },
      reason: 'Scheduled',
      message: 'Successfully assigned lab/web to node-1',
      type: 'Normal',
      source: { component: 'default-scheduler' },
      action: 'Binding',
      firstTimestamp: '2026-01-02T03:04:05Z',
      count: 1,
    });
  });

  it('writes queued events in the order they were recorded', async () => {
    const fake = new FakeClient();
    const { events } = recorder(fake);
    for (const name of ['a', 'b', 'c']) events.event(pod(name), 'Normal', 'Scheduled', name);
    await events.flush();
    expect(fake.writes('events').map((action) => (action.body as { message: string }).message)).toEqual([
      'a',
      'b',
      'c',
    ]);
  });

  it('drops events beyond the queue limit during a burst, and logs how many once it caught up', async () => {
    const fake = new FakeClient();
    const { events, logs } = recorder(fake);
    for (let i = 0; i < MAX_QUEUED_EVENTS + 50; i++) events.event(pod(`p-${i}`), 'Normal', 'Scheduled', `${i}`);
    await events.flush();
    // The first is being written when the rest queue up, so the queue holds the next MAX_QUEUED_EVENTS.
    expect(fake.list('events')).toHaveLength(MAX_QUEUED_EVENTS + 1);
    expect(logs.filter((line) => line.msg === 'event queue full, dropping events')).toHaveLength(1);
    expect(logs.find((line) => line.msg === 'events dropped while the queue was full')?.dropped).toBe(49);
  });

  it('counts a repeated event on the Event already written, and writes a new one when that is gone', async () => {
    const fake = new FakeClient();
    const { events } = recorder(fake);
    const failing = () => events.event(pod('web'), 'Warning', 'FailedScheduling', '0/3 nodes are available');
    failing();
    failing();
    events.event(pod('web'), 'Warning', 'FailedScheduling', '0/4 nodes are available');
    failing();
    await events.flush();
    const written = fake.list('events') as unknown as { metadata: { name: string }; message: string; count: number }[];
    expect(written.map((event) => [event.message, event.count])).toEqual([
      ['0/3 nodes are available', 3],
      ['0/4 nodes are available', 1],
    ]);
    await fake.client.events('lab').delete(written[0]!.metadata.name);
    failing();
    await events.flush();
    expect(fake.list('events').map((event) => (event as unknown as { count: number }).count)).toEqual([1, 1]);
  });

  it('writes at most qps events a second once the burst is spent, as a rate-limited client', async () => {
    const fake = new FakeClient();
    const waits: number[] = [];
    const sleep = (ms: number) => (waits.push(ms), Promise.resolve());
    const { events } = recorder(fake, { qps: 10, burst: 2, sleep });
    for (let i = 0; i < 5; i++) events.event(pod(`p-${i}`), 'Normal', 'Scheduled', `${i}`);
    await events.flush();
    expect(fake.list('events')).toHaveLength(5);
    expect(waits).toEqual([100, 100, 100]);
  });

  it('logs a failed write and goes on with the next', async () => {
    const fake = new FakeClient();
    fake.reactors.push((action) =>
      action.resource === 'events' && (action.body as { message: string }).message === 'bad'
        ? statusError(403, 'Forbidden', 'events is forbidden')
        : undefined,
    );
    const { events, logs } = recorder(fake);
    events.event(pod('x'), 'Warning', 'FailedScheduling', 'bad');
    events.event(pod('y'), 'Normal', 'Scheduled', 'good');
    await events.flush();
    expect(fake.list('events').map((event) => (event as unknown as { message: string }).message)).toEqual(['good']);
    expect(logs.some((line) => line.msg === 'recording event failed')).toBe(true);
  });
});
