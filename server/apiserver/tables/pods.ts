// `kubectl get pods`: NAME READY STATUS RESTARTS AGE (wide: IP NODE NOMINATED NODE READINESS GATES).
// As upstream's printPod in pkg/printers/internalversion/printers.go.

import type { KubeObject } from '../../api/meta.js';
import { humanDuration, parseTime, translateTimestampSince } from './duration.js';
import { ageColumn, column, nameColumn, NONE } from './format.js';
import type { PrintedRow, TableColumnDefinition, TableRowCondition } from './types.js';

interface ContainerStateLike {
  waiting?: { reason?: string };
  running?: { startedAt?: string };
  terminated?: { exitCode?: number; signal?: number; reason?: string; finishedAt?: string };
}

interface ContainerStatusLike {
  name: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: ContainerStateLike;
  lastState?: ContainerStateLike;
}

/** The parts of a v1 Pod the printer reads. */
export interface PodLike extends KubeObject {
  spec?: {
    nodeName?: string;
    containers?: { name: string }[];
    initContainers?: { name: string; restartPolicy?: string }[];
    readinessGates?: { conditionType: string }[];
  };
  status?: {
    phase?: string;
    reason?: string;
    podIP?: string;
    podIPs?: { ip: string }[];
    nominatedNodeName?: string;
    conditions?: { type: string; status: string; reason?: string }[];
    initContainerStatuses?: ContainerStatusLike[];
    containerStatuses?: ContainerStatusLike[];
  };
}

/** The pod columns, descriptions in our words. */
export const podColumns: TableColumnDefinition[] = [
  nameColumn(),
  column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
  column('Status', 'string', 'The aggregate status of the containers in this pod.'),
  column('Restarts', 'string', 'Container restarts in this pod, and how long ago the last one was.'),
  ageColumn(),
  column('IP', 'string', 'The first IP address allocated to the pod.', 1),
  column('Node', 'string', 'The node the pod is bound to.', 1),
  column('Nominated Node', 'string', 'The node the scheduler nominated for this pod after preemption.', 1),
  column('Readiness Gates', 'string', 'How many extra readiness conditions are true.', 1),
];

/** Set by the node lifecycle controller on pods of an unreachable node (util/node.NodeUnreachablePodReason). */
const NODE_UNREACHABLE_POD_REASON = 'NodeLost';

/** The row condition upstream sets on finished pods, so clients can tell them apart. */
function completedConditions(phase: string | undefined): TableRowCondition[] | undefined {
  if (phase === 'Succeeded') {
    return [{ type: 'Completed', status: 'True', reason: phase, message: 'The pod has completed successfully.' }];
  }
  if (phase === 'Failed') return [{ type: 'Completed', status: 'True', reason: phase, message: 'The pod failed.' }];
  return undefined;
}

const hasCondition = (pod: PodLike, type: string): boolean =>
  (pod.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');

/** A terminated container's reason, else "Signal:N", else "ExitCode:N", after `prefix` ("Init:" for init containers). */
function terminatedReason(terminated: NonNullable<ContainerStateLike['terminated']>, prefix: string): string {
  if (terminated.reason) return prefix + terminated.reason;
  if (terminated.signal) return `${prefix}Signal:${terminated.signal}`;
  return `${prefix}ExitCode:${terminated.exitCode ?? 0}`;
}

/** The READY, STATUS and RESTARTS cells: upstream's printPod reason logic, restart ages measured at `now`. */
export function podStatus(pod: PodLike, now: Date): { ready: string; status: string; restarts: string } {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const phase = status.phase ?? '';
  let reason = status.reason || phase;
  if ((status.conditions ?? []).some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) {
    reason = 'SchedulingGated';
  }

  // Sidecars (init containers with restartPolicy Always) count as containers.
  const sidecars = new Set((spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  const total = (spec.containers ?? []).length + sidecars.size;
  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart: Date | undefined;
  let lastSidecarRestart: Date | undefined;
  const later = (a: Date | undefined, b: Date | undefined) => (b && (!a || a < b) ? b : a);

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (const [i, c] of initStatuses.entries()) {
    const finished = parseTime(c.lastState?.terminated?.finishedAt);
    restarts += c.restartCount ?? 0;
    lastRestart = later(lastRestart, finished);
    const isSidecar = sidecars.has(c.name);
    if (isSidecar) {
      sidecarRestarts += c.restartCount ?? 0;
      lastSidecarRestart = later(lastSidecarRestart, finished);
    }
    const { terminated, waiting } = c.state ?? {};
    if (terminated && (terminated.exitCode ?? 0) === 0) continue;
    if (isSidecar && c.started) {
      if (c.ready) ready++;
      continue;
    }
    if (terminated) reason = terminatedReason(terminated, 'Init:');
    else if (waiting?.reason && waiting.reason !== 'PodInitializing') reason = `Init:${waiting.reason}`;
    else reason = `Init:${i}/${(spec.initContainers ?? []).length}`;
    initializing = true;
    break;
  }

  if (!initializing || hasCondition(pod, 'Initialized')) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i]!;
      restarts += c.restartCount ?? 0;
      lastRestart = later(lastRestart, parseTime(c.lastState?.terminated?.finishedAt));
      const { waiting, terminated, running } = c.state ?? {};
      if (waiting?.reason) reason = waiting.reason;
      else if (terminated) reason = terminatedReason(terminated, '');
      else if (c.ready && running) {
        hasRunning = true;
        ready++;
      }
    }
    // A pod whose last-listed container completed but another still runs is Running (or NotReady).
    if (reason === 'Completed' && hasRunning) reason = hasCondition(pod, 'Ready') ? 'Running' : 'NotReady';
  }

  if (pod.metadata.deletionTimestamp && status.reason === NODE_UNREACHABLE_POD_REASON) reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';

  let restartsCell = String(restarts);
  if (restarts !== 0 && lastRestart) {
    restartsCell = `${restarts} (${humanDuration(now.getTime() - lastRestart.getTime())} ago)`;
  }
  return { ready: `${ready}/${total}`, status: reason, restarts: restartsCell };
}

/** "true/total" of the pod's readiness gates, or "<none>" without any. */
function readinessGates(pod: PodLike): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return NONE;
  const conditions = pod.status?.conditions ?? [];
  const passing = gates.filter((g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True');
  return `${passing.length}/${gates.length}`;
}

/** One pod row, wide cells included. */
export function printPod(object: KubeObject, now: Date): PrintedRow {
  const pod = object as PodLike;
  const { ready, status, restarts } = podStatus(pod, now);
  const ip = pod.status?.podIPs?.[0]?.ip || pod.status?.podIP || NONE;
  const row: PrintedRow = {
    cells: [
      pod.metadata.name ?? '',
      ready,
      status,
      restarts,
      translateTimestampSince(pod.metadata.creationTimestamp, now),
      ip,
      pod.spec?.nodeName || NONE,
      pod.status?.nominatedNodeName || NONE,
      readinessGates(pod),
    ],
  };
  const conditions = completedConditions(pod.status?.phase);
  if (conditions) row.conditions = conditions;
  return row;
}
