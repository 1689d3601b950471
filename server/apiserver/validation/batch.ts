// Validation of Jobs and CronJobs on create and update (pkg/apis/batch/validation).
import type { CronJob, Job, JobSpec } from '../../api/types/batch.js';
import { labelSelectorAsSelector, matchesSelector } from '../../api/labels.js';
import { semanticEqual } from './equal.js';
import { invalid, notSupported, required, type FieldError } from '../../api/field-error.js';
import { validateLabelSelector } from './meta.js';
import { validatePodTemplateSpec } from './pod.js';
import { immutableSelector, nonNegative } from './workload.js';

const JOB_RESTART_POLICIES = ['OnFailure', 'Never'];
const COMPLETION_MODES = ['NonIndexed', 'Indexed'];
const CONCURRENCY_POLICIES = ['Allow', 'Forbid', 'Replace'];

/** A JobSpec: counters, completion mode, a template that does not restart in place. */
export function validateJobSpec(spec: JobSpec | undefined, field: string, checkSelector: boolean): FieldError[] {
  if (!spec) return [required(field)];
  const errors = [
    ...nonNegative(spec.parallelism, `${field}.parallelism`),
    ...nonNegative(spec.completions, `${field}.completions`),
    ...nonNegative(spec.backoffLimit, `${field}.backoffLimit`),
  ];
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds <= 0)
    errors.push(invalid(`${field}.activeDeadlineSeconds`, spec.activeDeadlineSeconds, 'must be greater than 0'));
  if (spec.completionMode && !COMPLETION_MODES.includes(spec.completionMode))
    errors.push(notSupported(`${field}.completionMode`, spec.completionMode, COMPLETION_MODES));
  if (spec.completionMode === 'Indexed' && spec.completions === undefined)
    errors.push(required(`${field}.completions`, 'when completion mode is Indexed'));
  if (checkSelector) {
    if (!spec.selector) errors.push(required(`${field}.selector`));
    else {
      errors.push(...validateLabelSelector(spec.selector, `${field}.selector`));
      const parsed = labelSelectorAsSelector(spec.selector);
      if (parsed.ok && !matchesSelector(parsed.selector, spec.template?.metadata?.labels))
        errors.push(
          invalid(
            `${field}.template.metadata.labels`,
            spec.template?.metadata?.labels ?? {},
            '`selector` does not match template `labels`',
          ),
        );
    }
  }
  errors.push(...validatePodTemplateSpec(spec.template, `${field}.template`));
  const policy = spec.template?.spec?.restartPolicy;
  if (spec.template?.spec && !JOB_RESTART_POLICIES.includes(policy ?? ''))
    errors.push(notSupported(`${field}.template.spec.restartPolicy`, policy ?? '', JOB_RESTART_POLICIES));
  return errors;
}

/** A Job on create, after its selector was generated (or given, with manualSelector). */
export function validateJob(job: Job): FieldError[] {
  return validateJobSpec(job.spec, 'spec', true);
}

/** Selector, template (unless suspended), completion mode and completions are fixed once a Job exists. */
export function validateJobUpdate(job: Job, old: Job): FieldError[] {
  const errors = validateJobSpec(job.spec, 'spec', true);
  if (!job.spec || !old.spec) return errors;
  errors.push(...immutableSelector(job.spec.selector, old.spec.selector, 'spec.selector'));
  if (!old.spec.suspend && !semanticEqual(job.spec.template, old.spec.template))
    errors.push(invalid('spec.template', job.spec.template, 'field is immutable'));
  if (job.spec.completionMode !== old.spec.completionMode)
    errors.push(invalid('spec.completionMode', job.spec.completionMode ?? '', 'field is immutable'));
  if (job.spec.completions !== old.spec.completions && job.spec.completionMode !== 'Indexed')
    errors.push(invalid('spec.completions', job.spec.completions ?? null, 'field is immutable'));
  return errors;
}

const CRON_MACROS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

/** A minimal cron check: a macro, `@every <duration>`, or five fields, with robfig/cron's message for a bad count. */
export function validateSchedule(schedule: string): string | undefined {
  const text = schedule.replace(/^(CRON_)?TZ=\S+\s+/, '').trim();
  if (CRON_MACROS.includes(text) || /^@every\s+\S+$/.test(text)) return undefined;
  const fields = text.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  if (!fields.every((f) => /^[0-9A-Za-z*?/,-]+$/.test(f))) return `unparseable schedule: ${schedule}`;
  return undefined;
}

/** A CronJob on create: schedule, concurrency policy, history limits and the job template. */
export function validateCronJob(cronJob: CronJob): FieldError[] {
  const spec = cronJob.spec;
  if (!spec) return [required('spec')];
  const errors: FieldError[] = [];
  const name = cronJob.metadata.name ?? '';
  if (name.length > 52) errors.push(invalid('metadata.name', name, 'must be no more than 52 characters'));
  if (!spec.schedule) errors.push(required('spec.schedule'));
  else {
    const problem = validateSchedule(spec.schedule);
    if (problem) errors.push(invalid('spec.schedule', spec.schedule, problem));
  }
  if (spec.concurrencyPolicy && !CONCURRENCY_POLICIES.includes(spec.concurrencyPolicy))
    errors.push(notSupported('spec.concurrencyPolicy', spec.concurrencyPolicy, CONCURRENCY_POLICIES));
  errors.push(...nonNegative(spec.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'));
  errors.push(...nonNegative(spec.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit'));
  errors.push(...nonNegative(spec.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit'));
  errors.push(...validateJobSpec(spec.jobTemplate?.spec, 'spec.jobTemplate.spec', false));
  return errors;
}
