// apps/v1 Deployment and ReplicaSet (k8s.io/api/apps/v1/generated.proto).
import type { SchemaTable } from './schema-types.js';

export const APPS_SCHEMA = {
  Deployment: {
    1: ['metadata', 'message:ObjectMeta'],
    2: ['spec', 'message:DeploymentSpec'],
    3: ['status', 'message:DeploymentStatus'],
  },
  DeploymentSpec: {
    1: ['replicas', 'int32', 'keep-zero'],
    2: ['selector', 'message:LabelSelector'],
    3: ['template', 'message:PodTemplateSpec'],
    4: ['strategy', 'message:DeploymentStrategy'],
    5: ['minReadySeconds', 'int32'],
    6: ['revisionHistoryLimit', 'int32', 'keep-zero'],
    7: ['paused', 'bool'],
    9: ['progressDeadlineSeconds', 'int32', 'keep-zero'],
  },
  DeploymentStrategy: { 1: ['type', 'string'], 2: ['rollingUpdate', 'message:RollingUpdateDeployment'] },
  RollingUpdateDeployment: { 1: ['maxUnavailable', 'int-or-string'], 2: ['maxSurge', 'int-or-string'] },
  ReplicaSet: {
    1: ['metadata', 'message:ObjectMeta'],
    2: ['spec', 'message:ReplicaSetSpec'],
    3: ['status', 'message:ReplicaSetStatus'],
  },
  ReplicaSetSpec: {
    1: ['replicas', 'int32', 'keep-zero'],
    4: ['minReadySeconds', 'int32'],
    2: ['selector', 'message:LabelSelector'],
    3: ['template', 'message:PodTemplateSpec'],
  },
} satisfies SchemaTable;
