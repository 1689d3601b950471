// The job strategy, as upstream's pkg/registry/batch/job/strategy.go: SetDefaults_Job, and on create the selector
// and template labels generated from the Job's uid (generateSelector) unless spec.manualSelector is true.
import type { Job } from '../../../api/types/batch.js';
import { defaultJob, generateJobSelector } from '../../defaults/job.js';
import { validateJob, validateJobUpdate } from '../../validation/batch.js';
import { hasSpec, withSpec, type ResourceStrategy } from '../strategy.js';

export const jobStrategy: ResourceStrategy = {
  defaults: withSpec(defaultJob),
  prepareForCreate(job) {
    job.status = {};
    if (hasSpec(job) && job.metadata.uid) generateJobSelector(job as Job);
  },
  validateCreate: (job) => validateJob(job as Job),
  validateUpdate: (job, old) => validateJobUpdate(job as Job, old as Job),
};
