// The Deployment controller, as upstream's pkg/controller/deployment: a Deployment owns ReplicaSets, one per
// template; a rollout scales the new one up and the old ones down (RollingUpdate within maxSurge/maxUnavailable, or
// Recreate), and status tells `kubectl rollout status` how far it got.
import { labelSelectorAsSelector, matchesSelector } from '../../api/labels.js';
import type { Deployment, ReplicaSet } from '../../api/types/apps.js';
import type { Pod } from '../../api/types/core.js';
import { NAMESPACE_INDEX, isNotFound, keyOf, type Informer } from '../../client/index.js';
import { Controller, type ControllerOptions } from '../lib/controller.js';
import { claimObjects, getControllerOf } from '../lib/owner-refs.js';
import {
  DEPLOYMENT_KIND,
  cleanupOldReplicaSets,
  findNewReplicaSet,
  getNewReplicaSet,
  scaleReplicaSet,
} from './replica-sets.js';
import { REVISION } from './revisions.js';
import { maxScaledDown, newRSNewReplicas, resolveFenceposts, scaleDownOld, specReplicas, sum } from './rolling.js';
import {
  calculateStatus,
  currentStatus,
  deploymentComplete,
  getCondition,
  msUntilDeadline,
  newCondition,
  setCondition,
  setProgressing,
  type DeploymentStatus,
} from './status.js';

/** Rolls Deployments out through their ReplicaSets; the ReplicaSet controller makes the pods. */
export class DeploymentController extends Controller {
  private readonly deployments: Informer<Deployment>;
  private readonly replicaSets: Informer<ReplicaSet>;
  private readonly pods: Informer<Pod>;

  constructor(options: ControllerOptions) {
    super('deployment-controller', options);
    this.deployments = options.informers.informerFor('deployments');
    this.replicaSets = options.informers.informerFor('replicasets');
    this.pods = options.informers.informerFor('pods');
    this.deployments.addEventHandler({
      onAdd: (d) => this.enqueue(d),
      onUpdate: (_, d) => this.enqueue(d),
      onDelete: (d) => this.enqueue(d),
    });
    this.replicaSets.addEventHandler({
      onAdd: (rs) => this.enqueueOwner(rs),
      onUpdate: (old, rs) => (this.enqueueOwner(old), this.enqueueOwner(rs)),
      onDelete: (rs) => this.enqueueOwner(rs),
    });
    // Recreate waits for old pods to be gone; their deletion wakes the Deployment.
    this.pods.addEventHandler({ onDelete: (pod) => this.enqueuePodOwner(pod) });
  }

  protected informers() {
    return [this.deployments, this.replicaSets, this.pods];
  }

  /** As upstream's syncDeployment: pause, scale-only sync, or rolloutRolling / rolloutRecreate by strategy. */
  async sync(key: string): Promise<void> {
    const cached = this.deployments.get(key);
    if (!cached) return;
    const parsed = labelSelectorAsSelector(cached.spec.selector ?? {});
    if (!parsed.ok || parsed.selector.length === 0) return this.log.warn('invalid selector', { key });
    const d = structuredClone(cached);
    const namespace = d.metadata.namespace ?? '';
    const rsList = await claimObjects({
      owner: d,
      ownerKind: DEPLOYMENT_KIND,
      selector: parsed.selector,
      client: this.client.replicasets(namespace),
      objects: this.replicaSets.byIndex(NAMESPACE_INDEX, namespace),
    });
    const status = currentStatus(d);
    if (d.metadata.deletionTimestamp) return this.writeStatus(d, status, rsList, findNewReplicaSet(d, rsList), false);
    this.checkPausedCondition(d, status);
    if (d.spec.paused || isScalingEvent(d, rsList)) return this.scaleOnly(d, status, rsList);
    if (d.spec.strategy?.type === 'Recreate') return this.rolloutRecreate(d, status, rsList);
    return this.rolloutRolling(d, status, rsList);
  }

