// A Clock for unit tests: time moves only when the test says so.
import type { Clock } from '../../server/client/index.js';

/** A clock that moves only when told to: `advance(ms)` fires the timers that fall due, in order. For tests. */
export class FakeClock implements Clock {
  private timers: { at: number; seq: number; fn: () => void }[] = [];
  private seq = 0;

  constructor(private time = 0) {}

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const timer = { at: this.time + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(timer);
    return timer;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((timer) => timer !== handle);
  }

  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const due = this.timers.filter((timer) => timer.at <= until).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.clearTimeout(due);
      this.time = due.at;
      due.fn();
    }
    this.time = until;
  }

  /** Timers not yet fired. */
  pending(): number {
    return this.timers.length;
  }
}
