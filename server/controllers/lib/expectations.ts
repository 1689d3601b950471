// ControllerExpectations, as upstream's (pkg/controller/controller_utils.go): before a controller creates or deletes
// N objects it records that it expects to see them; informer events count them off; until they have all been seen
// (or 5 minutes have passed) sync() must not act again, or a burst of stale cache reads would create duplicates.
// Deletions are tracked by object key (UIDTrackingControllerExpectations), so one pod seen deleted twice counts once.
import type { Clock } from '../../client/index.js';

/** How long an unmet expectation holds before the controller acts anyway (upstream's ExpectationsTimeout). */
export const EXPECTATIONS_TIMEOUT_MS = 5 * 60 * 1000;

interface Expectation {
  adds: number;
  /** Keys of the objects whose deletion has not been seen yet. */
  deletes: Set<string>;
  timestamp: number;
}

/** Per controller key ("namespace/name" of a ReplicaSet), the creations and deletions not yet observed. */
export class ControllerExpectations {
  private readonly byKey = new Map<string, Expectation>();

  /** `clock` is the controller's: expectations expire by its time. */
  constructor(
    private readonly clock: Pick<Clock, 'now'>,
    private readonly timeoutMs = EXPECTATIONS_TIMEOUT_MS,
  ) {}

  /** True when sync may act: nothing expected, all of it observed, or the expectation has expired. */
  satisfied(key: string): boolean {
    const e = this.byKey.get(key);
    if (!e) return true;
    if (e.adds <= 0 && e.deletes.size === 0) return true;
    return this.clock.now() - e.timestamp > this.timeoutMs;
  }

  /** Records that `count` creations are about to be made (replacing what was expected before). */
  expectCreations(key: string, count: number): void {
    this.byKey.set(key, { adds: count, deletes: new Set(), timestamp: this.clock.now() });
  }

  /** Records that the objects under `objectKeys` are about to be deleted (replacing what was expected before). */
  expectDeletions(key: string, objectKeys: string[]): void {
    this.byKey.set(key, { adds: 0, deletes: new Set(objectKeys), timestamp: this.clock.now() });
  }

  /** An informer saw a creation (or a create call failed, so it will never be seen). */
  creationObserved(key: string): void {
    const e = this.byKey.get(key);
    if (e) e.adds--;
  }

  /** An informer saw `objectKey` deleted or marked for deletion (or the delete call failed). */
  deletionObserved(key: string, objectKey: string): void {
    this.byKey.get(key)?.deletes.delete(objectKey);
  }

  /** Forgets `key`: its owner was deleted. */
  delete(key: string): void {
    this.byKey.delete(key);
  }
}
