// Structural, partial shapes of the batch/v1 kinds.
import type { KubeObject, ObjectMeta } from '../meta.js';
import type { PodTemplateSpec } from './core.js';
import type { LabelSelector } from './label-selector.js';

export interface JobSpec {
  parallelism?: number;
  completions?: number;
  activeDeadlineSeconds?: number;
  backoffLimit?: number;
  backoffLimitPerIndex?: number;
  selector?: LabelSelector;
  manualSelector?: boolean;
  template: PodTemplateSpec;
  ttlSecondsAfterFinished?: number;
  completionMode?: string;
  suspend?: boolean;
  podFailurePolicy?: { rules?: { onPodConditions?: { type: string; status?: string }[] }[] };
  podReplacementPolicy?: string;
  [field: string]: unknown;
}

export interface Job extends KubeObject {
  spec: JobSpec;
  status?: { succeeded?: number; failed?: number; active?: number; [field: string]: unknown };
}

export interface CronJobSpec {
  schedule: string;
  timeZone?: string;
  startingDeadlineSeconds?: number;
  concurrencyPolicy?: string;
  suspend?: boolean;
  jobTemplate: { metadata?: ObjectMeta; spec: JobSpec };
  successfulJobsHistoryLimit?: number;
  failedJobsHistoryLimit?: number;
}

export interface CronJob extends KubeObject {
  spec: CronJobSpec;
  status?: Record<string, unknown>;
}
