import { describe, expect, it } from 'vitest';
import { ExponentialFailureRateLimiter, WorkQueue } from '../../../server/client/work-queue.js';
import { FakeClock } from '../../support/fake-clock.js';

function queue() {
  const clock = new FakeClock();
  return { clock, queue: new WorkQueue<string>({ clock }) };
}

/** Keys handed out right now, without waiting. */
async function drain(queue: WorkQueue<string>): Promise<string[]> {
  const keys: string[] = [];
  while (queue.len() > 0) keys.push((await queue.get())!);
  return keys;
}

describe('WorkQueue', () => {
  it('hands out keys in the order they were added, each once however often it was added', async () => {
    const { queue: q } = queue();
    for (const key of ['a', 'b', 'a', 'c', 'b']) q.add(key);
    expect(q.len()).toBe(3);
    expect(await drain(q)).toEqual(['a', 'b', 'c']);
  });

  it('does not hand out a key being processed; re-added meanwhile it comes back after done()', async () => {
    const { queue: q } = queue();
    q.add('a');
    const key = await q.get();
    q.add('a');
    expect(q.len()).toBe(0);
    q.done(key!);
    expect(q.len()).toBe(1);
    expect(await q.get()).toBe('a');
  });

  it('does not queue a key again after done() when nobody re-added it', async () => {
    const { queue: q } = queue();
    q.add('a');
    q.done((await q.get())!);
    expect(q.len()).toBe(0);
  });

  it('makes get() wait until a key is added', async () => {
    const { queue: q } = queue();
    let got: string | undefined;
    const waiting = q.get().then((key) => (got = key));
    await Promise.resolve();
    expect(got).toBeUndefined();
    q.add('x');
    await waiting;
    expect(got).toBe('x');
  });

  it('gives workers the keys still queued at shutdown, then undefined, and ignores later adds', async () => {
    const { queue: q } = queue();
    q.add('a');
    const idle = q.get();
    const idle2 = q.get();
    q.shutdown();
    q.add('b');
    expect(await idle).toBe('a');
    expect(await idle2).toBeUndefined();
    expect(await q.get()).toBeUndefined();
  });

  it('adds a key after the delay given to addAfter, keeping the earliest of several delays', async () => {
    const { clock, queue: q } = queue();
    q.addAfter('a', 100);
    q.addAfter('a', 50);
    q.addAfter('a', 200);
    clock.advance(49);
    expect(q.len()).toBe(0);
    clock.advance(1);
    expect(q.len()).toBe(1);
    clock.advance(1000);
    expect(await drain(q)).toEqual(['a']);
    expect(clock.pending()).toBe(0);
  });

  it('cancels delayed adds at shutdown', () => {
    const { clock, queue: q } = queue();
    q.addAfter('a', 10);
    q.shutdown();
    expect(clock.pending()).toBe(0);
    clock.advance(100);
    expect(q.len()).toBe(0);
  });

  it.each([
    { failures: 1, delay: 5 },
    { failures: 2, delay: 10 },
    { failures: 3, delay: 20 },
    { failures: 10, delay: 2560 },
    { failures: 30, delay: 1_000_000 },
  ])('retries a key that failed $failures times after $delay ms', ({ failures, delay }) => {
    const clock = new FakeClock();
    const limiter = new ExponentialFailureRateLimiter<string>();
    for (let i = 1; i < failures; i++) limiter.when('k');
    const q = new WorkQueue<string>({ clock, rateLimiter: limiter });
    q.addRateLimited('k');
    expect(q.numRequeues('k')).toBe(failures);
    clock.advance(delay - 1);
    expect(q.len()).toBe(0);
    clock.advance(1);
    expect(q.len()).toBe(1);
  });

  it('starts the back-off over after forget()', () => {
    const { clock, queue: q } = queue();
    q.addRateLimited('k');
    clock.advance(5);
    q.addRateLimited('k');
    expect(q.numRequeues('k')).toBe(2);
    q.forget('k');
    expect(q.numRequeues('k')).toBe(0);
    q.addRateLimited('k');
    expect(q.numRequeues('k')).toBe(1);
  });

  it('backs off each key on its own', async () => {
    const { clock, queue: q } = queue();
    q.addRateLimited('slow');
    clock.advance(5);
    q.done((await q.get())!);
    q.addRateLimited('slow'); // second failure: 10 ms
    q.addRateLimited('fast'); // first failure: 5 ms
    clock.advance(5);
    expect(await drain(q)).toEqual(['fast']);
    clock.advance(5);
    expect(await drain(q)).toEqual(['slow']);
  });

  it('runs the controller loop: a failing sync is retried after 5, 10, 20 ms, then forgotten on success', async () => {
    const { clock, queue: q } = queue();
    const retriedAfter: number[] = [];
    let failuresLeft = 3;
    q.add('ns/name');
    for (;;) {
      const key = (await q.get())!;
      const failed = failuresLeft-- > 0;
      if (failed) q.addRateLimited(key);
      else q.forget(key);
      q.done(key);
      if (!failed) break;
      const from = clock.now();
      // Bounded, so a key that never comes back fails the test instead of spinning forever.
      while (q.len() === 0 && clock.now() - from < 60_000) clock.advance(1);
      retriedAfter.push(clock.now() - from);
    }
    expect(retriedAfter).toEqual([5, 10, 20]);
    expect(q.numRequeues('ns/name')).toBe(0);
    expect(q.len()).toBe(0);
  });
});
