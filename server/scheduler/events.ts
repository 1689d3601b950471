// The scheduler's event recorder: core/v1 Events about pods (Scheduled, FailedScheduling, Preempted), which
// `kubectl describe pod` and `kubectl get events` show.
import type { Pod } from '../api/types/core.js';
import type { Client, Clock } from '../client/index.js';
import type { Logger } from '../log.js';

/** The event's action, as upstream's scheduler names them. */
const ACTIONS: Record<string, string> = {
  Scheduled: 'Binding',
  FailedScheduling: 'Scheduling',
  Preempted: 'Preempting',
};

export class EventRecorder {
  constructor(
    private readonly client: Client,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** Writes an Event about `pod` from `component`; a failure is logged, never thrown (events are best effort). */
  async record(
    pod: Pod,
    component: string,
    type: string,
    reason: string,
    message: string,
    related?: Pod,
  ): Promise<void> {
    const { namespace = 'default', name = '', uid, resourceVersion } = pod.metadata;
    const now = new Date(this.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z');
    const suffix = (this.clock.now() * 1e6 + Math.floor(Math.random() * 1e6)).toString(16);
    try {
      await this.client.events(namespace).create({
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: `${name}.${suffix}`, namespace },
        involvedObject: { apiVersion: 'v1', kind: 'Pod', namespace, name, uid, resourceVersion },
        reason,
        message,
        type,
        source: { component },
        reportingComponent: component,
        reportingInstance: component,
        action: ACTIONS[reason] ?? 'Scheduling',
        ...(related && {
          related: {
            apiVersion: 'v1',
            kind: 'Pod',
            namespace: related.metadata.namespace,
            name: related.metadata.name,
            uid: related.metadata.uid,
          },
        }),
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
      });
    } catch (error) {
      this.log.warn('recording event failed', { pod: `${namespace}/${name}`, reason, error: String(error) });
    }
  }
}
