// The cronjob strategy, as upstream's pkg/registry/batch/cronjob/strategy.go.
import type { CronJob } from '../../../api/types/batch.js';
import { defaultCronJob } from '../../defaults/cronjob.js';
import { validateCronJob } from '../../validation/batch.js';
import { withSpec, type ResourceStrategy } from '../strategy.js';

export const cronJobStrategy: ResourceStrategy = {
  defaults: withSpec(defaultCronJob),
  prepareForCreate(cronJob) {
    cronJob.status = {};
  },
  validateCreate: (cronJob) => validateCronJob(cronJob as CronJob),
  validateUpdate: (cronJob) => validateCronJob(cronJob as CronJob),
};
