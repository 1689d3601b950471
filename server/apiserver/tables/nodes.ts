// `kubectl get nodes`: NAME STATUS ROLES AGE VERSION (wide: INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION
// CONTAINER-RUNTIME). As upstream's printNode.

import type { KubeObject } from '../../api/meta.js';
import { translateTimestampSince, UNKNOWN } from './duration.js';
import { ageColumn, column, nameColumn, NONE } from './format.js';
import type { PrintedRow, TableColumnDefinition } from './types.js';

/** The parts of a v1 Node the printer reads. */
export interface NodeLike extends KubeObject {
  spec?: { unschedulable?: boolean };
  status?: {
    conditions?: { type: string; status: string }[];
    addresses?: { type: string; address: string }[];
    nodeInfo?: { kubeletVersion?: string; osImage?: string; kernelVersion?: string; containerRuntimeVersion?: string };
  };
}

/** The node columns. */
export const nodeColumns: TableColumnDefinition[] = [
  nameColumn(),
  column('Status', 'string', 'The status of the node'),
  column('Roles', 'string', 'The roles of the node'),
  ageColumn(),
  column('Version', 'string', 'The version of the kubelet on the node.'),
  column('Internal-IP', 'string', "The node's first InternalIP address.", 1),
  column('External-IP', 'string', "The node's first ExternalIP address.", 1),
  column('OS-Image', 'string', 'The OS image reported by the node.', 1),
  column('Kernel-Version', 'string', 'The kernel version reported by the node.', 1),
  column('Container-Runtime', 'string', 'The container runtime and its version.', 1),
];

const ROLE_LABEL_PREFIX = 'node-role.kubernetes.io/';
const LEGACY_ROLE_LABEL = 'kubernetes.io/role';

/** "Ready", "NotReady" or "Unknown" (no Ready condition), plus ",SchedulingDisabled" when cordoned. */
export function nodeStatus(node: NodeLike): string {
  // The last Ready condition wins, as upstream builds a map keyed by type.
  const ready = (node.status?.conditions ?? []).findLast((c) => c.type === 'Ready');
  const status = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

/** Roles from `node-role.kubernetes.io/<role>` label keys and the legacy `kubernetes.io/role=<role>`, sorted. */
export function nodeRoles(node: NodeLike): string[] {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata.labels ?? {})) {
    if (key.startsWith(ROLE_LABEL_PREFIX)) {
      const role = key.slice(ROLE_LABEL_PREFIX.length);
      if (role) roles.add(role);
    } else if (key === LEGACY_ROLE_LABEL && value) {
      roles.add(value);
    }
  }
  return [...roles].sort();
}

const address = (node: NodeLike, type: string): string =>
  node.status?.addresses?.find((a) => a.type === type)?.address ?? NONE;

/** One node row, wide cells included. */
export function printNode(object: KubeObject, now: Date): PrintedRow {
  const node = object as NodeLike;
  const info = node.status?.nodeInfo ?? {};
  return {
    cells: [
      node.metadata.name ?? '',
      nodeStatus(node),
      nodeRoles(node).join(',') || NONE,
      translateTimestampSince(node.metadata.creationTimestamp, now),
      info.kubeletVersion ?? '',
      address(node, 'InternalIP'),
      address(node, 'ExternalIP'),
      info.osImage || UNKNOWN,
      info.kernelVersion || UNKNOWN,
      info.containerRuntimeVersion || UNKNOWN,
    ],
  };
}
