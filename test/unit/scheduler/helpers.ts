// Builders shared by the scheduler unit tests.
import type { Node, Pod } from '../../../server/api/types/core.js';
import { NodeInfo } from '../../../server/scheduler/framework.js';

export function makeNode(name: string, extra: Partial<Node> & { allocatable?: Record<string, string> } = {}): Node {
  const { allocatable, ...rest } = extra;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: {} },
    status: { allocatable: allocatable ?? { cpu: '4', memory: '8Gi', pods: '110' } },
    ...rest,
  };
}

export function makePod(name: string, spec: Partial<Pod['spec']> = {}, requests?: Record<string, string>): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'app', resources: requests ? { requests } : {} }], ...spec },
  };
}

export function nodeInfo(node: Node, ...pods: Pod[]): NodeInfo {
  const info = new NodeInfo(node);
  for (const pod of pods) info.addPod({ ...pod, spec: { ...pod.spec, nodeName: node.metadata.name } });
  return info;
}
