import { describe, expect, it } from 'vitest';
import {
  nodeColumns,
  type NodeLike,
  nodeRoles,
  nodeStatus,
  printNode,
} from '../../../server/apiserver/tables/nodes.js';

const now = new Date('2024-05-01T12:00:00Z');

function node(fields: Partial<NodeLike> = {}, labels: Record<string, string> = {}): NodeLike {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'node-1', labels, creationTimestamp: '2024-04-29T12:00:00Z' },
    ...fields,
  };
}

const ready = (status: string) => ({
  status: {
    conditions: [
      { type: 'MemoryPressure', status: 'False' },
      { type: 'Ready', status },
    ],
  },
});

describe('nodeStatus', () => {
  it.each([
    { why: 'a Ready=True node is Ready', node: node(ready('True')), want: 'Ready' },
    { why: 'a Ready=False node is NotReady', node: node(ready('False')), want: 'NotReady' },
    { why: 'a Ready=Unknown node (lost heartbeats) is NotReady', node: node(ready('Unknown')), want: 'NotReady' },
    { why: 'a node without a Ready condition is Unknown', node: node({ status: { conditions: [] } }), want: 'Unknown' },
    {
      why: 'a cordoned node adds SchedulingDisabled',
      node: node({ ...ready('True'), spec: { unschedulable: true } }),
      want: 'Ready,SchedulingDisabled',
    },
    {
      why: 'a cordoned node without conditions is Unknown,SchedulingDisabled',
      node: node({ spec: { unschedulable: true } }),
      want: 'Unknown,SchedulingDisabled',
    },
  ])('$why', ({ node, want }) => {
    expect(nodeStatus(node)).toBe(want);
  });
});

describe('nodeRoles', () => {
  it.each<{ labels: Record<string, string>; want: string[] }>([
    { labels: {}, want: [] },
    { labels: { 'node-role.kubernetes.io/control-plane': '' }, want: ['control-plane'] },
    {
      labels: { 'node-role.kubernetes.io/worker': 'true', 'node-role.kubernetes.io/control-plane': '' },
      want: ['control-plane', 'worker'],
    },
    { labels: { 'kubernetes.io/role': 'master' }, want: ['master'] },
    { labels: { 'kubernetes.io/role': '' }, want: [] },
    { labels: { 'node-role.kubernetes.io/': '' }, want: [] },
    { labels: { 'node-role.kubernetes.io/infra': '', 'kubernetes.io/role': 'infra' }, want: ['infra'] },
    { labels: { 'example.com/role': 'db' }, want: [] },
  ])('reads roles $want from $labels', ({ labels, want }) => {
    expect(nodeRoles(node({}, labels))).toEqual(want);
  });
});

describe('printNode', () => {
  it('has NAME STATUS ROLES AGE VERSION and five wide columns', () => {
    expect(nodeColumns.map((c) => `${c.name}:${c.priority}`)).toEqual([
      'Name:0',
      'Status:0',
      'Roles:0',
      'Age:0',
      'Version:0',
      'Internal-IP:1',
      'External-IP:1',
      'OS-Image:1',
      'Kernel-Version:1',
      'Container-Runtime:1',
    ]);
  });

  it('prints a reporting node', () => {
    const n = node(
      {
        status: {
          conditions: [{ type: 'Ready', status: 'True' }],
          addresses: [
            { type: 'Hostname', address: 'node-1' },
            { type: 'InternalIP', address: '192.168.56.11' },
          ],
          nodeInfo: {
            kubeletVersion: 'v1.30.2',
            osImage: 'Debian GNU/Linux 12 (bookworm)',
            kernelVersion: '6.1.0-21-amd64',
            containerRuntimeVersion: 'containerd://1.7.15',
          },
        },
      },
      { 'node-role.kubernetes.io/control-plane': '' },
    );
    expect(printNode(n, now).cells).toEqual([
      'node-1',
      'Ready',
      'control-plane',
      '2d',
      'v1.30.2',
      '192.168.56.11',
      '<none>',
      'Debian GNU/Linux 12 (bookworm)',
      '6.1.0-21-amd64',
      'containerd://1.7.15',
    ]);
  });

  it('fills a bare node with placeholders', () => {
    expect(printNode(node(), now).cells).toEqual([
      'node-1',
      'Unknown',
      '<none>',
      '2d',
      '',
      '<none>',
      '<none>',
      '<unknown>',
      '<unknown>',
      '<unknown>',
    ]);
  });
});
