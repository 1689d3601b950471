// The scheduler's cache, as kube-scheduler's internal/cache: a NodeInfo per node holding the pods bound to it (from
// the informer) and the pods the scheduler has assumed onto it (chosen, binding not yet confirmed), so that the next
// cycle already counts them. Pods may arrive before their Node: they wait and are counted when it comes.
import type { Node, Pod } from '../api/types/core.js';
import { NodeInfo, podKey } from './node-info.js';

export class SchedulerCache {
  private readonly nodes = new Map<string, NodeInfo>();
  /** Every counted pod's node, by pod key. */
  private readonly podNodes = new Map<string, string>();
  /** Pods on nodes the cache does not know (yet), by node name. */
  private readonly waiting = new Map<string, Map<string, Pod>>();

  /** A node added or changed (upstream's AddNode / UpdateNode); pods already counted on it come with it. */
  setNode(node: Node): void {
    const name = node.metadata.name ?? '';
    const existing = this.nodes.get(name);
    if (existing) return existing.setNode(node);
    const info = new NodeInfo(node);
    for (const pod of this.waiting.get(name)?.values() ?? []) info.addPod(pod);
    this.waiting.delete(name);
    this.nodes.set(name, info);
  }

  /** A node deleted (RemoveNode); its pods stay counted, waiting, until they are deleted too (or it comes back). */
  removeNode(name: string): void {
    const info = this.nodes.get(name);
    if (!info) return;
    this.nodes.delete(name);
    this.waiting.set(name, new Map(info.pods));
  }

  /**
   * Counts a pod on spec.nodeName: a bound pod (upstream's AddPod / UpdatePod), or one the scheduler assumes there
   * (AssumePod). Moves it if it was elsewhere.
   */
  addPod(pod: Pod): void {
    const key = podKey(pod);
    const nodeName = pod.spec.nodeName!;
    if (this.podNodes.has(key) && this.podNodes.get(key) !== nodeName) this.removePod(key);
    this.podNodes.set(key, nodeName);
    const info = this.nodes.get(nodeName);
    if (info) return info.addPod(pod);
    let waiting = this.waiting.get(nodeName);
    if (!waiting) this.waiting.set(nodeName, (waiting = new Map()));
    waiting.set(key, pod);
  }

  /** Stops counting a pod: deleted (RemovePod), or its binding failed (ForgetPod); false when it was not counted. */
  removePod(key: string): boolean {
    const nodeName = this.podNodes.get(key);
    if (nodeName === undefined) return false;
    this.podNodes.delete(key);
    const info = this.nodes.get(nodeName);
    const pod = info?.pods.get(key);
    if (pod) info!.removePod(pod);
    this.waiting.get(nodeName)?.delete(key);
    return true;
  }

  /** Whether the pod is counted on some node (bound or assumed). */
  has(key: string): boolean {
    return this.podNodes.has(key);
  }

  /** The nodes as a cycle sees them (upstream's UpdateSnapshot). */
  snapshot(): NodeInfo[] {
    return [...this.nodes.values()];
  }
}
