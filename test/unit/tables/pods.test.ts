import { describe, expect, it } from 'vitest';
import { podColumns, type PodLike, podStatus, printPod } from '../../../server/apiserver/tables/pods.js';

const now = new Date('2024-05-01T12:00:00Z');
const minutesAgo = (n: number) => new Date(now.getTime() - n * 60_000).toISOString();

type Status = NonNullable<PodLike['status']>;
type Spec = NonNullable<PodLike['spec']>;

function pod(status: Status, spec: Partial<Spec> = {}, meta: Partial<PodLike['metadata']> = {}): PodLike {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-1', namespace: 'default', creationTimestamp: minutesAgo(10), ...meta },
    spec: { containers: [{ name: 'app' }], ...spec },
    status,
  };
}

const running = { running: { startedAt: minutesAgo(9) } };
const waiting = (reason: string) => ({ waiting: { reason } });
const terminated = (exitCode: number, reason?: string, signal?: number) => ({
  terminated: { exitCode, reason, signal, finishedAt: minutesAgo(1) },
});
const app = (state: object, ready = false, restartCount = 0, lastState: object = {}) => ({
  name: 'app',
  ready,
  restartCount,
  state,
  lastState,
});
const init = (name: string, state: object, restartCount = 0, lastState: object = {}) => ({
  name,
  ready: false,
  restartCount,
  state,
  lastState,
});
const oneInit = { initContainers: [{ name: 'setup' }] };
const twoInits = { initContainers: [{ name: 'setup' }, { name: 'migrate' }] };

