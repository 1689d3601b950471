// Which message each kind's body holds, and every message table merged into one lookup.
import { AFFINITY_SCHEMA } from './schema-affinity.js';
import { AUTHORIZATION_SCHEMA } from './schema-authorization.js';
import { APPS_SCHEMA } from './schema-apps.js';
import { BATCH_SCHEMA } from './schema-batch.js';
import { CORE_SCHEMA } from './schema-core.js';
import { META_SCHEMA } from './schema-meta.js';
import { POD_SCHEMA } from './schema-pod.js';
import { POLICY_SCHEMA } from './schema-policy.js';
import { STATUS_SCHEMA } from './schema-status.js';
import type { SchemaTable } from './schema-types.js';
import { VOLUME_SCHEMA } from './schema-volume.js';

/** The per-group tables, kept apart so a test can check that no message name is defined twice. */
export const SCHEMA_GROUPS: readonly SchemaTable[] = [
  META_SCHEMA,
  CORE_SCHEMA,
  POD_SCHEMA,
  AFFINITY_SCHEMA,
  VOLUME_SCHEMA,
  APPS_SCHEMA,
  BATCH_SCHEMA,
  POLICY_SCHEMA,
  STATUS_SCHEMA,
  AUTHORIZATION_SCHEMA,
];

/** Every message we can decode, by unqualified proto name. */
export const MESSAGES: SchemaTable = Object.assign({}, ...SCHEMA_GROUPS);

/**
 * `apiVersion/kind` → the message of the envelope's `raw` bytes. These are the kinds `kubectl create <generator>`
 * builds (and Pod and ReplicaSet, which cost nothing once their specs are here), and the reviews `kubectl auth` sends.
 */
export const KIND_MESSAGES: Readonly<Record<string, string>> = {
  'v1/Namespace': 'Namespace',
  'v1/Pod': 'Pod',
  'v1/Service': 'Service',
  'v1/ConfigMap': 'ConfigMap',
  'v1/Secret': 'Secret',
  'v1/ServiceAccount': 'ServiceAccount',
  'apps/v1/Deployment': 'Deployment',
  'apps/v1/ReplicaSet': 'ReplicaSet',
  'batch/v1/Job': 'Job',
  'batch/v1/CronJob': 'CronJob',
  'policy/v1/PodDisruptionBudget': 'PodDisruptionBudget',
  'scheduling.k8s.io/v1/PriorityClass': 'PriorityClass',
  'authorization.k8s.io/v1/SelfSubjectAccessReview': 'SelfSubjectAccessReview',
  'authorization.k8s.io/v1/SelfSubjectRulesReview': 'SelfSubjectRulesReview',
  'authentication.k8s.io/v1/SelfSubjectReview': 'SelfSubjectReview',
};
