// The StatefulSet controller, as upstream's pkg/controller/statefulset (stateful_set_control.go): pods with stable
// names `<set>-0` … `<set>-(n-1)`, each with hostname its name and subdomain spec.serviceName. OrderedReady (the
// default) creates them one at a time in order, each only once the one before is Running and Ready, and removes
// them from the highest ordinal down; Parallel creates and removes them all at once. Templates are ControllerRevisions;
// a RollingUpdate replaces pods from the highest ordinal down to the partition, one at a time. Names are fixed, so a
// duplicate create fails with AlreadyExists: no expectations are needed (as upstream). No PersistentVolumeClaims yet.
import { labelSelectorAsSelector } from '../api/labels.js';
import type { StatefulSet } from '../api/types/apps.js';
import type { Pod } from '../api/types/core.js';
import { NAMESPACE_INDEX, isAlreadyExists, isNotFound, type Informer } from '../client/index.js';
import { Controller, type ControllerOptions } from './lib/controller.js';
import {
  CONTROLLER_REVISION_HASH,
  controllerRevisionInformer,
  syncRevisions,
  type ControllerRevision,
} from './lib/history.js';
import { claimObjects, newControllerRef, resolveControllerRef } from './lib/owner-refs.js';
import { errorText, getPodFromTemplate } from './lib/pod-control.js';
import { isPodAvailable, isPodReady } from './lib/pod-utils.js';
import { writeStatus } from './lib/status.js';

const STS_KIND = { apiVersion: 'apps/v1', kind: 'StatefulSet' };
/** The label naming each stateful pod, so a Service can select exactly one. */
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
/** The label holding each stateful pod's ordinal. */
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

/** Keeps each StatefulSet's ordinal pods, in order; writes statefulsets/status. */
export class StatefulSetController extends Controller {
  private readonly stsInformer: Informer<StatefulSet>;
  private readonly podInformer: Informer<Pod>;
  private readonly revisionInformer: Informer<ControllerRevision>;

  constructor(options: ControllerOptions) {
    super('statefulset-controller', options);
    this.stsInformer = options.informers.informerFor('statefulsets');
    this.podInformer = options.informers.informerFor('pods');
    this.revisionInformer = controllerRevisionInformer(options.informers);
    this.stsInformer.addEventHandler({ onAdd: (sts) => this.enqueue(sts), onUpdate: (_, sts) => this.enqueue(sts) });
    this.podInformer.addEventHandler({
      onAdd: (pod) => this.enqueueOwner(pod),
      onUpdate: (_, pod) => this.enqueueOwner(pod),
      onDelete: (pod) => this.enqueueOwner(pod),
    });
  }

  protected informers() {
    return [this.stsInformer, this.podInformer, this.revisionInformer];
  }

  /** As upstream's StatefulSetController.sync (updateStatefulSet): claim pods, then make them right by ordinal. */
  async sync(key: string): Promise<void> {
    const sts = this.stsInformer.get(key);
    if (!sts) return;
    const parsed = labelSelectorAsSelector(sts.spec.selector ?? {});
    if (!parsed.ok || parsed.selector.length === 0) return this.log.warn('invalid selector', { key });
    const namespace = sts.metadata.namespace ?? '';
    const claimed = await claimObjects({
      owner: sts,
      ownerKind: STS_KIND,
      selector: parsed.selector,
      client: this.client.pods(namespace),
      objects: this.podInformer.byIndex(NAMESPACE_INDEX, namespace),
    });
    if (sts.metadata.deletionTimestamp) return;
    const pods = claimed.filter((pod) => ordinalOf(sts, pod) !== undefined);
    const { name: revision } = await syncRevisions({
      client: this.client.controllerrevisions(namespace),
      owner: sts,
      ownerKind: STS_KIND,
      template: sts.spec.template,
      revisions: this.revisionInformer.byIndex(NAMESPACE_INDEX, namespace),
      inUse: (_, name) => pods.some((p) => p.metadata.labels?.[CONTROLLER_REVISION_HASH] === name),
      limit: sts.spec.revisionHistoryLimit ?? 10,
    });
    await this.updateStatefulSet(sts, pods, revision);
    await this.writeStatus(sts, calculateStatus(sts, pods, revision, this.now()));
  }

  /** One step toward the desired pods (upstream's updateStatefulSet): returns early wherever OrderedReady must wait. */
  private async updateStatefulSet(sts: StatefulSet, pods: Pod[], revision: string): Promise<void> {
    const ordered = sts.spec.podManagementPolicy !== 'Parallel';
    const replicas = sts.spec.replicas ?? 1;
    const byOrdinal = new Map(pods.map((pod) => [ordinalOf(sts, pod)!, pod]));
    for (let ordinal = 0; ordinal < replicas; ordinal++) {
      const pod = byOrdinal.get(ordinal);
      if (!pod) await this.createPod(sts, podFor(sts, ordinal, revision));
      // A pod that has finished is deleted, to be created again on a later sync.
      else if (isFinished(pod) && !pod.metadata.deletionTimestamp) await this.deletePod(sts, pod);
      else if (!ordered || isRunningAndReady(pod)) continue;
      if (ordered) return;
    }
    const condemned = pods.filter((pod) => ordinalOf(sts, pod)! >= replicas).sort(byOrdinalDescending(sts));
    if (ordered && !pods.every((pod) => isRunningAndReady(pod) || pod.metadata.deletionTimestamp)) return;
    for (const pod of condemned) {
      if (!pod.metadata.deletionTimestamp) await this.deletePod(sts, pod);
      if (ordered) return;
    }
    if (condemned.length > 0 || sts.spec.updateStrategy?.type === 'OnDelete') return;
    // RollingUpdate: from the highest ordinal down to the partition, replace one pod of an older revision at a time.
    const partition = sts.spec.updateStrategy?.rollingUpdate?.partition ?? 0;
    for (let ordinal = replicas - 1; ordinal >= partition; ordinal--) {
      const pod = byOrdinal.get(ordinal);
      if (!pod || pod.metadata.labels?.[CONTROLLER_REVISION_HASH] === revision) continue;
      if (!pod.metadata.deletionTimestamp) await this.deletePod(sts, pod);
      return;
    }
  }

