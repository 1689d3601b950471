// batch/v1 Job and CronJob (k8s.io/api/batch/v1/generated.proto).
import type { SchemaTable } from './schema-types.js';

export const BATCH_SCHEMA = {
  Job: { 1: ['metadata', 'message:ObjectMeta'], 2: ['spec', 'message:JobSpec'], 3: ['status', 'message:JobStatus'] },
  JobSpec: {
    1: ['parallelism', 'int32', 'keep-zero'],
    2: ['completions', 'int32', 'keep-zero'],
    3: ['activeDeadlineSeconds', 'int64', 'keep-zero'],
    11: ['podFailurePolicy', 'message:PodFailurePolicy'],
    16: ['successPolicy', 'message:SuccessPolicy'],
    7: ['backoffLimit', 'int32', 'keep-zero'],
    12: ['backoffLimitPerIndex', 'int32', 'keep-zero'],
    13: ['maxFailedIndexes', 'int32', 'keep-zero'],
    4: ['selector', 'message:LabelSelector'],
    5: ['manualSelector', 'bool', 'keep-zero'],
    6: ['template', 'message:PodTemplateSpec'],
    8: ['ttlSecondsAfterFinished', 'int32', 'keep-zero'],
    9: ['completionMode', 'string', 'keep-zero'],
    10: ['suspend', 'bool', 'keep-zero'],
    14: ['podReplacementPolicy', 'string', 'keep-zero'],
    15: ['managedBy', 'string', 'keep-zero'],
  },
  PodFailurePolicy: { 1: ['rules', 'message:PodFailurePolicyRule', 'repeated'] },
  PodFailurePolicyRule: {
    1: ['action', 'string', 'keep-zero'],
    2: ['onExitCodes', 'message:PodFailurePolicyOnExitCodesRequirement'],
    3: ['onPodConditions', 'message:PodFailurePolicyOnPodConditionsPattern', 'repeated'],
  },
  PodFailurePolicyOnExitCodesRequirement: {
    1: ['containerName', 'string', 'keep-zero'],
    2: ['operator', 'string', 'keep-zero'],
    3: ['values', 'int32', 'repeated'],
  },
  PodFailurePolicyOnPodConditionsPattern: { 1: ['type', 'string', 'keep-zero'], 2: ['status', 'string', 'keep-zero'] },
  SuccessPolicy: { 1: ['rules', 'message:SuccessPolicyRule', 'repeated'] },
  SuccessPolicyRule: { 1: ['succeededIndexes', 'string', 'keep-zero'], 2: ['succeededCount', 'int32', 'keep-zero'] },
  CronJob: {
    1: ['metadata', 'message:ObjectMeta'],
    2: ['spec', 'message:CronJobSpec'],
    3: ['status', 'message:CronJobStatus'],
  },
  CronJobSpec: {
    1: ['schedule', 'string', 'keep-zero'],
    8: ['timeZone', 'string', 'keep-zero'],
    2: ['startingDeadlineSeconds', 'int64', 'keep-zero'],
    3: ['concurrencyPolicy', 'string'],
    4: ['suspend', 'bool', 'keep-zero'],
    5: ['jobTemplate', 'message:JobTemplateSpec'],
    6: ['successfulJobsHistoryLimit', 'int32', 'keep-zero'],
    7: ['failedJobsHistoryLimit', 'int32', 'keep-zero'],
  },
  JobTemplateSpec: { 1: ['metadata', 'message:ObjectMeta'], 2: ['spec', 'message:JobSpec'] },
} satisfies SchemaTable;
