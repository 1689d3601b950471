// The deployment strategy, as upstream's pkg/registry/apps/deployment/strategy.go.
import type { Deployment } from '../../../api/types/apps.js';
import { defaultDeployment } from '../../defaults/deployment.js';
import { validateDeployment, validateSelectorUpdate } from '../../validation/apps.js';
import { withSpec, type ResourceStrategy } from '../strategy.js';

export const deploymentStrategy: ResourceStrategy = {
  defaults: withSpec(defaultDeployment),
  prepareForCreate(deployment) {
    deployment.status = {};
  },
  validateCreate: (deployment) => validateDeployment(deployment as Deployment),
  validateUpdate: (deployment, old) => [
    ...validateDeployment(deployment as Deployment),
    ...validateSelectorUpdate(deployment as Deployment, old as Deployment),
  ],
};