  /** Creates one ordinal pod, with upstream's StatefulPodControl events ("create Pod web-0 in StatefulSet web ..."). */
  private async createPod(sts: StatefulSet, pod: Pod): Promise<void> {
    const what = `create Pod ${pod.metadata.name} in StatefulSet ${sts.metadata.name}`;
    try {
      await this.client.pods(pod.metadata.namespace).create(pod);
      this.recorder.event(sts, 'Normal', 'SuccessfulCreate', `${what} successful`);
    } catch (error) {
      if (isAlreadyExists(error)) return;
      this.recorder.event(sts, 'Warning', 'FailedCreate', `${what} failed error: ${errorText(error)}`);
      throw error;
    }
  }

  private async deletePod(sts: StatefulSet, pod: Pod): Promise<void> {
    const what = `delete Pod ${pod.metadata.name} in StatefulSet ${sts.metadata.name}`;
    try {
      await this.client.pods(pod.metadata.namespace).delete(pod.metadata.name ?? '');
      this.recorder.event(sts, 'Normal', 'SuccessfulDelete', `${what} successful`);
    } catch (error) {
      if (isNotFound(error)) return;
      this.recorder.event(sts, 'Warning', 'FailedDelete', `${what} failed error: ${errorText(error)}`);
      throw error;
    }
  }

  /** Writes status through the status subresource when it changed (see lib/status.ts). */
  private writeStatus(sts: StatefulSet, status: Record<string, unknown>): Promise<void> {
    return writeStatus(this.client.statefulsets(sts.metadata.namespace), sts, status, { merge: true });
  }

  private enqueueOwner(pod: Pod): void {
    const key = resolveControllerRef(pod, 'StatefulSet', this.stsInformer);
    if (key) this.queue.add(key);
  }
}

/** The pod with `ordinal` (newVersionedStatefulSetPod): stable name, hostname and subdomain, identity labels. */
export function podFor(sts: StatefulSet, ordinal: number, revision: string): Pod {
  const { metadata, spec } = getPodFromTemplate(sts.spec.template, sts, newControllerRef(sts, STS_KIND));
  const name = `${sts.metadata.name ?? ''}-${ordinal}`;
  spec.hostname = name;
  if (sts.spec.serviceName) spec.subdomain = sts.spec.serviceName;
  // A fixed name instead of the template's generateName; identity labels as upstream's initIdentity.
  const { generateName: _generated, ...fixed } = metadata;
  const labels = {
    ...fixed.labels,
    [POD_NAME_LABEL]: name,
    [POD_INDEX_LABEL]: String(ordinal),
    [CONTROLLER_REVISION_HASH]: revision,
  };
  return { apiVersion: 'v1', kind: 'Pod', metadata: { ...fixed, name, labels }, spec };
}

/** The ordinal in a pod's name `<set>-<n>`, or undefined if the name is not one of the set's (getOrdinal). */
export function ordinalOf(sts: StatefulSet, pod: Pod): number | undefined {
  const prefix = `${sts.metadata.name ?? ''}-`;
  const name = pod.metadata.name ?? '';
  const rest = name.startsWith(prefix) ? name.slice(prefix.length) : '';
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : undefined;
}

/** The status `pods` give `sts`, in the fields `kubectl get sts` and `rollout status` read. */
export function calculateStatus(sts: StatefulSet, pods: Pod[], revision: string, now: Date): Record<string, unknown> {
  const counted = pods.filter((pod) => !pod.metadata.deletionTimestamp);
  const updated = counted.filter((pod) => pod.metadata.labels?.[CONTROLLER_REVISION_HASH] === revision).length;
  const previous = sts.status?.currentRevision as string | undefined;
  // As upstream: the update is complete when every replica runs the new revision; until then current stays.
  const current =
    !previous || (updated === (sts.spec.replicas ?? 1) && updated === counted.length) ? revision : previous;
  return {
    replicas: counted.length,
    readyReplicas: counted.filter(isPodReady).length,
    availableReplicas: counted.filter((pod) => isPodAvailable(pod, sts.spec.minReadySeconds ?? 0, now)).length,
    currentReplicas: counted.filter((pod) => pod.metadata.labels?.[CONTROLLER_REVISION_HASH] === current).length,
    updatedReplicas: updated,
    currentRevision: current,
    updateRevision: revision,
    observedGeneration: sts.metadata.generation,
    collisionCount: 0,
  };
}

function isFinished(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

function isRunningAndReady(pod: Pod): boolean {
  return pod.status?.phase === 'Running' && isPodReady(pod) && !pod.metadata.deletionTimestamp;
}

function byOrdinalDescending(sts: StatefulSet): (a: Pod, b: Pod) => number {
  return (a, b) => ordinalOf(sts, b)! - ordinalOf(sts, a)!;
}
