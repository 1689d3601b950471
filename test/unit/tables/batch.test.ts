import { describe, expect, it } from 'vitest';
import {
  cronJobColumns,
  type CronJobLike,
  jobColumns,
  jobCompletions,
  jobDuration,
  type JobLike,
  jobStatus,
  printCronJob,
  printJob,
} from '../../../server/apiserver/tables/batch.js';

const now = new Date('2024-05-01T12:00:00Z');
const metadata = { name: 'pi', namespace: 'default', creationTimestamp: '2024-05-01T11:50:00Z' };
const template = { spec: { containers: [{ name: 'pi', image: 'perl:5.34' }] } };

function job(fields: Partial<JobLike> = {}, meta: Partial<JobLike['metadata']> = {}): JobLike {
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: { ...metadata, ...meta }, ...fields };
}
const conditions = (...types: string[]) => ({ conditions: types.map((type) => ({ type, status: 'True' })) });

describe('jobStatus', () => {
  it.each([
    { why: 'a job without conditions', job: job(), want: 'Running' },
    { why: 'a finished job', job: job({ status: conditions('SuccessCriteriaMet', 'Complete') }), want: 'Complete' },
    { why: 'a failed job', job: job({ status: conditions('FailureTarget', 'Failed') }), want: 'Failed' },
    { why: 'a failing job', job: job({ status: conditions('FailureTarget') }), want: 'FailureTarget' },
    { why: 'a suspended job', job: job({ status: conditions('Suspended') }), want: 'Suspended' },
    {
      why: 'a job being deleted',
      job: job({ status: conditions('Suspended') }, { deletionTimestamp: '2024-05-01T12:00:00Z' }),
      want: 'Terminating',
    },
    {
      why: 'a completed job being deleted',
      job: job({ status: conditions('Complete') }, { deletionTimestamp: '2024-05-01T12:00:00Z' }),
      want: 'Complete',
    },
    {
      why: 'a condition that is not True',
      job: job({ status: { conditions: [{ type: 'Complete', status: 'False' }] } }),
      want: 'Running',
    },
  ])('$why is $want', ({ job, want }) => {
    expect(jobStatus(job)).toBe(want);
  });
});

describe('jobCompletions', () => {
  it.each([
    { spec: { completions: 3 }, succeeded: 1, want: '1/3' },
    { spec: {}, succeeded: 0, want: '0/1' },
    { spec: { parallelism: 1 }, succeeded: 1, want: '1/1' },
    { spec: { parallelism: 4 }, succeeded: 2, want: '2/1 of 4' },
  ])('renders $spec with $succeeded succeeded as $want', ({ spec, succeeded, want }) => {
    expect(jobCompletions(job({ spec, status: { succeeded } }))).toBe(want);
  });
});

describe('jobDuration', () => {
  it.each([
    { status: {}, want: '' },
    { status: { startTime: '2024-05-01T11:58:30Z' }, want: '90s' },
    { status: { startTime: '2024-05-01T11:50:00Z', completionTime: '2024-05-01T11:50:42Z' }, want: '42s' },
  ])('renders $status as "$want"', ({ status, want }) => {
    expect(jobDuration(job({ status }), now)).toBe(want);
  });
});

describe('printJob and printCronJob', () => {
  it('gives jobs and cronjobs the upstream columns', () => {
    expect(jobColumns.map((c) => `${c.name}:${c.priority}`)).toEqual([
      'Name:0',
      'Status:0',
      'Completions:0',
      'Duration:0',
      'Age:0',
      'Containers:1',
      'Images:1',
      'Selector:1',
    ]);
    expect(cronJobColumns.map((c) => `${c.name}:${c.priority}`)).toEqual([
      'Name:0',
      'Schedule:0',
      'Timezone:0',
      'Suspend:0',
      'Active:0',
      'Last Schedule:0',
      'Age:0',
      'Containers:1',
      'Images:1',
      'Selector:1',
    ]);
  });

  it('prints a completed job', () => {
    const j = job({
      spec: { completions: 1, template, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'abc' } } },
      status: {
        succeeded: 1,
        startTime: '2024-05-01T11:50:00Z',
        completionTime: '2024-05-01T11:50:12Z',
        ...conditions('Complete'),
      },
    });
    expect(printJob(j, now).cells).toEqual([
      'pi',
      'Complete',
      '1/1',
      '12s',
      '10m',
      'pi',
      'perl:5.34',
      'batch.kubernetes.io/controller-uid=abc',
    ]);
  });

  it.each([
    {
      why: 'a cronjob that has not run',
      spec: { schedule: '*/5 * * * *', suspend: false, jobTemplate: { spec: { template } } },
      status: {},
      want: ['hello', '*/5 * * * *', '<none>', 'False', 0, '<none>', '10m', 'pi', 'perl:5.34', '<none>'],
    },
    {
      why: 'a running cronjob with a time zone',
      spec: { schedule: '0 3 * * *', timeZone: 'Europe/Paris', suspend: true, jobTemplate: { spec: { template } } },
      status: { active: [{ name: 'hello-1' }], lastScheduleTime: '2024-05-01T11:55:00Z' },
      want: ['hello', '0 3 * * *', 'Europe/Paris', 'True', 1, '5m', '10m', 'pi', 'perl:5.34', '<none>'],
    },
    {
      why: 'a cronjob without suspend',
      spec: { schedule: '@hourly' },
      status: {},
      want: ['hello', '@hourly', '<none>', '<unset>', 0, '<none>', '10m', '', '', '<none>'],
    },
  ])('prints $why', ({ spec, status, want }) => {
    const cj: CronJobLike = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { ...metadata, name: 'hello' },
      spec,
      status,
    };
    expect(printCronJob(cj, now).cells).toEqual(want);
  });
});
