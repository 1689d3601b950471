import { describe, expect, it } from 'vitest';
import type { CronJob, Job } from '../../../server/api/types/batch.js';
import { CronJobController, SCHEDULED_TIMESTAMP_ANNOTATION } from '../../../server/controllers/cronjob.js';
import { silentLogger } from '../../../server/log.js';
import { FakeClient } from '../../support/fake-client.js';
import { FakeClock } from '../../support/fake-clock.js';

const CREATED = Date.parse('2024-01-01T00:00:30Z');
const minutes = (iso: string) => Date.parse(iso) / 60_000;

function cronJob(spec: Partial<CronJob['spec']> = {}): CronJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'hello', namespace: 'default', uid: 'cj-uid', creationTimestamp: '2024-01-01T00:00:30Z' },
    spec: {
      schedule: '*/5 * * * *',
      jobTemplate: {
        metadata: { labels: { app: 'hello' } },
        spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
      },
      ...spec,
    },
  };
}

function setup(spec: Partial<CronJob['spec']> = {}) {
  const fake = new FakeClient();
  const clock = new FakeClock(CREATED);
  fake.now = () => new Date(clock.now());
  fake.seed('cronjobs', cronJob(spec));
  const cjc = new CronJobController({ client: fake.client, informers: fake.factory, log: silentLogger, clock });
  /** Moves the clock to `iso` and syncs. */
  const at = async (iso: string) => {
    clock.advance(Date.parse(iso) - clock.now());
    await cjc.sync('default/hello');
  };
  const jobNames = () => fake.list<Job>('jobs').map((j) => j.metadata.name);
  const status = () => fake.find<CronJob>('cronjobs', 'default/hello')!.status ?? {};
  /** Plays the Job controller: the named job finishes. */
  const finish = (name: string, type: 'Complete' | 'Failed', iso: string) => {
    const job = fake.find<Job>('jobs', `default/${name}`)!;
    const conditions = [{ type, status: 'True', lastTransitionTime: iso }];
    const completionTime = type === 'Complete' ? iso : undefined;
    fake.put('jobs', { ...job, status: { startTime: job.metadata.creationTimestamp, completionTime, conditions } });
  };
  return { fake, at, jobNames, status, finish };
}

describe('CronJobController', () => {
  it('creates hello-<minutes since the epoch> at the scheduled minute, not before, and only once', async () => {
    const { fake, at, jobNames, status } = setup();
    await at('2024-01-01T00:04:59Z');
    expect(jobNames()).toEqual([]);
    await at('2024-01-01T00:05:00Z');
    await at('2024-01-01T00:05:20Z');
    const name = `hello-${minutes('2024-01-01T00:05:00Z')}`;
    expect(jobNames()).toEqual([name]);
    const job = fake.find<Job>('jobs', `default/${name}`)!;
    expect(job.metadata.labels).toEqual({ app: 'hello' });
    expect(job.metadata.annotations?.[SCHEDULED_TIMESTAMP_ANNOTATION]).toBe('2024-01-01T00:05:00Z');
    expect(job.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'CronJob', uid: 'cj-uid', controller: true });
    expect(status()).toMatchObject({ lastScheduleTime: '2024-01-01T00:05:00Z', active: [{ name, kind: 'Job' }] });
  });

  it('runs only the most recent of several missed times', async () => {
    const { at, jobNames } = setup();
    await at('2024-01-01T00:17:00Z');
    expect(jobNames()).toEqual([`hello-${minutes('2024-01-01T00:15:00Z')}`]);
  });

  it('skips a time missed by more than startingDeadlineSeconds', async () => {
    const { at, jobNames } = setup({ startingDeadlineSeconds: 60 });
    await at('2024-01-01T00:06:01Z');
    expect(jobNames()).toEqual([]);
    await at('2024-01-01T00:10:30Z');
    expect(jobNames()).toHaveLength(1);
  });

  it('with Forbid starts nothing while a job is active, and updates active and lastSuccessfulTime', async () => {
    const { at, jobNames, status, finish } = setup({ concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 30 });
    await at('2024-01-01T00:05:00Z');
    await at('2024-01-01T00:10:00Z');
    expect(jobNames()).toHaveLength(1);
    finish(jobNames()[0]!, 'Complete', '2024-01-01T00:11:00Z');
    await at('2024-01-01T00:15:00Z');
    expect(jobNames()).toHaveLength(2);
    expect(status().lastSuccessfulTime).toBe('2024-01-01T00:11:00Z');
    expect(status().active).toEqual([expect.objectContaining({ name: `hello-${minutes('2024-01-01T00:15:00Z')}` })]);
  });

  it('with Allow runs jobs side by side', async () => {
    const { at, jobNames, status } = setup();
    await at('2024-01-01T00:05:00Z');
    await at('2024-01-01T00:10:00Z');
    expect(jobNames()).toHaveLength(2);
    expect(status().active).toHaveLength(2);
  });

  it('with Replace deletes the running job before starting the next', async () => {
    const { fake, at, jobNames } = setup({ concurrencyPolicy: 'Replace' });
    await at('2024-01-01T00:05:00Z');
    await at('2024-01-01T00:10:00Z');
    expect(jobNames()).toEqual([`hello-${minutes('2024-01-01T00:10:00Z')}`]);
    const deletion = fake.writes('jobs').find((a) => a.verb === 'delete');
    expect(deletion).toMatchObject({ name: `hello-${minutes('2024-01-01T00:05:00Z')}` });
  });

  it('creates nothing while suspended', async () => {
    const { at, jobNames } = setup({ suspend: true });
    await at('2024-01-01T01:00:00Z');
    expect(jobNames()).toEqual([]);
  });

  it('keeps the newest successfulJobsHistoryLimit successful and failedJobsHistoryLimit failed jobs', async () => {
    const { at, jobNames, finish } = setup({ successfulJobsHistoryLimit: 2, failedJobsHistoryLimit: 1 });
    const times = ['00:05', '00:10', '00:15', '00:20', '00:25'].map((t) => `2024-01-01T${t}:00Z`);
    for (const [i, time] of times.entries()) {
      await at(time);
      finish(`hello-${minutes(time)}`, i < 3 ? 'Complete' : 'Failed', time);
    }
    await at('2024-01-01T00:26:00Z');
    expect(jobNames().sort()).toEqual([times[1], times[2], times[4]].map((t) => `hello-${minutes(t!)}`).sort());
  });
});
