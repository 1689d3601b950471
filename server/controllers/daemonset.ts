// The DaemonSet controller, as upstream's pkg/controller/daemon/daemon_controller.go: one pod per node that should
// run it (nodeSelector, node affinity, and taints against the template's tolerations plus the DaemonSet defaults),
// none on the others. Each pod is pinned to its node by a node affinity term `metadata.name In [node]` and placed by
// the scheduler, as upstream since 1.12. Templates are recorded as ControllerRevisions; a RollingUpdate replaces pods
// of older revisions at most maxUnavailable at a time.
import { labelSelectorAsSelector } from '../api/labels.js';
import type { DaemonSet } from '../api/types/apps.js';
import type { Node, Pod, Toleration } from '../api/types/core.js';
import { NAMESPACE_INDEX, keyOf, type Informer } from '../client/index.js';
import { requiredMatches } from '../api/node-affinity.js';
import { findUntoleratedTaint } from '../api/taints.js';
import { resolveIntOrPercent } from './deployment/rolling.js';
import { Controller, type ControllerOptions } from './lib/controller.js';
import { ControllerExpectations } from './lib/expectations.js';
import {
  CONTROLLER_REVISION_HASH,
  controllerRevisionInformer,
  syncRevisions,
  type ControllerRevision,
} from './lib/history.js';
import { claimObjects, newControllerRef, resolveControllerRef } from './lib/owner-refs.js';
import { PodControl, getPodFromTemplate } from './lib/pod-control.js';
import { isPodAvailable, isPodReady } from './lib/pod-utils.js';
import { writeStatus } from './lib/status.js';

const DS_KIND = { apiVersion: 'apps/v1', kind: 'DaemonSet' };

/** The tolerations every daemon pod gets (upstream's AddOrUpdateDaemonPodTolerations), so it survives node trouble. */
export function defaultTolerations(hostNetwork: boolean): Toleration[] {
  const exists = (key: string, effect: string) => ({ key: `node.kubernetes.io/${key}`, operator: 'Exists', effect });
  return [
    exists('not-ready', 'NoExecute'),
    exists('unreachable', 'NoExecute'),
    exists('disk-pressure', 'NoSchedule'),
    exists('memory-pressure', 'NoSchedule'),
    exists('pid-pressure', 'NoSchedule'),
    exists('unschedulable', 'NoSchedule'),
    ...(hostNetwork ? [exists('network-unavailable', 'NoSchedule')] : []),
  ];
}

/** A node, whether it should run the daemon, and the daemon's pods meant for it. */
interface NodePods {
  node: Node;
  shouldRun: boolean;
  pods: Pod[];
}

/** Keeps one pod of each DaemonSet on every node that should run it; writes daemonsets/status. */
export class DaemonSetController extends Controller {
  readonly expectations: ControllerExpectations;
  private readonly podControl: PodControl;
  private readonly dsInformer: Informer<DaemonSet>;
  private readonly podInformer: Informer<Pod>;
  private readonly nodeInformer: Informer<Node>;
  private readonly revisionInformer: Informer<ControllerRevision>;

  constructor(options: ControllerOptions) {
    super('daemonset-controller', options);
    this.podControl = new PodControl(this.client, this.recorder);
    this.expectations = new ControllerExpectations(this.clock);
    this.dsInformer = options.informers.informerFor('daemonsets');
    this.podInformer = options.informers.informerFor('pods');
    this.nodeInformer = options.informers.informerFor('nodes');
    this.revisionInformer = controllerRevisionInformer(options.informers);
    this.dsInformer.addEventHandler({
      onAdd: (ds) => this.enqueue(ds),
      onUpdate: (_, ds) => this.enqueue(ds),
      onDelete: (ds) => this.expectations.delete(keyOf(ds)),
    });
    this.podInformer.addEventHandler({
      onAdd: (pod) => this.podChanged(pod, 'added'),
      onUpdate: (_, pod) => this.podChanged(pod, pod.metadata.deletionTimestamp ? 'deleted' : 'updated'),
      onDelete: (pod) => this.podChanged(pod, 'deleted'),
    });
    // Any node change may change where daemons should run.
    const everyDaemonSet = () => this.dsInformer.list().forEach((ds) => this.enqueue(ds));
    this.nodeInformer.addEventHandler({ onAdd: everyDaemonSet, onUpdate: everyDaemonSet, onDelete: everyDaemonSet });
  }

