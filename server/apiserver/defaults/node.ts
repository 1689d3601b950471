// Node defaults, as kubernetes' pkg/apis/core/v1/defaults.go SetDefaults_NodeStatus.
import type { Node } from '../../api/types/core.js';
import { canonicalQuantities } from './quantities.js';

/** Allocatable starts out equal to capacity when the node does not report it; numeric quantities become strings. */
export function defaultNode(node: Node): void {
  const status = node.status;
  canonicalQuantities(status?.capacity);
  canonicalQuantities(status?.allocatable);
  if (status?.capacity && !status.allocatable) status.allocatable = { ...status.capacity };
}
