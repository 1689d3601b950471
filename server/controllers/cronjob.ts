// The CronJob controller, as upstream's pkg/controller/cronjob/cronjob_controllerv2.go: at each time the schedule
// names, create a Job `<cronjob>-<minutes since the epoch>` from the jobTemplate, honouring concurrencyPolicy (Allow,
// Forbid: not while one runs, Replace: delete the running ones first), suspend and startingDeadlineSeconds; keep
// status.active in step with the Jobs, and keep only the newest successful and failed Jobs the history limits allow.
import type { ObjectMeta } from '../api/meta.js';
import { rfc3339 } from '../api/time.js';
import type { CronJob, Job } from '../api/types/batch.js';
import type { ObjectReference } from '../api/types/core.js';
import { NAMESPACE_INDEX, isAlreadyExists, isNotFound, type Informer } from '../client/index.js';
import { finishedCondition } from './job.js';
import { Controller, type ControllerOptions } from './lib/controller.js';
import { nextTime, parseCron, type CronSchedule } from './lib/cron.js';
import { getControllerOf, newControllerRef, resolveControllerRef } from './lib/owner-refs.js';
import { writeStatus } from './lib/status.js';

const CRONJOB_KIND = { apiVersion: 'batch/v1', kind: 'CronJob' };
/** The annotation a scheduled Job carries: the time it was scheduled for (RFC 3339). */
export const SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

/** The status fields a CronJob reports, as `kubectl get cronjob` reads them. */
export interface CronJobStatus {
  active?: ObjectReference[];
  lastScheduleTime?: string;
  lastSuccessfulTime?: string;
  [field: string]: unknown;
}

/** Creates Jobs on schedule for each CronJob; writes cronjobs/status; deletes Jobs beyond the history limits. */
export class CronJobController extends Controller {
  private readonly cronJobInformer: Informer<CronJob>;
  private readonly jobInformer: Informer<Job>;

  /** Schedules are judged by the options' clock. */
  constructor(options: ControllerOptions) {
    super('cronjob-controller', options);
    this.cronJobInformer = options.informers.informerFor('cronjobs');
    this.jobInformer = options.informers.informerFor('jobs');
    this.cronJobInformer.addEventHandler({
      onAdd: (cj) => this.enqueue(cj),
      onUpdate: (_, cj) => this.enqueue(cj),
    });
    this.jobInformer.addEventHandler({
      onAdd: (job) => this.enqueueOwner(job),
      onUpdate: (_, job) => this.enqueueOwner(job),
      onDelete: (job) => this.enqueueOwner(job),
    });
  }

  protected informers() {
    return [this.cronJobInformer, this.jobInformer];
  }

  /** As upstream's syncCronJob: track its Jobs, clean up history, start the Job that is due now. */
  async sync(key: string): Promise<void> {
    const cj = this.cronJobInformer.get(key);
    if (!cj) return;
    const now = this.now();
    const jobs = this.jobInformer
      .byIndex(NAMESPACE_INDEX, cj.metadata.namespace ?? '')
      .filter((job) => getControllerOf(job)?.uid === cj.metadata.uid);
    const status = trackJobs(cj, jobs);
    await this.cleanUpHistory(cj, jobs);
    const parsed = parseCron(cj.spec.schedule);
    if (!parsed.ok) this.log.warn('unparseable schedule', { key, error: parsed.error });
    if (!parsed.ok || cj.spec.suspend || cj.metadata.deletionTimestamp) return this.writeStatus(cj, status);
    const scheduled = mostRecentScheduleTime(cj, parsed.schedule, now);
    const deadline = cj.spec.startingDeadlineSeconds;
    const tooLate = scheduled && deadline !== undefined && scheduled.getTime() + deadline * 1000 < now.getTime();
    const name = scheduled && jobName(cj, scheduled);
    const alreadyRan =
      name && (jobs.some((j) => j.metadata.name === name) || status.active?.some((a) => a.name === name));
    const forbidden = cj.spec.concurrencyPolicy === 'Forbid' && (status.active?.length ?? 0) > 0;
    if (scheduled && !tooLate && !alreadyRan && !forbidden) {
      if (cj.spec.concurrencyPolicy === 'Replace') await this.deleteActive(cj, status);
      const job = await this.createJob(cj, scheduled);
      status.active = [...(status.active ?? []), referenceTo(job)];
      status.lastScheduleTime = rfc3339(scheduled);
    }
    await this.writeStatus(cj, status);
    // Come back at the next scheduled time (upstream's nextScheduleTimeDuration, with its 100 ms of slack).
    const next = nextTime(parsed.schedule, now);
    if (next) this.queue.addAfter(key, next.getTime() - now.getTime() + 100);
  }

  private async createJob(cj: CronJob, scheduled: Date): Promise<Job> {
    const job = jobFromTemplate(cj, scheduled);
    try {
      const created = await this.client.jobs(cj.metadata.namespace).create(job);
      this.recorder.event(cj, 'Normal', 'SuccessfulCreate', `Created job ${created.metadata.name}`);
      return created;
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
      // Created by an earlier sync whose status write was lost: adopt it into status if it is ours.
      const existing = await this.client.jobs(cj.metadata.namespace).get(job.metadata.name ?? '');
      if (getControllerOf(existing)?.uid !== cj.metadata.uid) throw error;
      return existing;
    }
  }

