// Time and timers as components see them: the real clock in the processes, a fake one in unit tests
// (test/support/fake-clock.ts), so back-offs and delays are tested without sleeping.
/** Time and timers, injected so unit tests can move time by hand. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