  /** RollingUpdate: scale the new ReplicaSet up within maxSurge, else the old ones down within maxUnavailable. */
  private async rolloutRolling(d: Deployment, status: DeploymentStatus, rsList: ReplicaSet[]): Promise<void> {
    let { newRS, oldRSs } = await this.newAndOld(d, status, rsList, true);
    const rs = newRS!;
    const desired = d.spec.replicas ?? 1;
    const target = specReplicas(rs) > desired ? desired : newRSNewReplicas(d, [...oldRSs, rs], rs);
    if (target !== specReplicas(rs)) {
      newRS = await scaleReplicaSet(this.client, this.recorder, d, rs, target);
      return this.writeStatus(d, status, [...oldRSs, newRS], newRS, true);
    }
    const budget = maxScaledDown(d, [...oldRSs, rs], rs);
    if (budget > 0 && sum(oldRSs.map(specReplicas)) > 0) {
      const targets = scaleDownOld(d, [...oldRSs, rs], oldRSs, budget);
      if (targets.size > 0) {
        oldRSs = await Promise.all(
          oldRSs.map((old) =>
            targets.has(old) ? scaleReplicaSet(this.client, this.recorder, d, old, targets.get(old)!) : old,
          ),
        );
        return this.writeStatus(d, status, [...oldRSs, rs], rs, true);
      }
    }
    return this.finish(d, status, oldRSs, rs);
  }

  /** Recreate: every old pod gone first, then the new ReplicaSet at full size. */
  private async rolloutRecreate(d: Deployment, status: DeploymentStatus, rsList: ReplicaSet[]): Promise<void> {
    let { newRS, oldRSs } = await this.newAndOld(d, status, rsList, false);
    const active = oldRSs.filter((rs) => specReplicas(rs) > 0);
    if (active.length > 0) {
      oldRSs = await Promise.all(oldRSs.map((rs) => scaleReplicaSet(this.client, this.recorder, d, rs, 0)));
      return this.writeStatus(d, status, [...oldRSs, ...(newRS ? [newRS] : [])], newRS, true);
    }
    const oldUids = new Set(oldRSs.map((rs) => rs.metadata.uid));
    const oldPods = this.pods
      .byIndex(NAMESPACE_INDEX, d.metadata.namespace ?? '')
      .filter(
        (pod) =>
          oldUids.has(getControllerOf(pod)?.uid) && pod.status?.phase !== 'Failed' && pod.status?.phase !== 'Succeeded',
      );
    if (oldPods.length > 0) return this.writeStatus(d, status, [...oldRSs, ...(newRS ? [newRS] : [])], newRS, true);
    if (!newRS) ({ newRS, oldRSs } = await this.newAndOld(d, status, rsList, true));
    const rs = await scaleReplicaSet(this.client, this.recorder, d, newRS!, d.spec.replicas ?? 1);
    return this.finish(d, status, oldRSs, rs);
  }

  /** Paused, or only scaled: resize without progressing the rollout (sync / scale in upstream). */
  private async scaleOnly(d: Deployment, status: DeploymentStatus, rsList: ReplicaSet[]): Promise<void> {
    let { newRS, oldRSs } = await this.newAndOld(d, status, rsList, false);
    const desired = d.spec.replicas ?? 1;
    const active = [...oldRSs, ...(newRS ? [newRS] : [])].filter((rs) => specReplicas(rs) > 0);
    const only = active.length === 1 ? active[0] : active.length === 0 ? (newRS ?? oldRSs.at(-1)) : undefined;
    if (only) {
      const scaled = await scaleReplicaSet(this.client, this.recorder, d, only, desired);
      if (only === newRS) newRS = scaled;
      else oldRSs = oldRSs.map((rs) => (rs === only ? scaled : rs));
    } else {
      // Proportional scaling: each active ReplicaSet by its share, the remainder to the newest.
      const allowed = desired + (d.spec.strategy?.type === 'Recreate' ? 0 : resolveFenceposts(d).maxSurge);
      const total = sum(active.map(specReplicas));
      const targets = new Map(active.map((rs) => [rs, Math.floor((specReplicas(rs) * allowed) / total)]));
      const newest = newRS && specReplicas(newRS) > 0 ? newRS : active.at(-1)!;
      targets.set(newest, targets.get(newest)! + allowed - sum([...targets.values()]));
      const scale = (rs: ReplicaSet) =>
        targets.has(rs) ? scaleReplicaSet(this.client, this.recorder, d, rs, targets.get(rs)!) : rs;
      oldRSs = await Promise.all(oldRSs.map(scale));
      if (newRS) newRS = await scale(newRS);
    }
    if (d.spec.paused) await cleanupOldReplicaSets(this.client, d, oldRSs);
    return this.writeStatus(d, status, [...oldRSs, ...(newRS ? [newRS] : [])], newRS, false);
  }

  private async finish(
    d: Deployment,
    status: DeploymentStatus,
    oldRSs: ReplicaSet[],
    newRS: ReplicaSet,
  ): Promise<void> {
    const all = [...oldRSs, newRS];
    if (deploymentComplete(d, calculateStatus(d, status, all, newRS, this.now())))
      await cleanupOldReplicaSets(this.client, d, oldRSs);
    return this.writeStatus(d, status, all, newRS, true);
  }

