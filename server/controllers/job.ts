// The Job controller, as upstream's pkg/controller/job/job_controller.go: run pods from the template until
// spec.completions of them have succeeded (at most spec.parallelism at a time); after a failure wait 10 s, 20 s, 40 s
// ... (at most 6 min) before the next pod; give up after spec.backoffLimit failures or spec.activeDeadlineSeconds,
// deleting what still runs. Finished pods are counted from the cache, as upstream did before finalizer tracking.
// It also plays upstream's ttl-after-finished controller: a finished Job with ttlSecondsAfterFinished is deleted then.
import { labelSelectorAsSelector } from '../api/labels.js';
import { rfc3339 } from '../api/time.js';
import type { Job } from '../api/types/batch.js';
import type { Pod } from '../api/types/core.js';
import { NAMESPACE_INDEX, isNotFound, keyOf, type Informer } from '../client/index.js';
import { Controller, type ControllerOptions } from './lib/controller.js';
import { ControllerExpectations } from './lib/expectations.js';
import { claimObjects, newControllerRef, resolveControllerRef } from './lib/owner-refs.js';
import { PodControl, getPodFromTemplate } from './lib/pod-control.js';
import { compareForDeletion, isPodActive, isPodReady } from './lib/pod-utils.js';
import { writeStatus } from './lib/status.js';

const JOB_KIND = { apiVersion: 'batch/v1', kind: 'Job' };
/** The first back-off after a failed pod, doubling with each further failure (DefaultJobPodFailureBackOff). */
export const POD_FAILURE_BACKOFF_MS = 10_000;
/** The longest back-off (MaxJobPodFailureBackOff). */
export const MAX_POD_FAILURE_BACKOFF_MS = 6 * 60_000;

/** A Job condition (batch/v1 JobCondition). */
export interface JobCondition {
  type: 'Complete' | 'Failed' | 'Suspended' | string;
  status: 'True' | 'False';
  reason?: string;
  message?: string;
  lastProbeTime?: string;
  lastTransitionTime?: string;
}

/** The status fields a Job reports, as `kubectl get job` and `describe job` read them. */
export interface JobStatus {
  active: number;
  succeeded: number;
  failed: number;
  ready: number;
  startTime?: string;
  completionTime?: string;
  conditions?: JobCondition[];
  [field: string]: unknown;
}

/** Creates pods for Jobs until they complete or fail; writes jobs/status; deletes finished Jobs past their ttl. */
export class JobController extends Controller {
  readonly expectations: ControllerExpectations;
  private readonly podControl: PodControl;
  private readonly jobInformer: Informer<Job>;
  private readonly podInformer: Informer<Pod>;

  /** Start, completion, deadline, back-off and ttl are judged by the options' clock. */
  constructor(options: ControllerOptions) {
    super('job-controller', options);
    this.podControl = new PodControl(this.client, this.recorder);
    this.expectations = new ControllerExpectations(this.clock);
    this.jobInformer = options.informers.informerFor('jobs');
    this.podInformer = options.informers.informerFor('pods');
    this.jobInformer.addEventHandler({
      onAdd: (job) => this.enqueue(job),
      onUpdate: (_, job) => this.enqueue(job),
      onDelete: (job) => this.expectations.delete(keyOf(job)),
    });
    this.podInformer.addEventHandler({
      onAdd: (pod) => this.podChanged(pod, 'added'),
      onUpdate: (_, pod) => this.podChanged(pod, pod.metadata.deletionTimestamp ? 'deleted' : 'updated'),
      onDelete: (pod) => this.podChanged(pod, 'deleted'),
    });
  }

  protected informers() {
    return [this.jobInformer, this.podInformer];
  }

