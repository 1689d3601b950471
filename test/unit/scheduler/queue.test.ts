import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../support/fake-clock.js';
import { SchedulingQueue } from '../../../server/scheduler/queue.js';
import { DECISION_ANNOTATION } from '../../../server/scheduler/trace-summary.js';
import { makePod } from './helpers.js';

function newQueue() {
  const clock = new FakeClock(1_000);
  return { clock, queue: new SchedulingQueue({ clock }) };
}

describe('SchedulingQueue', () => {
  it('pops higher priority first, then the oldest', () => {
    const { clock, queue } = newQueue();
    queue.add(makePod('old-low'));
    clock.advance(1);
    queue.add(makePod('high', { priority: 100 }));
    clock.advance(1);
    queue.add(makePod('new-low'));
    expect([queue.tryPop()?.key, queue.tryPop()?.key, queue.tryPop()?.key]).toEqual([
      'default/high',
      'default/old-low',
      'default/new-low',
    ]);
    expect(queue.tryPop()).toBeUndefined();
  });

  it('holds an unschedulable pod until a cluster event, then backs off 1 s', () => {
    const { clock, queue } = newQueue();
    queue.add(makePod('p'));
    const info = queue.tryPop()!;
    queue.addUnschedulableIfNotPresent(info, queue.schedulingCycle);
    expect(queue.counts()).toMatchObject({ active: 0, unschedulable: 1 });
    clock.advance(60_000);
    expect(queue.tryPop()).toBeUndefined();
    queue.moveAllToActiveOrBackoffQueue();
    expect(queue.tryPop()?.key).toBe('default/p');
  });

  it('doubles the back-off per attempt up to 10 s', () => {
    const { clock, queue } = newQueue();
    queue.add(makePod('p'));
    const waits: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      const info = queue.tryPop()!;
      queue.addUnschedulableIfNotPresent(info, queue.schedulingCycle, true);
      let waited = 0;
      // Bounded, so a queue that never reactivates fails the test instead of spinning forever.
      while (!queue.counts().active && waited < 60_000) {
        clock.advance(500);
        waited += 500;
      }
      waits.push(waited);
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('sends a pod to backoff, not unschedulable, when an event came during its attempt', () => {
    const { clock, queue } = newQueue();
    queue.add(makePod('p'));
    const info = queue.tryPop()!;
    const cycle = queue.schedulingCycle;
    queue.moveAllToActiveOrBackoffQueue(); // e.g. a node was added while the cycle ran
    queue.addUnschedulableIfNotPresent(info, cycle);
    expect(queue.counts()).toMatchObject({ backoff: 1, unschedulable: 0 });
    clock.advance(1000);
    expect(queue.tryPop()?.key).toBe('default/p');
  });

  it('retries an unschedulable pod whose spec changed, not one whose status or decision annotation changed', () => {
    const { clock, queue } = newQueue();
    const pod = makePod('p');
    queue.add(pod);
    queue.addUnschedulableIfNotPresent(queue.tryPop()!, queue.schedulingCycle);
    queue.update(pod, { ...pod, status: { phase: 'Pending' } });
    const decided = { ...pod, metadata: { ...pod.metadata, annotations: { [DECISION_ANNOTATION]: '{}' } } };
    queue.update(pod, decided);
    expect(queue.counts().unschedulable).toBe(1);
    queue.update(pod, { ...pod, spec: { ...pod.spec, nodeSelector: { a: 'b' } } });
    clock.advance(1000);
    expect(queue.tryPop()?.pod.spec.nodeSelector).toEqual({ a: 'b' });
  });

  it('forgets a deleted pod everywhere, including one being scheduled', () => {
    const { queue } = newQueue();
    const pod = makePod('p');
    queue.add(pod);
    const info = queue.tryPop()!;
    queue.delete(pod);
    queue.addUnschedulableIfNotPresent(info, queue.schedulingCycle);
    expect(queue.counts()).toEqual({ active: 0, backoff: 0, unschedulable: 0, inFlight: 0 });
  });

  it('retries pods left unschedulable for 5 minutes', () => {
    const { clock, queue } = newQueue();
    queue.add(makePod('p'));
    queue.addUnschedulableIfNotPresent(queue.tryPop()!, queue.schedulingCycle);
    clock.advance(4 * 60_000);
    queue.flushUnschedulablePodsLeftover();
    expect(queue.counts().unschedulable).toBe(1);
    clock.advance(60_000);
    queue.flushUnschedulablePodsLeftover();
    expect(queue.tryPop()?.key).toBe('default/p');
  });

  it('hands a waiting pop() the next pod added, and undefined once closed', async () => {
    const { queue } = newQueue();
    const waiting = queue.pop();
    queue.add(makePod('p'));
    expect((await waiting)?.key).toBe('default/p');
    const closed = queue.pop();
    queue.close();
    expect(await closed).toBeUndefined();
  });
});