  /** The new ReplicaSet (found, or created if `create`) and the old ones; syncs the Deployment's revision. */
  private async newAndOld(d: Deployment, status: DeploymentStatus, rsList: ReplicaSet[], create: boolean) {
    const existing = findNewReplicaSet(d, rsList);
    const oldRSs = rsList.filter((rs) => rs !== existing);
    const replicas =
      create && !existing
        ? newRSNewReplicas(d, oldRSs, { ...d, kind: 'ReplicaSet', spec: { ...d.spec, replicas: 0 } })
        : 0;
    const found = await getNewReplicaSet(
      this.client,
      d,
      oldRSs,
      existing,
      create ? { replicas } : undefined,
      status,
      this.recorder,
    );
    if (found.rs && d.spec.progressDeadlineSeconds !== undefined) {
      const name = found.rs.metadata.name ?? '';
      if (found.created)
        setCondition(
          status,
          newCondition('Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set "${name}"`, this.now()),
        );
      else if (!getCondition(status, 'Progressing'))
        setCondition(
          status,
          newCondition('Progressing', 'True', 'FoundNewReplicaSet', `Found new replica set "${name}"`, this.now()),
        );
    }
    if (found.rs && d.metadata.annotations?.[REVISION] !== String(found.revision)) {
      d.metadata.annotations = { ...d.metadata.annotations, [REVISION]: String(found.revision) };
      Object.assign(d, await this.client.deployments(d.metadata.namespace).update(d));
    }
    return { newRS: found.rs, oldRSs };
  }

  /** Progressing=Unknown while paused (DeploymentPaused) and just after resuming (DeploymentResumed). */
  private checkPausedCondition(d: Deployment, status: DeploymentStatus): void {
    if (d.spec.progressDeadlineSeconds === undefined) return;
    const paused = getCondition(status, 'Progressing')?.reason === 'DeploymentPaused';
    if (d.spec.paused && !paused)
      setCondition(
        status,
        newCondition('Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused', this.now()),
      );
    else if (!d.spec.paused && paused)
      setCondition(
        status,
        newCondition('Progressing', 'Unknown', 'DeploymentResumed', 'Deployment is resumed', this.now()),
      );
  }

  /** Writes the status the ReplicaSets give (with Progressing when `rollout`), and requeues for the deadline. */
  private async writeStatus(
    d: Deployment,
    base: DeploymentStatus,
    all: ReplicaSet[],
    newRS: ReplicaSet | undefined,
    rollout: boolean,
  ): Promise<void> {
    const old = currentStatus(d);
    const status = calculateStatus(d, base, all, newRS, this.now());
    if (rollout) setProgressing(d, old, status, newRS, this.now());
    const wait = rollout ? msUntilDeadline(d, status, this.now()) : undefined;
    if (wait !== undefined && !deploymentComplete(d, status)) this.queue.addAfter(keyOf(d), Math.max(wait, 0) + 1);
    if (JSON.stringify(status) === JSON.stringify(old)) return;
    try {
      await this.client.deployments(d.metadata.namespace).updateStatus({ ...d, status: { ...status } });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  private enqueueOwner(rs: ReplicaSet): void {
    const ref = getControllerOf(rs);
    if (ref?.kind === 'Deployment') return this.queue.add(`${rs.metadata.namespace ?? ''}/${ref.name}`);
    if (ref) return;
    for (const d of this.deployments.byIndex(NAMESPACE_INDEX, rs.metadata.namespace ?? '')) {
      const parsed = labelSelectorAsSelector(d.spec.selector ?? {});
      if (parsed.ok && parsed.selector.length > 0 && matchesSelector(parsed.selector, rs.metadata.labels))
        this.enqueue(d);
    }
  }

  private enqueuePodOwner(pod: Pod): void {
    const ref = getControllerOf(pod);
    const rs =
      ref?.kind === 'ReplicaSet' ? this.replicaSets.get(`${pod.metadata.namespace ?? ''}/${ref.name}`) : undefined;
    if (rs && rs.spec.replicas === 0) this.enqueueOwner(rs);
  }
}

/** A ReplicaSet whose desired-replicas annotation differs from the Deployment's replicas: the Deployment was scaled. */
function isScalingEvent(d: Deployment, rsList: ReplicaSet[]): boolean {
  const desired = String(d.spec.replicas ?? 1);
  return rsList
    .filter((rs) => specReplicas(rs) > 0)
    .some((rs) => {
      const annotation = rs.metadata.annotations?.['deployment.kubernetes.io/desired-replicas'];
      return annotation !== undefined && annotation !== desired;
    });
}
