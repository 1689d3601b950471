// The node lifecycle controller, as upstream's pkg/controller/nodelifecycle plus its taint-based eviction
// (pkg/controller/tainteviction). Kubelets renew a Lease in kube-node-lease (and post status now and then); a
// node heard from by neither for the grace period (node-monitor-grace-period, 40 s) gets Ready=Unknown with reason
// NodeStatusUnknown, and the taints node.kubernetes.io/unreachable NoSchedule and NoExecute (not-ready when the
// kubelet itself reports Ready=False). Pods on a node with a NoExecute taint are deleted: at once if they do not
// tolerate it, after their tolerationSeconds if they do (the API server gives every pod 300 s by default).
import { toleratesTaint } from '../api/taints.js';
import { rfc3339 } from '../api/time.js';
import type { Node, Pod, Taint, Toleration } from '../api/types/core.js';
import { COMMON_RESOURCES, isNotFound, type Informer, type Lease } from '../client/index.js';
import { Controller, type ControllerOptions } from './lib/controller.js';

export const LEASE_NAMESPACE = 'kube-node-lease';
export const UNREACHABLE_TAINT = 'node.kubernetes.io/unreachable';
export const NOT_READY_TAINT = 'node.kubernetes.io/not-ready';
const MANAGED_TAINTS = [UNREACHABLE_TAINT, NOT_READY_TAINT];
const POD_NODE_INDEX = 'spec.nodeName';

export interface NodeLifecycleOptions extends ControllerOptions {
  /** node-monitor-grace-period: silence after which a node is Unknown; default 40 s. */
  gracePeriodMs?: number;
}

interface NodeCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
}

/** What we last heard from a node's kubelet, and when (our clock), as upstream's nodeHealthData. */
interface NodeHealth {
  leaseRenewTime?: string;
  heartbeatTime?: string;
  probeTime: number;
}

/** Marks silent nodes Unknown, taints them, and evicts the pods that do not tolerate it. */
export class NodeLifecycleController extends Controller {
  private readonly nodes: Informer<Node>;
  private readonly leases: Informer<Lease>;
  private readonly pods: Informer<Pod>;
  private readonly health = new Map<string, NodeHealth>();
  private readonly gracePeriodMs: number;

  constructor(options: NodeLifecycleOptions) {
    super('node-lifecycle-controller', options);
    this.gracePeriodMs = options.gracePeriodMs ?? 40_000;
    this.nodes = options.informers.informerFor('nodes');
    this.leases = options.informers.forResource<Lease>(COMMON_RESOURCES.leases);
    this.pods = options.informers.informerFor('pods');
    this.pods.addIndexer(POD_NODE_INDEX, (pod) => (pod.spec?.nodeName ? [pod.spec.nodeName] : []));
    this.nodes.addEventHandler({
      onAdd: (node) => this.enqueue(node),
      onUpdate: (_old, node) => this.enqueue(node),
    });
    // A Lease is named after its node; a pod is queued as its node's key.
    const byNodeName = (name?: string) => name && this.queue.add(name);
    const leaseHandler = (lease: Lease) =>
      lease.metadata.namespace === LEASE_NAMESPACE && byNodeName(lease.metadata.name);
    this.leases.addEventHandler({ onAdd: leaseHandler, onUpdate: (_old, lease) => leaseHandler(lease) });
    this.pods.addEventHandler({
      onAdd: (pod) => byNodeName(pod.spec?.nodeName),
      onUpdate: (_old, pod) => byNodeName(pod.spec?.nodeName),
    });
  }

  protected informers() {
    return [this.nodes, this.leases, this.pods];
  }

  /** As upstream's monitorNodeHealth (tryUpdateNodeHealth) for one node, `key` its name, then its NoExecute taints. */
  async sync(key: string): Promise<void> {
    let node = this.nodes.get(key);
    if (!node) {
      this.health.delete(key);
      return;
    }
    const silentForMs = this.clock.now() - this.observe(node).probeTime;
    let ready = conditions(node).find((c) => c.type === 'Ready');
    if (silentForMs >= this.gracePeriodMs && ready?.status !== 'Unknown') {
      node = await this.markUnknown(node);
      ready = conditions(node).find((c) => c.type === 'Ready');
    } else if (silentForMs < this.gracePeriodMs) {
      this.queue.addAfter(key, this.gracePeriodMs - silentForMs);
    }
    const taints = await this.reconcileTaints(node, ready?.status);
    await this.evictPods(key, taints);
  }

  /** Updates what we heard from the node; the probe time moves only when the Lease or heartbeat did. */
  private observe(node: Node): NodeHealth {
    const name = node.metadata.name!;
    const lease = this.leases.get(`${LEASE_NAMESPACE}/${name}`);
    const heard = {
      leaseRenewTime: lease?.spec?.renewTime,
      heartbeatTime: conditions(node).find((c) => c.type === 'Ready')?.lastHeartbeatTime,
    };
    const known = this.health.get(name);
    if (known && known.leaseRenewTime === heard.leaseRenewTime && known.heartbeatTime === heard.heartbeatTime) {
      return known;
    }
    const health = { ...heard, probeTime: this.clock.now() };
    this.health.set(name, health);
    return health;
  }

