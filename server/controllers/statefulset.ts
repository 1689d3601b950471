// The StatefulSet controller, as upstream's pkg/controller/statefulset (stateful_set_control.go): pods with stable
// names `<set>-0` … `<set>-(n-1)`, each with hostname its name and subdomain spec.serviceName. OrderedReady (the
// default) creates them one at a time in order, each only once the one before is Running and Ready, and removes
// them from the highest ordinal down; Parallel creates and removes them all at once. Templates are ControllerRevisions;
// a RollingUpdate replaces pods from the highest ordinal down to the partition, one at a time. Names are fixed, so a
// duplicate create fails with AlreadyExists: no expectations are needed (as upstream). No PersistentVolumeClaims yet.
import { writeStatus } from './lib/status.js';
import { labelSelectorAsSelector } from '../api/labels.js';
import type { KubeObject } from '../api/meta.js';
import type { StatefulSet } from '../api/types/apps.js';
import type { Pod, PodTemplateSpec } from '../api/types/core.js';
import {
  EventRecorder,
  NAMESPACE_INDEX,
  isAlreadyExists,
  isNotFound,
  type Client,
  type Informer,
  type ResourceClient,
  type SharedInformerFactory,
  type WorkQueue,
} from '../client/index.js';
import type { Logger } from '../log.js';
import { podTemplateHash } from './deployment/revisions.js';
import { Controller } from './lib/controller.js';
import { errorText } from './lib/pod-control.js';
import { claimObjects, getControllerOf, newControllerRef, resolveControllerRef } from './lib/owner-refs.js';
import { isPodAvailable, isPodReady } from './lib/pod-utils.js';

const STS_KIND = { apiVersion: 'apps/v1', kind: 'StatefulSet' };
/** The label naming each stateful pod, so a Service can select exactly one. */
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
/** The label holding each stateful pod's ordinal. */
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

export interface StatefulSetControllerOptions {
  client: Client;
  informers: SharedInformerFactory;
  log: Logger;
  /** The clock availability (minReadySeconds) is judged by; tests pass a fixed one. */
  now?: () => Date;
  queue?: WorkQueue<string>;
}

/** Keeps each StatefulSet's ordinal pods, in order; writes statefulsets/status. */
export class StatefulSetController extends Controller {
  readonly name = 'statefulset-controller';
  private readonly client: Client;
  private readonly events: EventRecorder;
  private readonly stsInformer: Informer<StatefulSet>;
  private readonly podInformer: Informer<Pod>;
  private readonly revisionInformer: Informer<ControllerRevision>;
  private readonly now: () => Date;

  constructor(options: StatefulSetControllerOptions) {
    super(options.log, options.queue);
    this.client = options.client;
    this.now = options.now ?? (() => new Date());
    this.events = new EventRecorder(this.client, this.name, options.log, { now: this.now });
    this.stsInformer = options.informers.informerFor('statefulsets');
    this.podInformer = options.informers.informerFor('pods');
    this.revisionInformer = options.informers.informerFor(
      'controllerrevisions',
    ) as unknown as Informer<ControllerRevision>;
    this.stsInformer.addEventHandler({ onAdd: (sts) => this.enqueue(sts), onUpdate: (_, sts) => this.enqueue(sts) });
    this.podInformer.addEventHandler({
      onAdd: (pod) => this.enqueueOwner(pod),
      onUpdate: (_, pod) => this.enqueueOwner(pod),
      onDelete: (pod) => this.enqueueOwner(pod),
    });
  }

