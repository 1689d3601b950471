// The leader's renew loop, as client-go's: a renewal every retry period; failed or unanswered renewals are retried
// until the renew deadline has passed since the last successful one, and only then is leadership given up. Fake
// timers (and Date) drive it, so the deadlines are exact and nothing sleeps.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiStatusError, LeaderElector, type Lease, type ResourceClient } from '../../../server/client/index.js';
import { silentLogger } from '../../../server/log.js';

/** A Lease store in memory whose updates can be made to fail or to hang, as an overloaded API server's would. */
function fakeLeases() {
  let lease: Lease | undefined;
  let version = 0;
  const fake = {
    mode: 'answer' as 'answer' | 'fail' | 'hang',
    updates: 0,
    client: {
      get: async () => {
        if (!lease)
          throw new ApiStatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 404 });
        return structuredClone(lease);
      },
      create: async (object: Lease) => (lease = { ...object, metadata: { ...object.metadata, resourceVersion: '1' } }),
      update: (object: Lease) => {
        if (fake.mode === 'hang') return new Promise<Lease>(() => {});
        if (fake.mode === 'fail')
          return Promise.reject(
            new ApiStatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 500 }),
          );
        fake.updates++;
        lease = { ...object, metadata: { ...object.metadata, resourceVersion: String(++version) } };
        return Promise.resolve(lease);
      },
    } as unknown as ResourceClient<Lease>,
  };
  return fake;
}

/** A leader with client-go's default timing (15 s lease, 10 s renew deadline, 2 s retry), leading until it loses. */
async function leader(fake: ReturnType<typeof fakeLeases>) {
  const elector = new LeaderElector(fake.client, { name: 'kube-scheduler', identity: 'me', log: silentLogger });
  let lost: AbortSignal | undefined;
  const done = elector.run((signal) => {
    lost = signal;
    return new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
  });
  await vi.advanceTimersByTimeAsync(0); // the Lease is created and `lead` called, at time 0
  expect(lost).toBeDefined();
  return { elector, lost: () => lost!.aborted, done };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('LeaderElector renewals', () => {
  it('renews every retry period while the API server answers', async () => {
    const fake = fakeLeases();
    const { elector } = await leader(fake);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(elector.renewCount).toBe(30);
    expect(fake.updates).toBe(30);
    elector.stop();
  });

  it('keeps leading through failed renewals until the renew deadline, then gives up', async () => {
    const fake = fakeLeases();
    const { lost } = await leader(fake);
    fake.mode = 'fail';
    await vi.advanceTimersByTimeAsync(9_999);
    expect(lost()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(lost()).toBe(true);
  });

  it('gives up at the renew deadline when a renewal never answers, instead of waiting for it', async () => {
    const fake = fakeLeases();
    const { lost, done } = await leader(fake);
    fake.mode = 'hang';
    await vi.advanceTimersByTimeAsync(9_999);
    expect(lost()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(lost()).toBe(true);
    await done;
  });

  it('counts the deadline from the last successful renewal, so one success in time keeps the lease', async () => {
    const fake = fakeLeases();
    const { elector, lost } = await leader(fake);
    fake.mode = 'fail';
    await vi.advanceTimersByTimeAsync(7_000); // attempts at 2, 4 and 6 s fail
    fake.mode = 'answer';
    await vi.advanceTimersByTimeAsync(1_000); // the one at 8 s succeeds
    fake.mode = 'fail';
    await vi.advanceTimersByTimeAsync(9_999); // 17.999 s: within 10 s of the renewal at 8 s
    expect(lost()).toBe(false);
    expect(elector.renewCount).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(lost()).toBe(true);
  });
});
