// The scheduler process's core, as kube-scheduler's scheduler.go: informers keep a cache of nodes and of the pods on
// them; pending pods whose schedulerName has a profile go into the scheduling queue; one loop pops a pod, runs a
// cycle on the cache, assumes the pod onto the chosen node (so the next pod already sees it), and binds it through
// pods/binding in the background. Failures become a FailedScheduling event and PodScheduled=False (outcomes.ts).
import type { Node, Pod } from '../api/types/core.js';
import { Informer, isNotFound, realClock, stripManagedFields, type Client, type Clock } from '../client/index.js';
import { silentLogger, type Logger } from '../log.js';
import { loadCustomPlugins } from './custom-plugins.js';
import { runCycle, type CycleResult } from './cycle.js';
import type { DecisionTrace } from './decision-trace.js';
import { SchedulerCache } from './cache.js';
import { SchedulerListers } from './listers.js';
import { SchedulingOutcomes } from './outcomes.js';
import { PodNominator } from './nominator.js';
import { podKey, type Framework, type NodeInfo } from './framework.js';
import { SchedulingQueue, type QueuedPodInfo } from './queue.js';
import {
  defaultProfile,
  defaultRegistry,
  resolvePlugins,
  type ProfileConfig,
  type Registry,
  type SchedulerHandle,
} from './profile.js';
import { DECISION_ANNOTATION, formatDecision } from './trace-summary.js';
import { WriteLimit } from './write-limit.js';

/** How many pods' latest decision traces stay in memory (the annotation on each pod keeps a summary for good). */
const TRACES_KEPT = 1000;

export interface SchedulerOptions {
  client: Client;
  /** Profiles by schedulerName; one default-scheduler profile when not given. */
  profiles?: ProfileConfig[];
  /** Plugin factories by name; the built-ins when not given (profiles' customPlugins are loaded into it at start). */
  registry?: Registry;
  clock?: Clock;
  /** Breaks ties between equally good nodes; Math.random when not given. */
  random?: () => number;
  log?: Logger;
  /** Back-off of failed pods (1 s doubling to 10 s by default). */
  backoff?: { initialMs?: number; maxMs?: number };
}

/** The scheduler: `new Scheduler({client})`, `await start()`, later `stop()`. */
export class Scheduler {
  readonly queue: SchedulingQueue;
  private readonly frameworks = new Map<string, Framework>();
  private readonly cache = new SchedulerCache();
  private readonly nominator = new PodNominator();
  private readonly traces = new Map<string, DecisionTrace>();
  private readonly outcomes: SchedulingOutcomes;
  private readonly writes = new WriteLimit();
  /** Where the next cycle starts filtering, so cycles take turns over the nodes (as upstream). */
  private nextStartNodeIndex = 0;
  private readonly podInformer: Informer<Pod>;
  private readonly nodeInformer: Informer<Node>;
  private readonly listers: SchedulerListers;
  private readonly clock: Clock;
  private readonly log: Logger;
  private running = false;
  private loop: Promise<void> | undefined;
  private leftoverTimer: unknown;

  constructor(private readonly options: SchedulerOptions) {
    this.clock = options.clock ?? realClock;
    this.log = options.log ?? silentLogger;
    this.outcomes = new SchedulingOutcomes(options.client, this.clock, this.log, this.writes);
    this.queue = new SchedulingQueue({
      clock: this.clock,
      initialBackoffMs: options.backoff?.initialMs,
      maxBackoffMs: options.backoff?.maxMs,
    });
    // Finished pods hold no resources: the scheduler does not watch them (as upstream's field selector).
    const fieldSelector = 'status.phase!=Succeeded,status.phase!=Failed';
    const transform = stripManagedFields;
    this.podInformer = new Informer(options.client.pods(), { fieldSelector, transform, log: this.log });
    this.nodeInformer = new Informer(options.client.nodes(), { transform, log: this.log });
    this.listers = new SchedulerListers(options.client, this.log);
  }

