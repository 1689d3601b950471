// batch/v1 jobs and cronjobs. As upstream's printJob and printCronJob.

import type { KubeObject } from '../../api/meta.js';
import { humanDuration, parseTime, translateTimestampSince } from './duration.js';
import {
  ageColumn,
  column,
  containerColumns,
  type ContainerLike,
  formatLabelSelector,
  type LabelSelector,
  layoutContainerCells,
  nameColumn,
  NONE,
  printBoolPtr,
} from './format.js';
import type { PrintedRow, TableColumnDefinition } from './types.js';

interface JobSpecLike {
  completions?: number;
  parallelism?: number;
  selector?: LabelSelector;
  template?: { spec?: { containers?: ContainerLike[] } };
}

/** The parts of a v1 Job the printer reads. */
export interface JobLike extends KubeObject {
  spec?: JobSpecLike;
  status?: {
    succeeded?: number;
    startTime?: string;
    completionTime?: string;
    conditions?: { type: string; status: string }[];
  };
}

/** The parts of a v1 CronJob the printer reads. */
export interface CronJobLike extends KubeObject {
  spec?: {
    schedule?: string;
    timeZone?: string;
    suspend?: boolean;
    jobTemplate?: { spec?: JobSpecLike };
  };
  status?: { active?: unknown[]; lastScheduleTime?: string };
}

const selectorColumn = () => column('Selector', 'string', 'Label query over pods of this job.', 1);

/** Job columns. */
export const jobColumns: TableColumnDefinition[] = [
  nameColumn(),
  column('Status', 'string', 'Status of the job.'),
  column('Completions', 'string', 'Succeeded pods out of the completions wanted.'),
  column('Duration', 'string', 'Time required to complete the job.'),
  ageColumn(),
  ...containerColumns(),
  selectorColumn(),
];

const hasCondition = (job: JobLike, type: string): boolean =>
  job.status?.conditions?.find((c) => c.type === type)?.status === 'True';

/** Complete, Failed, Terminating, Suspended, FailureTarget or Running, first match wins (upstream's order). */
export function jobStatus(job: JobLike): string {
  if (hasCondition(job, 'Complete')) return 'Complete';
  if (hasCondition(job, 'Failed')) return 'Failed';
  if (job.metadata.deletionTimestamp) return 'Terminating';
  if (hasCondition(job, 'Suspended')) return 'Suspended';
  if (hasCondition(job, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

/** "succeeded/completions"; without completions "n/1", or "n/1 of p" for parallel work queues. */
export function jobCompletions(job: JobLike): string {
  const succeeded = job.status?.succeeded ?? 0;
  const completions = job.spec?.completions;
  if (completions !== undefined && completions !== null) return `${succeeded}/${completions}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/** Start to completion, or start to `now` while running; "" before the job starts. */
export function jobDuration(job: JobLike, now: Date): string {
  const start = parseTime(job.status?.startTime);
  if (!start) return '';
  const end = parseTime(job.status?.completionTime) ?? now;
  return humanDuration(end.getTime() - start.getTime());
}

/** One job row. */
export function printJob(object: KubeObject, now: Date): PrintedRow {
  const job = object as JobLike;
  return {
    cells: [
      job.metadata.name ?? '',
      jobStatus(job),
      jobCompletions(job),
      jobDuration(job, now),
      translateTimestampSince(job.metadata.creationTimestamp, now),
      ...layoutContainerCells(job.spec?.template?.spec?.containers),
      formatLabelSelector(job.spec?.selector),
    ],
  };
}

/** CronJob columns. */
export const cronJobColumns: TableColumnDefinition[] = [
  nameColumn(),
  column('Schedule', 'string', 'The schedule in Cron format.'),
  column('Timezone', 'string', 'The time zone the schedule is read in.'),
  column('Suspend', 'boolean', 'Whether subsequent runs are suspended.'),
  column('Active', 'integer', 'Jobs currently running.'),
  column('Last Schedule', 'string', 'When a job was last scheduled.'),
  ageColumn(),
  ...containerColumns(),
  selectorColumn(),
];

/** One cronjob row. */
export function printCronJob(object: KubeObject, now: Date): PrintedRow {
  const cj = object as CronJobLike;
  const jobSpec = cj.spec?.jobTemplate?.spec;
  const last = cj.status?.lastScheduleTime;
  return {
    cells: [
      cj.metadata.name ?? '',
      cj.spec?.schedule ?? '',
      cj.spec?.timeZone ?? NONE,
      printBoolPtr(cj.spec?.suspend),
      (cj.status?.active ?? []).length,
      last ? translateTimestampSince(last, now) : NONE,
      translateTimestampSince(cj.metadata.creationTimestamp, now),
      ...layoutContainerCells(jobSpec?.template?.spec?.containers),
      formatLabelSelector(jobSpec?.selector),
    ],
  };
}
