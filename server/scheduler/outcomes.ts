// What the scheduler writes about pods besides their binding, as upstream's schedule_one.go and preemption executor:
// the Scheduled, FailedScheduling and Preempted events, the PodScheduled=False condition with nominatedNodeName,
// the decision annotation of a pod that fits nowhere, and the graceful deletion of preemption victims.
import type { Pod } from '../api/types/core.js';
import { rfc3339 } from '../api/time.js';
import { EventRecorder, isNotFound, type Client, type Clock } from '../client/index.js';
import type { Logger } from '../log.js';
import type { DecisionTrace } from './decision-trace.js';
import { podKey } from './node-info.js';
import { DECISION_ANNOTATION, formatDecision, sameDecision } from './trace-summary.js';
import type { WriteLimit } from './write-limit.js';

/** Why a pod was not placed: the PodScheduled condition's reason and message, and a node preemption freed. */
export interface Failure {
  reason: 'Unschedulable' | 'SchedulerError';
  message: string;
  nominatedNodeName?: string;
}

export class SchedulingOutcomes {
  /** One recorder per profile (the Event's source is the profile's schedulerName, as upstream). */
  private readonly recorders = new Map<string, EventRecorder>();

  constructor(
    private readonly client: Client,
    private readonly clock: Clock,
    private readonly log: Logger,
    /** Shared with the bindings: at most so many of the scheduler's writes at once. */
    private readonly writes: WriteLimit,
  ) {}

  /** The Scheduled event, once the binding went through. */
  scheduled(pod: Pod, nodeName: string, schedulerName: string): void {
    const message = `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${nodeName}`;
    this.recorder(schedulerName).event(pod, 'Normal', 'Scheduled', message, { action: 'Binding' });
  }

  /**
   * FailedScheduling event, PodScheduled=False (and status.nominatedNodeName when preemption made room), then the
   * decision summary annotation, patched only when it says something new.
   */
  async failed(pod: Pod, schedulerName: string, failure: Failure, trace: DecisionTrace): Promise<void> {
    const { reason, message, nominatedNodeName } = failure;
    this.recorder(schedulerName).event(pod, 'Warning', 'FailedScheduling', message, { action: 'Scheduling' });
    const condition = {
      type: 'PodScheduled',
      status: 'False',
      reason,
      message,
      lastProbeTime: null,
      lastTransitionTime: rfc3339(this.clock.now()),
    };
    const pods = this.client.pods(pod.metadata.namespace);
    const name = pod.metadata.name ?? '';
    try {
      const status = { conditions: [condition], nominatedNodeName };
      await this.writes.run(() =>
        pods.patch(name, { type: 'strategic', patch: { status } }, { subresource: 'status' }),
      );
      const decision = formatDecision(trace);
      const previous = pod.metadata.annotations?.[DECISION_ANNOTATION];
      if (previous && sameDecision(previous, decision)) return;
      const patch = { metadata: { annotations: { [DECISION_ANNOTATION]: decision } } };
      await this.writes.run(() => pods.patch(name, { type: 'merge', patch }));
    } catch (error) {
      if (!isNotFound(error)) this.log.warn('updating pod status failed', { pod: podKey(pod), error: String(error) });
    }
  }

  /** Preemption's eviction (upstream's PreemptPod): a graceful delete of the victim and a Preempted event on it. */
  async preempt(victim: Pod, preemptor: Pod, nodeName: string): Promise<void> {
    const { namespace, name = '' } = victim.metadata;
    try {
      const gracePeriodSeconds = victim.spec.terminationGracePeriodSeconds;
      const options = gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds };
      await this.writes.run(() => this.client.pods(namespace).delete(name, options));
    } catch (error) {
      if (!isNotFound(error)) this.log.warn('preempting pod failed', { pod: podKey(victim), error: String(error) });
      return;
    }
    const message = `Preempted by pod ${preemptor.metadata.uid ?? ''} on node ${nodeName}`;
    const recorder = this.recorder(preemptor.spec.schedulerName ?? 'default-scheduler');
    recorder.event(victim, 'Normal', 'Preempted', message, { action: 'Preempting', related: preemptor });
  }

  private recorder(schedulerName: string): EventRecorder {
    let recorder = this.recorders.get(schedulerName);
    if (!recorder) {
      const now = () => new Date(this.clock.now());
      recorder = new EventRecorder(this.client, schedulerName, this.log, { now });
      this.recorders.set(schedulerName, recorder);
    }
    return recorder;
  }
}