  /**
   * Loads the profiles' custom plugins and builds each profile's plugins (a bad config or plugin file rejects here),
   * starts the informers, waits for their caches, then starts the scheduling loop.
   */
  async start(): Promise<void> {
    const profiles = this.options.profiles ?? [defaultProfile()];
    const loaded = await loadCustomPlugins(profiles, this.options.registry ?? defaultRegistry());
    if (!loaded.ok) throw new Error(loaded.error);
    const handle: SchedulerHandle = {
      preempt: (victim, preemptor, nodeName) => void this.outcomes.preempt(victim, preemptor, nodeName),
      listers: this.listers,
    };
    for (const profile of profiles) {
      const resolved = resolvePlugins(profile, loaded.registry, handle);
      if (!resolved.ok) throw new Error(resolved.error);
      this.frameworks.set(profile.schedulerName, resolved.framework);
    }
    this.nodeInformer.addEventHandler({
      onAdd: (node) => this.onNode(node),
      onUpdate: (_old, node) => this.onNode(node),
      onDelete: (node) => this.cache.removeNode(node.metadata.name ?? ''),
    });
    this.podInformer.addEventHandler({
      onAdd: (pod) => this.onPod(undefined, pod),
      onUpdate: (old, pod) => this.onPod(old, pod),
      onDelete: (pod) => this.onPodDelete(pod),
    });
    this.nodeInformer.start();
    this.podInformer.start();
    this.listers.start();
    await Promise.all([this.nodeInformer.waitForSync(), this.podInformer.waitForSync(), this.listers.waitForSync()]);
    this.running = true;
    this.scheduleLeftoverFlush();
    this.loop = this.run();
  }

  /** Stops the loop and the informers. */
  async stop(): Promise<void> {
    this.running = false;
    this.clock.clearTimeout(this.leftoverTimer);
    this.queue.close();
    this.podInformer.stop();
    this.nodeInformer.stop();
    this.listers.stop();
    await this.loop;
  }

  /** The decision trace of the latest attempt to schedule namespace/name, if this scheduler made one. */
  traceFor(namespace: string, name: string): DecisionTrace | undefined {
    return this.traces.get(`${namespace}/${name}`);
  }

  /** The nodes as the scheduler sees them now (bound and assumed pods included). */
  snapshot(): NodeInfo[] {
    return this.cache.snapshot();
  }