  protected informers() {
    return [this.dsInformer, this.podInformer, this.nodeInformer, this.revisionInformer];
  }

  /** As upstream's syncDaemonSet: one pod on each node that should run it (manage), then the rolling update. */
  async sync(key: string): Promise<void> {
    const ds = this.dsInformer.get(key);
    if (!ds) return this.expectations.delete(key);
    const parsed = labelSelectorAsSelector(ds.spec.selector ?? {});
    if (!parsed.ok || parsed.selector.length === 0) return this.log.warn('invalid selector', { key });
    const namespace = ds.metadata.namespace ?? '';
    const pods = await claimObjects({
      owner: ds,
      ownerKind: DS_KIND,
      selector: parsed.selector,
      client: this.client.pods(namespace),
      objects: this.podInformer.byIndex(NAMESPACE_INDEX, namespace).filter((p) => !p.metadata.deletionTimestamp),
    });
    if (ds.metadata.deletionTimestamp) return;
    const { hash } = await syncRevisions({
      client: this.client.controllerrevisions(namespace),
      owner: ds,
      ownerKind: DS_KIND,
      template: ds.spec.template,
      revisions: this.revisionInformer.byIndex(NAMESPACE_INDEX, namespace),
      inUse: (h) => pods.some((p) => p.metadata.labels?.[CONTROLLER_REVISION_HASH] === h),
      limit: ds.spec.revisionHistoryLimit ?? 10,
    });
    const nodes = this.nodeInformer.list().map((node) => ({
      node,
      shouldRun: nodeShouldRunDaemonPod(node, ds),
      pods: pods.filter((pod) => targetNodeName(pod) === node.metadata.name),
    }));
    if (this.expectations.satisfied(key)) await this.manage(key, ds, nodes, hash);
    await this.writeStatus(ds, calculateStatus(ds, nodes, hash, this.now()));
  }

  /** Creates the missing daemon pods, else deletes the ones that must go (upstream's manage, then rollingUpdate). */
  private async manage(key: string, ds: DaemonSet, nodes: NodePods[], hash: string): Promise<void> {
    const create: string[] = [];
    const remove: Pod[] = [];
    for (const { node, shouldRun, pods } of nodes) {
      if (!shouldRun) remove.push(...pods);
      else if (pods.length === 0) create.push(node.metadata.name ?? '');
      else {
        // A failed daemon pod is deleted, to be replaced on a later sync; of several, the oldest stays.
        const failed = pods.filter((p) => p.status?.phase === 'Failed');
        const running = pods.filter((p) => p.status?.phase !== 'Failed').sort(byCreation);
        remove.push(...failed, ...running.slice(1));
      }
    }
    if (remove.length === 0 && ds.spec.updateStrategy?.type !== 'OnDelete')
      remove.push(...oldPodsToReplace(ds, nodes, hash, this.now()));
    if (create.length > 0) {
      const pods = create.map((nodeName) => podFor(ds, nodeName, hash));
      await this.podControl.createPods(this.expectations, key, ds, pods);
    }
    await this.podControl.deletePods(this.expectations, key, ds, remove);
  }

  /** Writes status through the status subresource when it changed (see lib/status.ts). */
  private writeStatus(ds: DaemonSet, status: Record<string, unknown>): Promise<void> {
    return writeStatus(this.client.daemonsets(ds.metadata.namespace), ds, status, { merge: true });
  }

  /** A pod event wakes the DaemonSet controlling it and counts off what its expectations were waiting for. */
  private podChanged(pod: Pod, event: 'added' | 'updated' | 'deleted'): void {
    const key = resolveControllerRef(pod, 'DaemonSet', this.dsInformer);
    if (!key) return;
    if (event === 'added') this.expectations.creationObserved(key);
    if (event === 'deleted') this.expectations.deletionObserved(key, keyOf(pod));
    this.queue.add(key);
  }
}

/** Whether `node` should run a pod of `ds` (NodeShouldRunDaemonPod): selector and affinity match, taints tolerated. */
export function nodeShouldRunDaemonPod(node: Node, ds: DaemonSet): boolean {
  const pod = podFor(ds, node.metadata.name ?? '', '');
  if (!requiredMatches({ ...pod, spec: { ...pod.spec, affinity: ds.spec.template.spec.affinity } }, node)) return false;
  return !findUntoleratedTaint(node.spec?.taints ?? [], pod.spec.tolerations ?? [], ['NoSchedule', 'NoExecute']);
}