  /** As upstream's syncJob: count finished pods, check backoffLimit and deadline, then manageJob (manageActive). */
  async sync(key: string): Promise<void> {
    const job = this.jobInformer.get(key);
    if (!job) return this.expectations.delete(key);
    if (finishedCondition(job)) return this.cleanUpFinished(key, job);
    const parsed = labelSelectorAsSelector(job.spec.selector ?? {});
    if (!parsed.ok || parsed.selector.length === 0) return this.log.warn('invalid selector', { key });
    const namespace = job.metadata.namespace ?? '';
    const pods = await claimObjects({
      owner: job,
      ownerKind: JOB_KIND,
      selector: parsed.selector,
      client: this.client.pods(namespace),
      objects: this.podInformer.byIndex(NAMESPACE_INDEX, namespace),
    });
    const now = this.now();
    const active = pods.filter(isPodActive);
    const status: JobStatus = {
      ...(job.status ?? {}),
      active: active.length,
      succeeded: pods.filter((p) => p.status?.phase === 'Succeeded').length,
      failed: pods.filter((p) => p.status?.phase === 'Failed').length,
      ready: active.filter(isPodReady).length,
      startTime: (job.status?.startTime as string | undefined) ?? rfc3339(now),
    };
    const failure = this.failureOf(job, status, now);
    const complete = isComplete(job, status);
    if (failure || complete) {
      await this.deletePods(key, job, active);
      status.active = 0;
      const condition = failure ? { type: 'Failed', ...failure } : { type: 'Complete' };
      status.conditions = [...(status.conditions ?? []), { ...condition, status: 'True', ...times(now) }];
      if (complete) status.completionTime = rfc3339(now);
    } else if (this.expectations.satisfied(key)) {
      await this.manageActive(key, job, pods, active, status, now);
    }
    await this.writeStatus(job, status);
    // as upstream: "Completed", or the failure's reason, once the condition is written
    if (failure) this.recorder.event(job, 'Warning', failure.reason, failure.message);
    else if (complete) this.recorder.event(job, 'Normal', 'Completed', 'Job completed');
    this.requeueForDeadline(key, job, status, now);
  }

