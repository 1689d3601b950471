// The scheduler's view of a node (upstream's framework/types.go): NodeInfo with the pods on it and running totals of
// what they request, and the helpers that read a pod's requests and host ports. Plugins read it; only the
// scheduler's cache changes it.
import { parseQuantity, quantityMilliValue, quantityValue } from '../api/quantity.js';
import type { Node, Pod } from '../api/types/core.js';

/** Amounts by resource name: `cpu` in millicores, every other resource (`memory`, `pods`, ...) in whole units. */
export type Resources = Record<string, number>;

/** Reads a `{cpu: "500m", memory: "1Gi"}` map into numbers (cpu in millicores); unparsable values count as 0. */
export function toResources(list: Readonly<Record<string, string>> | undefined): Resources {
  const resources: Resources = {};
  for (const [name, text] of Object.entries(list ?? {})) {
    const parsed = parseQuantity(String(text));
    if (!parsed.ok) continue;
    resources[name] = name === 'cpu' ? quantityMilliValue(parsed.quantity) : quantityValue(parsed.quantity);
  }
  return resources;
}

/** What a pod without a cpu/memory request is taken to use when scoring (upstream's DefaultMilliCPURequest etc.). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/**
 * What a pod asks of its node, as upstream's resourcehelper.PodRequests: for each resource the larger of the sum over
 * its containers (plus sidecars, i.e. init containers with restartPolicy Always) and the largest init container
 * (plus the sidecars started before it), then the pod's overhead on top. With `nonZero`, a container without a cpu
 * or memory request counts the defaults above (what scoring uses, so that empty pods still spread out).
 */
export function podRequests(pod: Pod, options: { nonZero?: boolean } = {}): Resources {
  const requestsOf = (container: { resources?: { requests?: Record<string, string> } }): Resources => {
    const requests = toResources(container.resources?.requests);
    if (options.nonZero) {
      requests.cpu ??= DEFAULT_MILLI_CPU_REQUEST;
      requests.memory ??= DEFAULT_MEMORY_REQUEST;
    }
    return requests;
  };
  const total: Resources = {};
  for (const container of pod.spec.containers ?? []) addTo(total, requestsOf(container));
  const sidecars: Resources = {};
  const initMax: Resources = {};
  for (const init of pod.spec.initContainers ?? []) {
    const requests = requestsOf(init);
    if (init.restartPolicy === 'Always') {
      addTo(total, requests);
      addTo(sidecars, requests);
      continue;
    }
    const running = { ...sidecars };
    addTo(running, requests);
    for (const [name, value] of Object.entries(running)) initMax[name] = Math.max(initMax[name] ?? 0, value);
  }
  for (const [name, value] of Object.entries(initMax)) total[name] = Math.max(total[name] ?? 0, value);
  addTo(total, toResources(pod.spec.overhead as Record<string, string> | undefined));
  return total;
}

/** Adds `more` into `into`, resource by resource. */
export function addTo(into: Resources, more: Resources, sign = 1): void {
  for (const [name, value] of Object.entries(more)) into[name] = (into[name] ?? 0) + sign * value;
}

/** A host port a pod holds on its node: what NodePorts compares. */
export interface HostPort {
  hostIP: string;
  protocol: string;
  port: number;
}

/** The host ports a pod asks for (containers' ports with a hostPort), defaults filled in. */
export function podHostPorts(pod: Pod): HostPort[] {
  const ports: HostPort[] = [];
  for (const container of [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])])
    for (const port of container.ports ?? [])
      if ((port.hostPort ?? 0) > 0)
        ports.push({ hostIP: port.hostIP || '0.0.0.0', protocol: port.protocol || 'TCP', port: port.hostPort! });
  return ports;
}

/**
 * One node as the scheduler sees it (upstream's NodeInfo): the Node object, the pods on it (bound or assumed), and
 * running totals of what those pods request, so that a plugin does not add them up again for every pod.
 */
export class NodeInfo {
  readonly pods = new Map<string, Pod>();
  /** The pods with pod affinity or anti-affinity terms (upstream's PodsWithAffinity): most pods have none. */
  readonly podsWithAffinity = new Map<string, Pod>();
  /** The sum of the pods' requests. */
  readonly requested: Resources = {};
  /** The same with the scoring defaults for containers that request no cpu or memory. */
  readonly nonZeroRequested: Resources = {};
  readonly usedPorts: HostPort[] = [];
  private allocatableCache: Resources;
  /** What each pod added to the totals, so taking it away again does not parse its spec a second time. */
  private readonly counted = new Map<string, { requested: Resources; nonZero: Resources; ports: HostPort[] }>();

  constructor(public node: Node) {
    this.allocatableCache = toResources(node.status?.allocatable);
  }

  get name(): string {
    return this.node.metadata.name ?? '';
  }
  /** What the node offers pods (status.allocatable), read once per Node version. */
  get allocatable(): Resources {
    return this.allocatableCache;
  }

  /** A copy that can gain or lose pods without touching this one (what-ifs: preemption, nominated pods). */
  clone(): NodeInfo {
    const copy = new NodeInfo(this.node);
    for (const pod of this.pods.values()) copy.addPod(pod);
    return copy;
  }

  /** Replaces the Node object (after an update), keeping the pods. */
  setNode(node: Node): void {
    this.node = node;
    this.allocatableCache = toResources(node.status?.allocatable);
  }

  addPod(pod: Pod): void {
    const key = podKey(pod);
    if (this.pods.has(key)) this.removePod(pod);
    const counted = {
      requested: podRequests(pod),
      nonZero: podRequests(pod, { nonZero: true }),
      ports: podHostPorts(pod),
    };
    this.pods.set(key, pod);
    this.counted.set(key, counted);
    if (hasPodAffinity(pod)) this.podsWithAffinity.set(key, pod);
    addTo(this.requested, counted.requested);
    addTo(this.nonZeroRequested, counted.nonZero);
    this.usedPorts.push(...counted.ports);
  }

  removePod(pod: Pod): void {
    const key = podKey(pod);
    const counted = this.counted.get(key);
    if (!counted) return;
    this.pods.delete(key);
    this.counted.delete(key);
    this.podsWithAffinity.delete(key);
    addTo(this.requested, counted.requested, -1);
    addTo(this.nonZeroRequested, counted.nonZero, -1);
    for (const port of counted.ports) {
      const index = this.usedPorts.findIndex(
        (used) => used.hostIP === port.hostIP && used.protocol === port.protocol && used.port === port.port,
      );
      if (index >= 0) this.usedPorts.splice(index, 1);
    }
  }
}

function hasPodAffinity(pod: Pod): boolean {
  const affinity = pod.spec.affinity as { podAffinity?: unknown; podAntiAffinity?: unknown } | undefined;
  return Boolean(affinity?.podAffinity || affinity?.podAntiAffinity);
}

/** "namespace/name" of a pod: how the scheduler names pods in its queue, cache and traces. */
export function podKey(pod: { metadata: { name?: string; namespace?: string } }): string {
  return `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name ?? ''}`;
}