  /** As upstream's Run: scheduleOne for each popped pod, until stopped. */
  private async run(): Promise<void> {
    while (this.running) {
      const info = await this.queue.pop();
      if (!info) break;
      try {
        this.scheduleOne(info, this.queue.schedulingCycle);
      } catch (error) {
        this.log.error('scheduling cycle threw', { pod: info.key, error: String(error) });
        this.queue.addUnschedulableIfNotPresent(info, this.queue.schedulingCycle, true);
      }
      // Let bindings go out and watch events come in between cycles: a full queue pops without ever waiting, and
      // upstream runs the binding cycle on its own goroutine alongside the next scheduling cycle.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /**
   * As upstream's ScheduleOne: the scheduling cycle for one popped pod, then, if it found a node, the binding cycle
   * in the background (the next scheduling cycle does not wait for it).
   */
  private scheduleOne(info: QueuedPodInfo, cycle: number): void {
    const { pod, key } = info;
    const framework = this.frameworks.get(pod.spec.schedulerName ?? 'default-scheduler');
    if (!framework || pod.spec.nodeName || this.cache.has(key)) return this.queue.done(key);
    const result = this.schedulingCycle(info, cycle, framework);
    if (result.ok) void this.bindingCycle(pod, result.nodeName, framework.schedulerName, result.trace);
  }

  /**
   * As upstream's schedulingCycle: runs the cycle (schedulePod, cycle.ts) on a snapshot of the cache, then assumes
   * the pod onto the chosen node (counted there before the API confirms, so the next cycle sees it); or, when no
   * node fits, handleSchedulingFailure.
   */
  private schedulingCycle(info: QueuedPodInfo, cycle: number, framework: Framework): CycleResult {
    const { pod, key } = info;
    const nodes = this.snapshot();
    const result = runCycle(framework, pod, nodes, {
      random: this.options.random,
      startIndex: this.nextStartNodeIndex,
      nominatedPods: (nodeName) => this.nominator.podsOn(nodeName),
    });
    if (result.ok && nodes.length)
      this.nextStartNodeIndex = (this.nextStartNodeIndex + result.evaluated) % nodes.length;
    result.trace.time = new Date(this.clock.now()).toISOString();
    // The latest decisions only: a trace holds every node's results, and 10,000 of them would fill the heap.
    this.traces.delete(key);
    this.traces.set(key, result.trace);
    if (this.traces.size > TRACES_KEPT) this.traces.delete(this.traces.keys().next().value!);
    if (!result.ok) {
      this.handleSchedulingFailure(info, cycle, framework.schedulerName, result);
      return result;
    }
    // as upstream's assume
    const assumed: Pod = { ...pod, spec: { ...pod.spec, nodeName: result.nodeName } };
    this.cache.addPod(assumed);
    this.nominator.delete(key);
    this.queue.done(key);
    return result;
  }

  /** As upstream's handleSchedulingFailure: the pod waits (unschedulable, or backing off after an error), says why. */
  private handleSchedulingFailure(
    info: QueuedPodInfo,
    cycle: number,
    schedulerName: string,
    result: Exclude<CycleResult, { ok: true }>,
  ): void {
    const message =
      'fitError' in result ? result.fitError.message : 'noNodes' in result ? result.noNodes : result.error;
    this.queue.addUnschedulableIfNotPresent(info, cycle, 'error' in result);
    const nominatedNodeName = 'fitError' in result ? result.nominatedNodeName : undefined;
    // Hold the room preemption made at once, before the status write comes back through the informer.
    if (nominatedNodeName) this.nominator.set(info.pod, nominatedNodeName);
    // Upstream's PodScheduled reasons: Unschedulable for a verdict about the pod, SchedulerError otherwise.
    const reason = 'error' in result ? ('SchedulerError' as const) : ('Unschedulable' as const);
    void this.outcomes.failed(info.pod, schedulerName, { reason, message, nominatedNodeName }, result.trace);
  }

  /**
   * As upstream's bindingCycle: pods/binding carrying the decision summary as an annotation (the API server copies
   * it onto the pod), then the Scheduled event; on failure the assumption is forgotten (upstream's ForgetPod).
   */
  private async bindingCycle(pod: Pod, nodeName: string, schedulerName: string, trace: DecisionTrace): Promise<void> {
    const key = podKey(pod);
    const { name, namespace } = pod.metadata;
    const binding = {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name, namespace, annotations: { [DECISION_ANNOTATION]: formatDecision(trace) } },
      target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
    };
    try {
      const pods = this.options.client.typed('pods', namespace);
      await this.writes.run(() => pods.createSubresource(name ?? '', 'binding', binding));
    } catch (error) {
      // Forget the assumption; unless the pod is gone, retry it after a back-off.
      this.cache.removePod(key);
      this.log.warn('binding failed', { pod: key, node: nodeName, error: String(error) });
      const latest = this.podInformer.get(key);
      if (!isNotFound(error) && latest && !latest.spec.nodeName) this.queue.add(latest);
      return;
    }
    this.outcomes.scheduled(pod, nodeName, schedulerName);
  }

  /** As upstream's addNodeToCache and updateNodeInCache: a node change may make room for unschedulable pods. */
  private onNode(node: Node): void {
    this.cache.setNode(node);
    this.queue.moveAllToActiveOrBackoffQueue();
  }

  /**
   * A pod added or changed: a bound one goes into the cache (upstream's addPodToCache / updatePodInCache), a pending
   * one of ours into the queue (addPodToSchedulingQueue / updatePodInSchedulingQueue).
   */
  private onPod(old: Pod | undefined, pod: Pod): void {
    if (pod.spec.nodeName) {
      // Bound: confirm (or correct) the assumption, and the pod leaves the queue.
      this.queue.delete(pod);
      this.nominator.delete(podKey(pod));
      this.cache.addPod(pod);
      return;
    }
    const deleting = Boolean(pod.metadata.deletionTimestamp);
    this.nominator.set(pod, deleting ? undefined : pod.status?.nominatedNodeName);
    if (!this.frameworks.has(pod.spec.schedulerName ?? 'default-scheduler')) return;
    if (deleting) return this.queue.delete(pod);
    if (old) this.queue.update(old, pod);
    else this.queue.add(pod);
  }

  /** As upstream's deletePodFromSchedulingQueue and deletePodFromCache: a deleted pod may have made room. */
  private onPodDelete(pod: Pod): void {
    this.queue.delete(pod);
    this.nominator.delete(podKey(pod));
    if (this.cache.removePod(podKey(pod))) this.queue.moveAllToActiveOrBackoffQueue();
  }

  /** Every 30 s, pods unschedulable for too long are retried (upstream's flushUnschedulablePodsLeftover loop). */
  private scheduleLeftoverFlush(): void {
    this.leftoverTimer = this.clock.setTimeout(() => {
      if (!this.running) return;
      this.queue.flushUnschedulablePodsLeftover();
      this.scheduleLeftoverFlush();
    }, 30_000);
  }
}
