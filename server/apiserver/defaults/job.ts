// Job defaults (kubernetes' pkg/apis/batch/v1/defaults.go SetDefaults_Job) and the selector the job registry
// generates on create (pkg/registry/batch/job/strategy.go generateSelector).
import type { Job, JobSpec } from '../../api/types/batch.js';
import { defaultPodTemplate } from './pod.js';

/** The labels a generated Job selector and its pods carry: the new `batch.kubernetes.io/` ones and the legacy ones. */
export const JOB_NAME_LABELS = ['batch.kubernetes.io/job-name', 'job-name'] as const;
export const CONTROLLER_UID_LABELS = ['batch.kubernetes.io/controller-uid', 'controller-uid'] as const;

/** The JobSpec defaults, shared with nothing else: a CronJob's jobTemplate only gets its pod template defaults. */
export function defaultJobSpec(spec: JobSpec): void {
  if (spec.completions === undefined && spec.parallelism === undefined) spec.completions = 1;
  spec.parallelism ??= 1;
  spec.backoffLimit ??= spec.backoffLimitPerIndex !== undefined ? 2147483647 : 6;
  spec.completionMode ||= 'NonIndexed';
  spec.suspend ??= false;
  for (const rule of spec.podFailurePolicy?.rules ?? [])
    for (const condition of rule.onPodConditions ?? []) condition.status ||= 'True';
  spec.podReplacementPolicy ||= spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  defaultPodTemplate(spec.template);
}

/** SetDefaults_Job: the spec defaults, and the Job's labels taken from its template when it has none. */
export function defaultJob(job: Job): void {
  defaultJobSpec(job.spec);
  const templateLabels = job.spec.template?.metadata?.labels;
  if (templateLabels && Object.keys(job.metadata.labels ?? {}).length === 0)
    job.metadata.labels = { ...templateLabels };
}

/**
 * What the API server adds to a Job on create unless `spec.manualSelector` is true (generateSelector): template
 * labels naming the job and its uid, and a selector on `batch.kubernetes.io/controller-uid`. Call after the uid is
 * assigned. Like upstream, the Job's own labels follow the template's when they were copied from it.
 */
export function generateJobSelector(job: Job): void {
  if (job.spec.manualSelector === true) return;
  const name = job.metadata.name ?? '';
  const uid = job.metadata.uid ?? '';
  const template = job.spec.template;
  const metadata = (template.metadata ??= {});
  const labels = (metadata.labels ??= {});
  const sharedWithJob = sameLabels(job.metadata.labels, labels);
  for (const key of JOB_NAME_LABELS) labels[key] ??= name;
  for (const key of CONTROLLER_UID_LABELS) labels[key] ??= uid;
  const selector = (job.spec.selector ??= {});
  const matchLabels = (selector.matchLabels ??= {});
  matchLabels['batch.kubernetes.io/controller-uid'] ??= uid;
  if (sharedWithJob) job.metadata.labels = { ...labels };
}

/** Upstream shares one map between a Job's labels and its template's, so the generated labels show on both. */
function sameLabels(a: Record<string, string> | undefined, b: Record<string, string>): boolean {
  if (!a || Object.keys(a).length === 0) return true;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