  /** Sets Ready (and the pressure conditions) to Unknown through nodes/status, as upstream's tryUpdateNodeHealth. */
  private async markUnknown(node: Node): Promise<Node> {
    this.log.info('node stopped posting status', { node: node.metadata.name });
    const now = rfc3339(this.clock.now());
    const unknown = (type: string, old?: NodeCondition): NodeCondition => ({
      type,
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
      lastHeartbeatTime: old?.lastHeartbeatTime ?? now,
      lastTransitionTime: now,
    });
    const types = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];
    const kept = conditions(node).filter((c) => !types.includes(c.type));
    const next = types.map((type) =>
      unknown(
        type,
        conditions(node).find((c) => c.type === type),
      ),
    );
    const updated = { ...node, status: { ...node.status, conditions: [...next, ...kept] } };
    const written = await this.client.nodes().updateStatus(updated);
    // as upstream's RecordNodeStatusChange
    this.recorder.event(node, 'Normal', 'NodeNotReady', `Node ${node.metadata.name} status is now: NodeNotReady`);
    return written;
  }

  /** Makes the unreachable / not-ready taints match the Ready condition; returns the node's taints. */
  private async reconcileTaints(node: Node, ready: string | undefined): Promise<Taint[]> {
    const current = node.spec?.taints ?? [];
    const key = ready === 'Unknown' ? UNREACHABLE_TAINT : ready === 'False' ? NOT_READY_TAINT : undefined;
    const wanted = key ? ['NoSchedule', 'NoExecute'].map((effect) => ({ key, effect })) : [];
    const same = (a: Taint, b: { key: string; effect: string }) => a.key === b.key && a.effect === b.effect;
    const kept = current.filter((t) => !MANAGED_TAINTS.includes(t.key) || wanted.some((w) => same(t, w)));
    const added = wanted
      .filter((w) => !current.some((t) => same(t, w)))
      .map((w): Taint => (w.effect === 'NoExecute' ? { ...w, timeAdded: rfc3339(this.clock.now()) } : w));
    if (added.length === 0 && kept.length === current.length) return current;
    const taints = [...kept, ...added];
    this.log.info('updating node taints', { node: node.metadata.name, taints: taints.map((t) => t.key) });
    await this.ignoreGone(this.client.nodes().update({ ...node, spec: { ...node.spec, taints } }));
    return taints;
  }

  /** Deletes the node's pods whose toleration of its NoExecute taints has run out; queues the next deadline. */
  private async evictPods(nodeName: string, taints: Taint[]): Promise<void> {
    const noExecute = taints.filter((t) => t.effect === 'NoExecute');
    if (noExecute.length === 0) return;
    let nextMs = Infinity;
    for (const pod of this.pods.byIndex(POD_NODE_INDEX, nodeName)) {
      if (pod.metadata.deletionTimestamp) continue;
      const deadline = evictionTime(pod.spec?.tolerations ?? [], noExecute);
      if (deadline > this.clock.now()) {
        nextMs = Math.min(nextMs, deadline - this.clock.now());
        continue;
      }
      this.log.info('evicting pod from tainted node', { node: nodeName, pod: pod.metadata.name });
      const { name, namespace, uid } = pod.metadata;
      // as upstream's taint eviction controller
      this.recorder.event(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${namespace}/${name}`);
      await this.ignoreGone(this.client.pods(namespace).delete(name!, { preconditions: { uid } }));
    }
    if (nextMs < Infinity) this.queue.addAfter(nodeName, nextMs);
  }

  private async ignoreGone(write: Promise<unknown>): Promise<void> {
    await write.catch((error: unknown) => {
      if (!isNotFound(error)) throw error;
    });
  }
}

/**
 * When a pod must leave a node with these NoExecute taints (ms since the epoch): 0 if one is not tolerated,
 * otherwise the earliest taint time + tolerationSeconds (Infinity when tolerated forever), as upstream's
 * tainteviction getMinTolerationTime.
 */
export function evictionTime(tolerations: Toleration[], taints: Taint[]): number {
  let deadline = Infinity;
  for (const taint of taints) {
    const matching = tolerations.filter((t) => toleratesTaint(t, taint));
    if (matching.length === 0) return 0;
    const seconds = Math.min(...matching.map((t) => t.tolerationSeconds ?? Infinity));
    if (seconds === Infinity) continue;
    const added = taint.timeAdded ? Date.parse(taint.timeAdded) : 0;
    deadline = Math.min(deadline, added + Math.max(0, seconds) * 1000);
  }
  return deadline;
}

function conditions(node: Node): NodeCondition[] {
  return (node.status?.conditions as NodeCondition[] | undefined) ?? [];
}
