// The store every API object lives in: a revisioned key-value store in the manner of etcd (and of k3s's kine over
// SQL). Only the API server uses it. Keys look like /registry/<resource>/<namespace>/<name>; values are the
// object's JSON without its resourceVersion, which is the revision of the write that produced it.

/** One stored value and the revision of the write that last changed it (etcd's mod_revision). */
export interface StoredValue {
  key: string;
  value: string;
  revision: number;
}

export interface ListResult {
  items: StoredValue[];
  /** The store revision the list was read at: the list's resourceVersion. */
  revision: number;
  /** More items follow the last one (when a limit was given). */
  more: boolean;
}

export interface ListOptions {
  /** Read as of this revision (must not be below the compacted revision). Default: now. */
  revision?: number;
  /** At most this many items, in key order. */
  limit?: number;
  /** Only keys strictly after this one (pagination). */
  startAfter?: string;
}

export type StoreEventType = 'create' | 'update' | 'delete';

/** A change, in revision order. `delete` carries the value as it was before the delete. */
export interface StoreEvent {
  type: StoreEventType;
  key: string;
  value: string;
  revision: number;
  /** The value before this change (update and delete). */
  prevValue?: string;
}

export interface Watcher {
  /** Stops the watch; no listener call follows. */
  close(): void;
}

export interface WatchOptions {
  /** Replay every change after this revision, then stream new ones. 0 or unset: only new changes. */
  afterRevision?: number;
  /** Called when the watcher fell too far behind and was dropped (kine drops slow watchers). */
  onDropped?: () => void;
}

/** Thrown by create when the key exists. */
export class KeyExistsError extends Error {
  constructor(readonly key: string) {
    super(`key ${key} already exists`);
  }
}

/** Thrown by update/delete when the key is missing. */
export class KeyNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`key ${key} not found`);
  }
}

/** Thrown by update/delete when the key's revision is not the expected one. */
export class RevisionConflictError extends Error {
  constructor(
    readonly key: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`key ${key} is at revision ${actual}, not ${expected}`);
  }
}

/** Thrown by list/watch asked for a revision older than the compacted one (the API answers 410 Gone). */
export class CompactedError extends Error {
  constructor(
    readonly requested: number,
    readonly compacted: number,
  ) {
    super(`revision ${requested} has been compacted (oldest kept: ${compacted})`);
  }
}

/** Thrown by list/compact given a revision newer than the latest write (the API: "Too large resource version"). */
export class FutureRevisionError extends Error {
  constructor(
    readonly requested: number,
    readonly current: number,
  ) {
    super(`revision ${requested} is newer than the current revision ${current}`);
  }
}

export interface Store {
  get(key: string): Promise<StoredValue | null>;
  /** Keys starting with `prefix`, in key order. */
  list(prefix: string, options?: ListOptions): Promise<ListResult>;
  /** Returns the new revision; KeyExistsError when the key exists. */
  create(key: string, value: string): Promise<number>;
  /** Compare-and-swap on the key's revision; returns the new revision. */
  update(key: string, value: string, expectedRevision: number): Promise<number>;
  /** Deletes (leaving a tombstone in the history for watchers); with expectedRevision, only at that revision. */
  delete(key: string, expectedRevision?: number): Promise<{ revision: number; prev: StoredValue }>;
  /** Changes under `prefix`; CompactedError (rejected) when afterRevision is below the compacted revision. */
  watch(prefix: string, listener: (event: StoreEvent) => void, options?: WatchOptions): Promise<Watcher>;
  /** The revision of the latest write. */
  currentRevision(): Promise<number>;
  /**
   * Forgets history before `revision`, as etcd does: the state as of `revision` stays readable, so a list at
   * `revision` or later and a watch after `revision` or later still work; older ones fail with CompactedError.
   * Compacting at or below an earlier compaction is a no-op; above the current revision, FutureRevisionError.
   */
  compact(revision: number): Promise<void>;
  close(): Promise<void>;
}
