// CronJob defaults, as kubernetes' pkg/apis/batch/v1/defaults.go SetDefaults_CronJob.
import type { CronJob } from '../../api/types/batch.js';
import { defaultPodTemplate } from './pod.js';

/** Allow overlapping runs, not suspended, keep 3 successful and 1 failed Job. */
export function defaultCronJob(cronJob: CronJob): void {
  const spec = cronJob.spec;
  spec.concurrencyPolicy ||= 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  defaultPodTemplate(spec.jobTemplate?.spec?.template);
}
