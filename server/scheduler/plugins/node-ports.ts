// NodePorts: two pods cannot hold the same hostPort (same protocol) on one node, unless they bind different host IPs;
// 0.0.0.0 (the default) clashes with every IP.
import type { Pod } from '../../api/types/core.js';
import {
  Status,
  podHostPorts,
  type CycleState,
  type FilterPlugin,
  type HostPort,
  type NodeInfo,
  type PreFilterPlugin,
} from '../framework.js';

export const NAME = 'NodePorts';

/** Upstream's ErrReason. */
export const REASON = "node(s) didn't have free ports for the requested pod ports";

const STATE_KEY = 'PreFilter' + NAME;

/** True when `a` and `b` cannot both be bound on one host. */
export function portsConflict(a: HostPort, b: HostPort): boolean {
  if (a.port !== b.port || a.protocol !== b.protocol) return false;
  return a.hostIP === b.hostIP || a.hostIP === '0.0.0.0' || b.hostIP === '0.0.0.0';
}

export function create(): PreFilterPlugin & FilterPlugin {
  return {
    name: NAME,
    // as kube-scheduler's NodePorts.PreFilter: pods without host ports skip the Filter
    preFilter(state: CycleState, pod: Pod): Status {
      const wanted = podHostPorts(pod);
      if (wanted.length === 0) return Status.skip();
      state.write(STATE_KEY, wanted);
      return Status.success();
    },
    // as kube-scheduler's NodePorts.Filter
    filter(state: CycleState, pod: Pod, node: NodeInfo): Status {
      const wanted = state.read<HostPort[]>(STATE_KEY) ?? podHostPorts(pod);
      const clash = wanted.some((port) => node.usedPorts.some((used) => portsConflict(port, used)));
      return clash ? Status.unschedulable(REASON) : Status.success();
    },
  };
}