describe('podStatus', () => {
  it.each([
    { why: 'a pod not yet scheduled is Pending', pod: pod({ phase: 'Pending' }), ready: '0/1', status: 'Pending' },
    {
      why: 'a gated pod is SchedulingGated',
      pod: pod({
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }],
      }),
      ready: '0/1',
      status: 'SchedulingGated',
    },
    {
      why: 'a container being created shows its waiting reason',
      pod: pod({ phase: 'Pending', containerStatuses: [app(waiting('ContainerCreating'))] }),
      ready: '0/1',
      status: 'ContainerCreating',
    },
    {
      why: 'a running ready container is Running 1/1',
      pod: pod({ phase: 'Running', containerStatuses: [app(running, true)] }),
      ready: '1/1',
      status: 'Running',
    },
    {
      why: 'a running container that is not ready does not count as ready',
      pod: pod({ phase: 'Running', containerStatuses: [app(running, false)] }),
      ready: '0/1',
      status: 'Running',
    },
    {
      why: 'READY counts ready containers out of all of them',
      pod: pod(
        { phase: 'Running', containerStatuses: [app(running, true), { ...app(running, false), name: 'side' }] },
        { containers: [{ name: 'app' }, { name: 'side' }] },
      ),
      ready: '1/2',
      status: 'Running',
    },
    {
      why: 'a finished container shows Completed',
      pod: pod({ phase: 'Succeeded', containerStatuses: [app(terminated(0, 'Completed'))] }),
      ready: '0/1',
      status: 'Completed',
    },
    {
      why: 'a failed container shows Error',
      pod: pod({ phase: 'Failed', containerStatuses: [app(terminated(1, 'Error'))] }),
      ready: '0/1',
      status: 'Error',
    },
    {
      why: 'a terminated container without reason shows its exit code',
      pod: pod({ phase: 'Failed', containerStatuses: [app(terminated(137))] }),
      ready: '0/1',
      status: 'ExitCode:137',
    },
    {
      why: 'a terminated container without reason shows its signal',
      pod: pod({ phase: 'Failed', containerStatuses: [app(terminated(0, undefined, 9))] }),
      ready: '0/1',
      status: 'Signal:9',
    },
    {
      why: 'a crashing container shows CrashLoopBackOff',
      pod: pod({ phase: 'Running', containerStatuses: [app(waiting('CrashLoopBackOff'), false, 5)] }),
      ready: '0/1',
      status: 'CrashLoopBackOff',
    },
    {
      why: 'the pod reason wins over the phase (Evicted)',
      pod: pod({ phase: 'Failed', reason: 'Evicted' }),
      ready: '0/1',
      status: 'Evicted',
    },
    {
      why: 'a running init container shows Init:0/1',
      pod: pod({ phase: 'Pending', initContainerStatuses: [init('setup', running)] }, oneInit),
      ready: '0/1',
      status: 'Init:0/1',
    },
    {
      why: 'an init container waiting in PodInitializing still counts as Init:0/1',
      pod: pod({ phase: 'Pending', initContainerStatuses: [init('setup', waiting('PodInitializing'))] }, oneInit),
      ready: '0/1',
      status: 'Init:0/1',
    },
    {
      why: 'the second of two init containers running shows Init:1/2',
      pod: pod(
        {
          phase: 'Pending',
          initContainerStatuses: [init('setup', terminated(0, 'Completed')), init('migrate', running)],
        },
        twoInits,
      ),
      ready: '0/1',
      status: 'Init:1/2',
    },
    {
      why: 'a failed init container shows Init:Error',
      pod: pod({ phase: 'Pending', initContainerStatuses: [init('setup', terminated(1, 'Error'))] }, oneInit),
      ready: '0/1',
      status: 'Init:Error',
    },
    {
      why: 'a failed init container without reason shows Init:ExitCode',
      pod: pod({ phase: 'Pending', initContainerStatuses: [init('setup', terminated(2))] }, oneInit),
      ready: '0/1',
      status: 'Init:ExitCode:2',
    },
    {
      why: 'a crashing init container shows Init:CrashLoopBackOff',
      pod: pod({ phase: 'Pending', initContainerStatuses: [init('setup', waiting('CrashLoopBackOff'))] }, oneInit),
      ready: '0/1',
      status: 'Init:CrashLoopBackOff',
    },
    {
      why: 'after init, a container waiting in PodInitializing shows PodInitializing',
      pod: pod(
        {
          phase: 'Pending',
          initContainerStatuses: [init('setup', terminated(0, 'Completed'))],
          containerStatuses: [app(waiting('PodInitializing'))],
        },
        oneInit,
      ),
      ready: '0/1',
      status: 'PodInitializing',
    },
    {
      why: 'a started sidecar counts as a ready container',
      pod: pod(
        {
          phase: 'Running',
          initContainerStatuses: [{ ...init('proxy', running), started: true, ready: true }],
          containerStatuses: [app(running, true)],
          conditions: [{ type: 'Initialized', status: 'True' }],
        },
        { initContainers: [{ name: 'proxy', restartPolicy: 'Always' }] },
      ),
      ready: '2/2',
      status: 'Running',
    },
    {
      why: 'a completed container beside a running one reads Running when the pod is Ready',
      pod: pod(
        {
          phase: 'Running',
          containerStatuses: [app(terminated(0, 'Completed')), { ...app(running, true), name: 'side' }],
          conditions: [{ type: 'Ready', status: 'True' }],
        },
        { containers: [{ name: 'app' }, { name: 'side' }] },
      ),
      ready: '1/2',
      status: 'Running',
    },
    {
      why: 'a completed container beside a running one reads NotReady when the pod is not Ready',
      pod: pod(
        {
          phase: 'Running',
          containerStatuses: [app(terminated(0, 'Completed')), { ...app(running, true), name: 'side' }],
        },
        { containers: [{ name: 'app' }, { name: 'side' }] },
      ),
      ready: '1/2',
      status: 'NotReady',
    },
    {
      why: 'a pod being deleted is Terminating',
      pod: pod({ phase: 'Running', containerStatuses: [app(running, true)] }, {}, { deletionTimestamp: minutesAgo(0) }),
      ready: '1/1',
      status: 'Terminating',
    },
    {
      why: 'a finished pod being deleted keeps its status',
      pod: pod(
        { phase: 'Succeeded', containerStatuses: [app(terminated(0, 'Completed'))] },
        {},
        { deletionTimestamp: minutesAgo(0) },
      ),
      ready: '0/1',
      status: 'Completed',
    },
    {
      why: 'a pod of an unreachable node being deleted is Unknown',
      pod: pod({ phase: 'Running', reason: 'NodeLost' }, {}, { deletionTimestamp: minutesAgo(0) }),
      ready: '0/1',
      status: 'Unknown',
    },
  ])('$why', ({ pod, ready, status }) => {
    const got = podStatus(pod, now);
    expect({ ready: got.ready, status: got.status }).toEqual({ ready, status });
  });

  it.each([
    { why: 'no restarts read 0', status: { containerStatuses: [app(running, true)] }, want: '0' },
    {
      why: 'restarts with a last termination say how long ago',
      status: {
        containerStatuses: [
          app(waiting('CrashLoopBackOff'), false, 5, { terminated: { exitCode: 1, finishedAt: minutesAgo(5) } }),
        ],
      },
      want: '5 (5m ago)',
    },
    {
      why: 'restarts without a last termination are just a count',
      status: { containerStatuses: [app(running, true, 3)] },
      want: '3',
    },
    {
      why: 'restarts of a blocking init container count while initialising',
      status: {
        initContainerStatuses: [
          init('setup', waiting('CrashLoopBackOff'), 4, { terminated: { exitCode: 1, finishedAt: minutesAgo(2) } }),
        ],
        containerStatuses: [app(waiting('PodInitializing'))],
      },
      want: '4 (2m ago)',
    },
    {
      why: 'the most recent termination across containers is the one shown',
      status: {
        containerStatuses: [
          app(running, true, 1, { terminated: { exitCode: 1, finishedAt: minutesAgo(30) } }),
          { ...app(running, true, 2, { terminated: { exitCode: 1, finishedAt: minutesAgo(3) } }), name: 'side' },
        ],
      },
      want: '3 (3m ago)',
    },
  ])('$why', ({ status, want }) => {
    const spec = { containers: [{ name: 'app' }, { name: 'side' }], ...oneInit };
    expect(podStatus(pod({ phase: 'Running', ...status }, spec), now).restarts).toBe(want);
  });
});

