import { describe, expect, it } from 'vitest';
import type { Job } from '../../../server/api/types/batch.js';
import type { Pod } from '../../../server/api/types/core.js';
import { JobController, backoffRemaining } from '../../../server/controllers/job.js';
import { silentLogger } from '../../../server/log.js';
import { FakeClient } from '../../support/fake-client.js';
import { FakeClock } from '../../support/fake-clock.js';

const labels = { 'batch.kubernetes.io/controller-uid': 'job-uid', 'batch.kubernetes.io/job-name': 'pi' };
const START = Date.parse('2024-01-01T00:00:00Z');

function job(spec: Partial<Job['spec']> = {}): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi', namespace: 'default', uid: 'job-uid', generation: 1 },
    spec: {
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'job-uid' } },
      template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'perl' }], restartPolicy: 'Never' } },
      ...spec,
    },
  };
}

/** A fake cluster holding `spec`'s Job, its controller, and a clock the test moves. */
function setup(spec: Partial<Job['spec']> = {}) {
  const fake = new FakeClient();
  const clock = new FakeClock(START);
  fake.now = () => new Date(clock.now());
  fake.seed('jobs', job(spec));
  const jc = new JobController({ client: fake.client, informers: fake.factory, log: silentLogger, clock });
  const sync = () => jc.sync('default/pi');
  const current = () => fake.find<Job>('jobs', 'default/pi');
  const pods = () => fake.list<Pod>('pods');
  const active = () => pods().filter((p) => !p.status?.phase);
  /** Plays kubelet: the first `n` running pods end in `phase` now. */
  const finish = (n: number, phase: 'Succeeded' | 'Failed') => {
    for (const pod of active().slice(0, n)) {
      const ready = { type: 'Ready', status: 'False', lastTransitionTime: new Date(clock.now()).toISOString() };
      fake.put('pods', { ...pod, status: { phase, conditions: [ready] } });
    }
  };
  return { fake, clock, sync, current, pods, active, finish };
}

describe('JobController', () => {
  it('runs parallelism pods at a time until completions have succeeded, then reports Complete', async () => {
    const { fake, sync, current, pods, active, finish } = setup({ completions: 3, parallelism: 2 });
    await sync();
    expect(active()).toHaveLength(2);
    expect(pods()[0]!.metadata).toMatchObject({ generateName: 'pi-', labels });
    expect(current()!.status).toMatchObject({ active: 2, succeeded: 0, startTime: '2024-01-01T00:00:00Z' });
    finish(2, 'Succeeded');
    await sync();
    expect(active()).toHaveLength(1);
    finish(1, 'Succeeded');
    await sync();
    expect(pods()).toHaveLength(3);
    expect(current()!.status).toMatchObject({ active: 0, succeeded: 3, failed: 0 });
    expect(current()!.status?.completionTime).toBeDefined();
    expect(current()!.status?.conditions).toEqual([expect.objectContaining({ type: 'Complete', status: 'True' })]);
    await expect
      .poll(() => fake.events('Job/pi').map((e) => e.reason))
      .toEqual(['SuccessfulCreate', 'SuccessfulCreate', 'SuccessfulCreate', 'Completed']);
    expect(fake.events('Job/pi')[0]!.message).toMatch(/^Created pod: pi-/);
  });

  it('waits 10 s after a failure, 20 s after the second, and fails with BackoffLimitExceeded past the limit', async () => {
    const { clock, sync, current, pods, active, finish } = setup({ backoffLimit: 1 });
    await sync();
    finish(1, 'Failed');
    await sync();
    expect(active()).toHaveLength(0);
    clock.advance(9_000);
    await sync();
    expect(active()).toHaveLength(0);
    clock.advance(1_000);
    await sync();
    expect(active()).toHaveLength(1);
    finish(1, 'Failed');
    expect(backoffRemaining(pods(), new Date(clock.now()))).toBe(20_000);
    await sync();
    expect(active()).toHaveLength(0);
    expect(current()!.status).toMatchObject({ failed: 2, active: 0 });
    expect(current()!.status?.conditions).toEqual([
      expect.objectContaining({ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }),
    ]);
  });

  it('caps the back-off at 6 minutes and resets it after a success', () => {
    const at = (phase: string, seconds: number): Pod => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `p${seconds}`, creationTimestamp: new Date(START + seconds * 1000).toISOString() },
      spec: { containers: [] },
      status: { phase },
    });
    const failures = Array.from({ length: 10 }, (_, i) => at('Failed', i));
    expect(backoffRemaining(failures, new Date(START + 9_000))).toBe(360_000);
    expect(backoffRemaining([...failures, at('Succeeded', 10)], new Date(START + 10_000))).toBe(0);
    expect(backoffRemaining([at('Succeeded', 0), at('Failed', 5)], new Date(START + 5_000))).toBe(10_000);
  });

  it('deletes running pods and fails with DeadlineExceeded after activeDeadlineSeconds', async () => {
    const { fake, clock, sync, current, active } = setup({ activeDeadlineSeconds: 30, parallelism: 2, completions: 4 });
    await sync();
    expect(active()).toHaveLength(2);
    clock.advance(29_000);
    await sync();
    expect(current()!.status?.conditions).toBeUndefined();
    clock.advance(1_000);
    await sync();
    expect(active()).toHaveLength(0);
    expect(fake.writes('pods').filter((a) => a.verb === 'delete')).toHaveLength(2);
    expect(current()!.status?.conditions).toEqual([
      expect.objectContaining({ type: 'Failed', reason: 'DeadlineExceeded' }),
    ]);
  });

  it('deletes a finished job ttlSecondsAfterFinished later, in the foreground', async () => {
    const { fake, clock, sync, current, finish } = setup({ ttlSecondsAfterFinished: 60 });
    await sync();
    finish(1, 'Succeeded');
    await sync();
    clock.advance(59_000);
    await sync();
    expect(current()).toBeDefined();
    clock.advance(1_000);
    await sync();
    expect(current()).toBeUndefined();
    expect(fake.writes('jobs').at(-1)).toMatchObject({ verb: 'delete', body: { propagationPolicy: 'Foreground' } });
  });

  it('creates no pods while suspended and never twice for the same expectations', async () => {
    const suspended = setup({ suspend: true });
    await suspended.sync();
    expect(suspended.pods()).toHaveLength(0);
    const { fake, sync, pods } = setup({ completions: 5, parallelism: 5 });
    fake.informing = false;
    await sync();
    await sync();
    expect(pods()).toHaveLength(5);
  });
});
