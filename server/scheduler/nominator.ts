// Pods nominated to a node (status.nominatedNodeName, set when preemption made room for them there), as upstream's
// nominator: until they are bound, a cycle for another pod of no higher priority counts them on that node, so the
// room made for them is not taken by someone else in the meantime.
import type { Pod } from '../api/types/core.js';
import { podKey } from './node-info.js';

const NONE: readonly Pod[] = [];

export class PodNominator {
  private readonly byNode = new Map<string, Map<string, Pod>>();
  private readonly nodeOf = new Map<string, string>();

  /**
   * Nominates `pod` to `nodeName` (replacing an earlier nomination), or clears it when `nodeName` is empty
   * (upstream's AddNominatedPod).
   */
  set(pod: Pod, nodeName: string | undefined): void {
    const key = podKey(pod);
    this.delete(key);
    if (!nodeName) return;
    this.nodeOf.set(key, nodeName);
    let pods = this.byNode.get(nodeName);
    if (!pods) this.byNode.set(nodeName, (pods = new Map()));
    pods.set(key, pod);
  }

  /** Forgets the pod's nomination (upstream's DeleteNominatedPodIfExists). */
  delete(key: string): void {
    const nodeName = this.nodeOf.get(key);
    if (nodeName === undefined) return;
    this.nodeOf.delete(key);
    const pods = this.byNode.get(nodeName)!;
    pods.delete(key);
    if (pods.size === 0) this.byNode.delete(nodeName);
  }

  /** The pods nominated to `nodeName` (NominatedPodsForNode; most nodes have none: that answer allocates nothing). */
  podsOn(nodeName: string): readonly Pod[] {
    const pods = this.byNode.get(nodeName);
    return pods ? [...pods.values()] : NONE;
  }
}