  /** BackoffLimitExceeded or DeadlineExceeded, as upstream's pastBackoffLimit and pastActiveDeadline. */
  private failureOf(job: Job, status: JobStatus, now: Date): { reason: string; message: string } | undefined {
    if (status.failed > (job.spec.backoffLimit ?? 6))
      return { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
    const deadline = job.spec.activeDeadlineSeconds;
    if (deadline !== undefined && now.getTime() - Date.parse(status.startTime ?? '') >= deadline * 1000)
      return { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' };
    return undefined;
  }

  /** Creates or deletes pods so that as many run as parallelism and the remaining completions allow. */
  private async manageActive(key: string, job: Job, pods: Pod[], active: Pod[], status: JobStatus, now: Date) {
    const parallelism = job.spec.suspend ? 0 : (job.spec.parallelism ?? 1);
    const completions = job.spec.completions;
    // Without completions (a work queue) the first success means: start no more pods.
    const remaining =
      completions === undefined ? (status.succeeded > 0 ? 0 : parallelism) : completions - status.succeeded;
    const wanted = Math.max(0, Math.min(parallelism, remaining));
    if (active.length > wanted) {
      await this.deletePods(key, job, [...active].sort(compareForDeletion).slice(0, active.length - wanted));
      status.active = wanted;
      return;
    }
    if (active.length === wanted) return;
    const wait = backoffRemaining(pods, now);
    if (wait > 0) return this.queue.addAfter(key, wait);
    const ref = newControllerRef(job, JOB_KIND);
    const missing = Array.from({ length: wanted - active.length }, () =>
      getPodFromTemplate(job.spec.template, job, ref),
    );
    await this.podControl.createPods(this.expectations, key, job, missing);
    status.active = wanted;
  }

  private deletePods(key: string, job: Job, victims: Pod[]): Promise<void> {
    return this.podControl.deletePods(this.expectations, key, job, victims);
  }

  /** As upstream's ttl-after-finished controller: deletes the Job (and, in the foreground, its pods) once due. */
  private async cleanUpFinished(key: string, job: Job): Promise<void> {
    const ttl = job.spec.ttlSecondsAfterFinished;
    if (ttl === undefined || job.metadata.deletionTimestamp) return;
    const finishedAt = Date.parse(finishedCondition(job)?.lastTransitionTime ?? '') || this.clock.now();
    const wait = finishedAt + ttl * 1000 - this.clock.now();
    if (wait > 0) return this.queue.addAfter(key, wait);
    try {
      await this.client.jobs(job.metadata.namespace).delete(job.metadata.name ?? '', {
        propagationPolicy: 'Foreground',
        preconditions: { uid: job.metadata.uid },
      });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  /** Comes back when activeDeadlineSeconds runs out (syncJobCtx's AddAfter). */
  private requeueForDeadline(key: string, job: Job, status: JobStatus, now: Date): void {
    const deadline = job.spec.activeDeadlineSeconds;
    if (deadline === undefined || status.conditions?.some((c) => c.status === 'True')) return;
    this.queue.addAfter(key, Date.parse(status.startTime ?? '') + deadline * 1000 - now.getTime());
  }

  /** Writes status through the status subresource when it changed (see lib/status.ts). */
  private writeStatus(job: Job, status: JobStatus): Promise<void> {
    return writeStatus(this.client.jobs(job.metadata.namespace), job, status);
  }

  /** A pod event wakes the Job controlling it and counts off what its expectations were waiting for. */
  private podChanged(pod: Pod, event: 'added' | 'updated' | 'deleted'): void {
    const key = resolveControllerRef(pod, 'Job', this.jobInformer);
    if (!key) return;
    if (event === 'added') this.expectations.creationObserved(key);
    if (event === 'deleted') this.expectations.deletionObserved(key, keyOf(pod));
    this.queue.add(key);
  }
}

/** The Complete or Failed condition that is True, if the Job has finished (IsJobFinished). */
export function finishedCondition(job: Job): JobCondition | undefined {
  const conditions = (job.status?.conditions ?? []) as JobCondition[];
  return conditions.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

function isComplete(job: Job, status: JobStatus): boolean {
  if (job.spec.completions === undefined) return status.succeeded > 0 && status.active === 0;
  return status.succeeded >= job.spec.completions;
}

function times(now: Date) {
  return { lastProbeTime: rfc3339(now), lastTransitionTime: rfc3339(now) };
}

/**
 * Milliseconds before the next pod may start: 10 s after the last failure, doubled for each failure since the last
 * success, at most 6 min (upstream's backoffRecord.getRemainingTime).
 */
export function backoffRemaining(pods: Pod[], now: Date): number {
  const finished = pods
    .filter((p) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed')
    .sort((a, b) => finishTime(a) - finishTime(b));
  let failures = 0;
  for (const pod of finished) failures = pod.status?.phase === 'Failed' ? failures + 1 : 0;
  if (failures === 0) return 0;
  const backoff = Math.min(POD_FAILURE_BACKOFF_MS * 2 ** (failures - 1), MAX_POD_FAILURE_BACKOFF_MS);
  return Math.max(0, finishTime(finished[finished.length - 1]!) + backoff - now.getTime());
}

/** When a pod finished: its last container's finishedAt, else its Ready condition's last change, else creation. */
function finishTime(pod: Pod): number {
  const statuses = (pod.status?.containerStatuses ?? []) as { state?: { terminated?: { finishedAt?: string } } }[];
  const finishedAt = statuses.map((s) => Date.parse(s.state?.terminated?.finishedAt ?? '')).filter((t) => t > 0);
  if (finishedAt.length > 0) return Math.max(...finishedAt);
  const conditions = (pod.status?.conditions ?? []) as { type: string; lastTransitionTime?: string }[];
  const ready = Date.parse(conditions.find((c) => c.type === 'Ready')?.lastTransitionTime ?? '');
  return ready > 0 ? ready : Date.parse(pod.metadata.creationTimestamp ?? '') || 0;
}