  protected informers(): Informer<KubeObject>[] {
    return [this.stsInformer, this.podInformer, this.revisionInformer] as unknown as Informer<KubeObject>[];
  }

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
      this.events.event(sts, 'Normal', 'SuccessfulCreate', `${what} successful`);
    } catch (error) {
      if (isAlreadyExists(error)) return;
      this.events.event(sts, 'Warning', 'FailedCreate', `${what} failed error: ${errorText(error)}`);
      throw error;
    }
  }

  private async deletePod(sts: StatefulSet, pod: Pod): Promise<void> {
    const what = `delete Pod ${pod.metadata.name} in StatefulSet ${sts.metadata.name}`;
    try {
      await this.client.pods(pod.metadata.namespace).delete(pod.metadata.name ?? '');
      this.events.event(sts, 'Normal', 'SuccessfulDelete', `${what} successful`);
    } catch (error) {
      if (isNotFound(error)) return;
      this.events.event(sts, 'Warning', 'FailedDelete', `${what} failed error: ${errorText(error)}`);
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
  const template = sts.spec.template;
  const name = `${sts.metadata.name ?? ''}-${ordinal}`;
  const spec = { ...structuredClone(template.spec), hostname: name };
  if (sts.spec.serviceName) spec.subdomain = sts.spec.serviceName;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: sts.metadata.namespace,
      labels: {
        ...(template.metadata?.labels ?? {}),
        [POD_NAME_LABEL]: name,
        [POD_INDEX_LABEL]: String(ordinal),
        [CONTROLLER_REVISION_HASH]: revision,
      },
      annotations: { ...(template.metadata?.annotations ?? {}) },
      ownerReferences: [newControllerRef(sts, STS_KIND)],
    },
    spec,
  };
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

// ControllerRevisions, shared with the DaemonSet controller (upstream's pkg/controller/history).
/** The label naming a pod's ControllerRevision: the template hash for daemon pods, the revision name for stateful. */
export const CONTROLLER_REVISION_HASH = 'controller-revision-hash';

/** apps/v1 ControllerRevision: an immutable snapshot of a pod template, numbered in the order it was first used. */
export interface ControllerRevision extends KubeObject {
  data?: unknown;
  revision: number;
}

export interface RevisionOptions {
  client: ResourceClient<KubeObject>;
  owner: KubeObject;
  ownerKind: { apiVersion: string; kind: string };
  template: PodTemplateSpec;
  /** ControllerRevisions in the owner's namespace (the owner's own are picked by controllerRef). */
  revisions: ControllerRevision[];
  /** Names of the revisions pods still run: never deleted. */
  inUse: (hash: string, name: string) => boolean;
  /** spec.revisionHistoryLimit: how many unused old revisions to keep. */
  limit: number;
}

/**
 * Records `template` as a ControllerRevision `<owner>-<hash>` numbered one above the newest unless it exists, and
 * deletes the oldest unused ones beyond `limit` (upstream's constructHistory and cleanupHistory). Returns the hash
 * and the revision's name.
 */
export async function syncRevisions(o: RevisionOptions): Promise<{ hash: string; name: string }> {
  const hash = podTemplateHash(o.template);
  const name = `${o.owner.metadata.name ?? ''}-${hash}`;
  const mine = o.revisions
    .filter((cr) => getControllerOf(cr)?.uid === o.owner.metadata.uid)
    .sort((a, b) => a.revision - b.revision);
  if (!mine.some((cr) => cr.metadata.name === name)) {
    const revision: ControllerRevision = {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name,
        namespace: o.owner.metadata.namespace,
        labels: { ...(o.template.metadata?.labels ?? {}), [CONTROLLER_REVISION_HASH]: hash },
        ownerReferences: [newControllerRef(o.owner, o.ownerKind)],
      },
      data: { spec: { template: { ...o.template, $patch: 'replace' } } },
      revision: (mine.at(-1)?.revision ?? 0) + 1,
    };
    await o.client.create(revision).catch((error: unknown) => {
      if (!isAlreadyExists(error)) throw error;
    });
  }
  const unused = mine.filter((cr) => {
    const crHash = cr.metadata.labels?.[CONTROLLER_REVISION_HASH] ?? '';
    return cr.metadata.name !== name && !o.inUse(crHash, cr.metadata.name ?? '');
  });
  for (const cr of unused.slice(0, Math.max(0, unused.length - o.limit)))
    await o.client.delete(cr.metadata.name ?? '').catch((error: unknown) => {
      if (!isNotFound(error)) throw error;
    });
  return { hash, name };
}
