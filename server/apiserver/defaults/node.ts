// Node defaults, as kubernetes' pkg/apis/core/v1/defaults.go SetDefaults_NodeStatus.
import type { Node } from '../../api/types/core.js';

/** Allocatable starts out equal to capacity when the node does not report it. */
export function defaultNode(node: Node): void {
  const status = node.status;
  if (status?.capacity && !status.allocatable) status.allocatable = { ...status.capacity };
}