  /** Replace: deletes every active Job (and, in the background, its pods) before the next one starts. */
  private async deleteActive(cj: CronJob, status: CronJobStatus): Promise<void> {
    for (const ref of status.active ?? []) await this.deleteJob(cj, ref.name ?? '');
    status.active = [];
  }

  /** Deletes the oldest finished Jobs beyond successfulJobsHistoryLimit (3) and failedJobsHistoryLimit (1). */
  private async cleanUpHistory(cj: CronJob, jobs: Job[]): Promise<void> {
    const byStart = (a: Job, b: Job) => startOf(a) - startOf(b);
    const finished = (type: string) => jobs.filter((j) => finishedCondition(j)?.type === type).sort(byStart);
    const succeeded = finished('Complete');
    const failed = finished('Failed');
    const excess = [
      ...succeeded.slice(0, Math.max(0, succeeded.length - (cj.spec.successfulJobsHistoryLimit ?? 3))),
      ...failed.slice(0, Math.max(0, failed.length - (cj.spec.failedJobsHistoryLimit ?? 1))),
    ];
    for (const job of excess) await this.deleteJob(cj, job.metadata.name ?? '');
  }

  private async deleteJob(cj: CronJob, name: string): Promise<void> {
    try {
      await this.client.jobs(cj.metadata.namespace).delete(name, { propagationPolicy: 'Background' });
      this.recorder.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${name}`);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  /** Writes status through the status subresource when it changed (see lib/status.ts). */
  private writeStatus(cj: CronJob, status: CronJobStatus): Promise<void> {
    return writeStatus(this.client.cronjobs(cj.metadata.namespace), cj, status);
  }

  private enqueueOwner(job: Job): void {
    const key = resolveControllerRef(job, 'CronJob', this.cronJobInformer);
    if (key) this.queue.add(key);
  }
}

/**
 * status.active with finished and vanished Jobs dropped and running ones of ours added, and lastSuccessfulTime moved
 * to the newest completion (upstream's syncCronJob bookkeeping).
 */
export function trackJobs(cj: CronJob, jobs: Job[]): CronJobStatus {
  const status: CronJobStatus = structuredClone(cj.status ?? {});
  const running = jobs.filter((job) => !finishedCondition(job));
  const active = (status.active ?? []).filter((ref) => running.some((job) => job.metadata.uid === ref.uid));
  for (const job of running) if (!active.some((ref) => ref.uid === job.metadata.uid)) active.push(referenceTo(job));
  if (active.length > 0 || status.active) status.active = active;
  if (status.active?.length === 0) delete status.active;
  for (const job of jobs) {
    const completed = finishedCondition(job)?.type === 'Complete' ? (job.status?.completionTime as string) : undefined;
    if (completed && (!status.lastSuccessfulTime || Date.parse(completed) > Date.parse(status.lastSuccessfulTime)))
      status.lastSuccessfulTime = completed;
  }
  return status;
}

/**
 * The latest scheduled time at or before `now` not yet run: scheduled times after lastScheduleTime (or creation),
 * and no earlier than startingDeadlineSeconds ago (upstream's mostRecentScheduleTime). Undefined if none is due.
 */
export function mostRecentScheduleTime(cj: CronJob, schedule: CronSchedule, now: Date): Date | undefined {
  const last = (cj.status?.lastScheduleTime as string | undefined) ?? cj.metadata.creationTimestamp ?? '';
  let earliest = Date.parse(last) || now.getTime();
  const deadline = cj.spec.startingDeadlineSeconds;
  if (deadline !== undefined) earliest = Math.max(earliest, now.getTime() - deadline * 1000);
  let found: Date | undefined;
  for (let t = nextTime(schedule, new Date(earliest)); t && t <= now; t = nextTime(schedule, t)) found = t;
  return found;
}

/** `<cronjob>-<minutes since the epoch>`: the same name for the same scheduled time, so a retry cannot run it twice. */
export function jobName(cj: CronJob, scheduled: Date): string {
  return `${cj.metadata.name ?? ''}-${Math.floor(scheduled.getTime() / 60_000)}`;
}

/** The Job for `scheduled` (getJobFromTemplate2): the jobTemplate, our controllerRef, the scheduled-time annotation. */
export function jobFromTemplate(cj: CronJob, scheduled: Date): Job {
  const meta: ObjectMeta = cj.spec.jobTemplate.metadata ?? {};
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: jobName(cj, scheduled),
      namespace: cj.metadata.namespace,
      labels: { ...(meta.labels ?? {}) },
      annotations: { ...(meta.annotations ?? {}), [SCHEDULED_TIMESTAMP_ANNOTATION]: rfc3339(scheduled) },
      ownerReferences: [newControllerRef(cj, CRONJOB_KIND)],
    },
    spec: structuredClone(cj.spec.jobTemplate.spec),
  };
}

function referenceTo(job: Job): ObjectReference {
  const { name, namespace, uid, resourceVersion } = job.metadata;
  return { apiVersion: 'batch/v1', kind: 'Job', name, namespace, uid, resourceVersion };
}

function startOf(job: Job): number {
  return Date.parse((job.status?.startTime as string | undefined) ?? job.metadata.creationTimestamp ?? '') || 0;
}
