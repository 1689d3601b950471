import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../server/api/meta.js';
import {
  controllerName,
  controllerRevisionColumns,
  daemonSetColumns,
  deploymentColumns,
  printControllerRevision,
  printDaemonSet,
  printDeployment,
  printReplicaSet,
  printStatefulSet,
  replicaSetColumns,
  statefulSetColumns,
  type WorkloadLike,
} from '../../../server/apiserver/tables/apps.js';
import type { TableColumnDefinition } from '../../../server/apiserver/tables/types.js';

const now = new Date('2024-05-01T12:00:00Z');
const metadata = { name: 'web', namespace: 'default', creationTimestamp: '2024-05-01T09:00:00Z' };
const template = {
  spec: {
    containers: [
      { name: 'nginx', image: 'nginx:1.25' },
      { name: 'log', image: 'busybox' },
    ],
  },
};
const selector = { matchLabels: { app: 'web' } };

function workload(kind: string, fields: Partial<WorkloadLike>): WorkloadLike {
  return { apiVersion: 'apps/v1', kind, metadata, ...fields };
}

const headers = (columns: TableColumnDefinition[]) => columns.map((c) => `${c.name}:${c.priority}`);

describe('apps printers', () => {
  it.each([
    {
      kind: 'Deployment',
      columns: deploymentColumns,
      want: ['Name:0', 'Ready:0', 'Up-to-date:0', 'Available:0', 'Age:0', 'Containers:1', 'Images:1', 'Selector:1'],
    },
    {
      kind: 'ReplicaSet',
      columns: replicaSetColumns,
      want: ['Name:0', 'Desired:0', 'Current:0', 'Ready:0', 'Age:0', 'Containers:1', 'Images:1', 'Selector:1'],
    },
    {
      kind: 'DaemonSet',
      columns: daemonSetColumns,
      want: [
        'Name:0',
        'Desired:0',
        'Current:0',
        'Ready:0',
        'Up-to-date:0',
        'Available:0',
        'Node Selector:0',
        'Age:0',
        'Containers:1',
        'Images:1',
        'Selector:1',
      ],
    },
    {
      kind: 'StatefulSet',
      columns: statefulSetColumns,
      want: ['Name:0', 'Ready:0', 'Age:0', 'Containers:1', 'Images:1'],
    },
    {
      kind: 'ControllerRevision',
      columns: controllerRevisionColumns,
      want: ['Name:0', 'Controller:0', 'Revision:0', 'Age:0'],
    },
  ])('gives $kind the upstream columns', ({ columns, want }) => {
    expect(headers(columns)).toEqual(want);
  });

  it.each([
    {
      why: 'a rolled-out deployment',
      print: printDeployment,
      object: workload('Deployment', {
        spec: { replicas: 3, selector, template },
        status: { replicas: 3, readyReplicas: 3, updatedReplicas: 3, availableReplicas: 3 },
      }),
      want: ['web', '3/3', 3, 3, '3h', 'nginx,log', 'nginx:1.25,busybox', 'app=web'],
    },
    {
      why: 'a fresh deployment without status and without replicas (defaulted to 1)',
      print: printDeployment,
      object: workload('Deployment', { spec: { selector, template } }),
      want: ['web', '0/1', 0, 0, '3h', 'nginx,log', 'nginx:1.25,busybox', 'app=web'],
    },
    {
      why: 'a deployment with an invalid selector',
      print: printDeployment,
      object: workload('Deployment', {
        spec: { replicas: 0, selector: { matchExpressions: [{ key: 'app', operator: 'Near' }] }, template },
      }),
      want: ['web', '0/0', 0, 0, '3h', 'nginx,log', 'nginx:1.25,busybox', '<invalid>'],
    },
    {
      why: 'a scaling replica set',
      print: printReplicaSet,
      object: workload('ReplicaSet', {
        spec: { replicas: 3, selector, template },
        status: { replicas: 2, readyReplicas: 1 },
      }),
      want: ['web', 3, 2, 1, '3h', 'nginx,log', 'nginx:1.25,busybox', 'app=web'],
    },
    {
      why: 'a replica set with an empty selector',
      print: printReplicaSet,
      object: workload('ReplicaSet', { spec: { replicas: 1, selector: {}, template } }),
      want: ['web', 1, 0, 0, '3h', 'nginx,log', 'nginx:1.25,busybox', '<none>'],
    },
    {
      why: 'a daemon set with a node selector',
      print: printDaemonSet,
      object: workload('DaemonSet', {
        spec: { selector, template: { spec: { ...template.spec, nodeSelector: { 'kubernetes.io/os': 'linux' } } } },
        status: {
          desiredNumberScheduled: 2,
          currentNumberScheduled: 2,
          numberReady: 1,
          updatedNumberScheduled: 2,
          numberAvailable: 1,
        },
      }),
      want: ['web', 2, 2, 1, 2, 1, 'kubernetes.io/os=linux', '3h', 'nginx,log', 'nginx:1.25,busybox', 'app=web'],
    },
    {
      why: 'a daemon set without a node selector',
      print: printDaemonSet,
      object: workload('DaemonSet', { spec: { selector, template } }),
      want: ['web', 0, 0, 0, 0, 0, '<none>', '3h', 'nginx,log', 'nginx:1.25,busybox', 'app=web'],
    },
    {
      why: 'a stateful set half ready',
      print: printStatefulSet,
      object: workload('StatefulSet', { spec: { replicas: 2, selector, template }, status: { readyReplicas: 1 } }),
      want: ['web', '1/2', '3h', 'nginx,log', 'nginx:1.25,busybox'],
    },
  ])('prints $why', ({ print, object, want }) => {
    expect(print(object, now).cells).toEqual(want);
  });
});

describe('controllerName', () => {
  const owned = (ownerReferences: NonNullable<KubeObject['metadata']['ownerReferences']>): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: { ...metadata, name: 'web-7d4b9c', ownerReferences },
    revision: 2,
  });

  it.each([
    { refs: [], want: '<none>' },
    { refs: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'fluentd', uid: 'u1' }], want: '<none>' },
    {
      refs: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'fluentd', uid: 'u1', controller: true }],
      want: 'daemonset.apps/fluentd',
    },
    {
      refs: [{ apiVersion: 'v1', kind: 'Pod', name: 'p', uid: 'u2', controller: true }],
      want: 'pod/p',
    },
  ])('names the controller of $refs as $want', ({ refs, want }) => {
    expect(controllerName(owned(refs))).toBe(want);
  });

  it('prints NAME CONTROLLER REVISION AGE', () => {
    const rev = owned([{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: 'u', controller: true }]);
    expect(printControllerRevision(rev, now).cells).toEqual(['web-7d4b9c', 'statefulset.apps/db', 2, '3h']);
  });
});