describe('printPod', () => {
  it('has the columns kubectl shows, wide ones at priority 1', () => {
    expect(podColumns.map((c) => [c.name, c.priority])).toEqual([
      ['Name', 0],
      ['Ready', 0],
      ['Status', 0],
      ['Restarts', 0],
      ['Age', 0],
      ['IP', 1],
      ['Node', 1],
      ['Nominated Node', 1],
      ['Readiness Gates', 1],
    ]);
    expect(podColumns[0]?.format).toBe('name');
  });

  it('fills the wide cells with <none> when unset', () => {
    expect(printPod(pod({ phase: 'Pending' }), now).cells).toEqual([
      'web-1',
      '0/1',
      'Pending',
      '0',
      '10m',
      '<none>',
      '<none>',
      '<none>',
      '<none>',
    ]);
  });

  it('shows the first pod IP, the node, the nominated node and passing readiness gates', () => {
    const p = pod(
      {
        phase: 'Running',
        podIPs: [{ ip: '10.244.1.5' }, { ip: 'fd00::5' }],
        nominatedNodeName: 'node-2',
        conditions: [
          { type: 'example.com/lb', status: 'True' },
          { type: 'example.com/dns', status: 'False' },
        ],
      },
      {
        nodeName: 'node-1',
        readinessGates: [{ conditionType: 'example.com/lb' }, { conditionType: 'example.com/dns' }],
      },
    );
    expect(printPod(p, now).cells.slice(5)).toEqual(['10.244.1.5', 'node-1', 'node-2', '1/2']);
  });

  it.each([
    { phase: 'Succeeded', reason: 'Succeeded' },
    { phase: 'Failed', reason: 'Failed' },
  ])('marks a $phase pod with a Completed row condition', ({ phase, reason }) => {
    expect(printPod(pod({ phase }), now).conditions).toEqual([expect.objectContaining({ type: 'Completed', reason })]);
  });

  it('gives a running pod no row conditions', () => {
    expect(printPod(pod({ phase: 'Running' }), now).conditions).toBeUndefined();
  });
});
