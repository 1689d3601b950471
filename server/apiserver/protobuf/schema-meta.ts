// apimachinery's meta/v1 messages every object carries (k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto).
// managedFields is left out: clients do not send it on create.
import type { SchemaTable } from './schema-types.js';

export const META_SCHEMA = {
  ObjectMeta: {
    1: ['name', 'string'],
    2: ['generateName', 'string'],
    3: ['namespace', 'string'],
    4: ['selfLink', 'string'],
    5: ['uid', 'string'],
    6: ['resourceVersion', 'string'],
    7: ['generation', 'int64'],
    8: ['creationTimestamp', 'time'],
    9: ['deletionTimestamp', 'time'],
    10: ['deletionGracePeriodSeconds', 'int64', 'keep-zero'],
    11: ['labels', 'map<string,string>'],
    12: ['annotations', 'map<string,string>'],
    13: ['ownerReferences', 'message:OwnerReference', 'repeated'],
    14: ['finalizers', 'string', 'repeated'],
  },
  OwnerReference: {
    5: ['apiVersion', 'string', 'keep-zero'],
    1: ['kind', 'string', 'keep-zero'],
    3: ['name', 'string', 'keep-zero'],
    4: ['uid', 'string', 'keep-zero'],
    6: ['controller', 'bool', 'keep-zero'],
    7: ['blockOwnerDeletion', 'bool', 'keep-zero'],
  },
  LabelSelector: {
    1: ['matchLabels', 'map<string,string>'],
    2: ['matchExpressions', 'message:LabelSelectorRequirement', 'repeated'],
  },
  LabelSelectorRequirement: {
    1: ['key', 'string', 'keep-zero'],
    2: ['operator', 'string', 'keep-zero'],
    3: ['values', 'string', 'repeated'],
  },
} satisfies SchemaTable;