/** The pod `ds` runs on `nodeName`: the template plus the default tolerations, pinned to the node by affinity. */
export function podFor(ds: DaemonSet, nodeName: string, hash: string): Pod {
  const pod = getPodFromTemplate(ds.spec.template, ds, newControllerRef(ds, DS_KIND));
  pod.metadata.labels = { ...pod.metadata.labels, [CONTROLLER_REVISION_HASH]: hash };
  const spec = pod.spec;
  const own = spec.tolerations ?? [];
  const defaults = defaultTolerations(spec.hostNetwork === true);
  spec.tolerations = [...own, ...defaults.filter((d) => !own.some((t) => t.key === d.key && t.effect === d.effect))];
  // As upstream's ReplaceDaemonSetPodNodeNameNodeAffinity: the required terms become this one.
  const term = { matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] };
  const nodeAffinity = {
    ...(spec.affinity?.nodeAffinity as object | undefined),
    requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [term] },
  };
  spec.affinity = { ...spec.affinity, nodeAffinity };
  return pod;
}

type Pinned = { nodeSelectorTerms?: { matchFields?: { key: string; values?: string[] }[] }[] };

/** The node a daemon pod is for: its nodeName once bound, before that its `metadata.name In [node]` term. */
export function targetNodeName(pod: Pod): string | undefined {
  if (pod.spec.nodeName) return pod.spec.nodeName;
  const nodeAffinity = pod.spec.affinity?.nodeAffinity as Record<string, Pinned | undefined> | undefined;
  const terms = nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  return terms.flatMap((t) => t.matchFields ?? []).find((f) => f.key === 'metadata.name')?.values?.[0];
}

/**
 * The old-revision pods a RollingUpdate deletes now (upstream's rollingUpdate with maxSurge 0): every unavailable
 * one, and available ones while fewer than maxUnavailable daemon pods are unavailable.
 */
function oldPodsToReplace(ds: DaemonSet, nodes: NodePods[], hash: string, now: Date): Pod[] {
  const desired = nodes.filter((n) => n.shouldRun);
  const minReady = ds.spec.minReadySeconds ?? 0;
  const maxUnavailable = resolveIntOrPercent(
    ds.spec.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1,
    desired.length,
    true,
  );
  let unavailable = desired.filter((n) => !n.pods.some((p) => isPodAvailable(p, minReady, now))).length;
  const victims: Pod[] = [];
  for (const { pods } of desired) {
    const old = pods.find((p) => p.metadata.labels?.[CONTROLLER_REVISION_HASH] !== hash);
    if (!old) continue;
    if (!isPodAvailable(old, minReady, now)) victims.push(old);
    else if (unavailable < maxUnavailable) {
      victims.push(old);
      unavailable++;
    }
  }
  return victims;
}

/** The status `nodes` give `ds` (updateDaemonSetStatus), in the fields `kubectl get ds` prints. */
export function calculateStatus(ds: DaemonSet, nodes: NodePods[], hash: string, now: Date): Record<string, unknown> {
  const desired = nodes.filter((n) => n.shouldRun);
  const scheduled = desired.filter((n) => n.pods.length > 0).map((n) => n.pods[0]!);
  const minReady = ds.spec.minReadySeconds ?? 0;
  const available = scheduled.filter((pod) => isPodAvailable(pod, minReady, now)).length;
  return {
    desiredNumberScheduled: desired.length,
    currentNumberScheduled: scheduled.length,
    numberMisscheduled: nodes.filter((n) => !n.shouldRun && n.pods.length > 0).length,
    numberReady: scheduled.filter(isPodReady).length,
    updatedNumberScheduled: scheduled.filter((pod) => pod.metadata.labels?.[CONTROLLER_REVISION_HASH] === hash).length,
    numberAvailable: available,
    numberUnavailable: desired.length - available,
    observedGeneration: ds.metadata.generation,
  };
}

function byCreation(a: Pod, b: Pod): number {
  return Date.parse(a.metadata.creationTimestamp ?? '') - Date.parse(b.metadata.creationTimestamp ?? '');
}
