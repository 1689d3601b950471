// The node strategy, as upstream's pkg/registry/core/node: SetDefaults_NodeStatus (allocatable from capacity,
// numeric quantities as strings) and quantities that must parse.
import type { Node } from '../../../api/types/core.js';
import { defaultNode } from '../../defaults/node.js';
import { validateNodeResources } from '../../validation/quantities.js';
import type { ResourceStrategy } from '../strategy.js';

export const nodeStrategy: ResourceStrategy = {
  defaults: (node) => defaultNode(node as Node),
  validateCreate: (node) => validateNodeResources(node as Node),
  validateUpdate: (node) => validateNodeResources(node as Node),
};
