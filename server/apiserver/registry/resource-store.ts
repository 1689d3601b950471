// One resource's objects in the store, as upstream's generic registry Store: keys, JSON encoding, resourceVersion
// = the store revision of the last write, and the store's typed errors turned into API errors.
import type { KubeObject } from '../../api/meta.js';
import {
  CompactedError,
  KeyExistsError,
  KeyNotFoundError,
  RevisionConflictError,
  type Store,
  type StoredValue,
  type StoreEvent,
  type Watcher,
} from '../../store/store.js';
import type { ResourceInfo } from '../resources.js';
import { errors } from '../status.js';

export interface ListPage {
  items: KubeObject[];
  revision: number;
  /** Key to continue after, when more items follow. */
  continueAfter?: string;
}

export class ResourceStore {
  constructor(
    private readonly store: Store,
    readonly info: ResourceInfo,
  ) {}

  /** `/registry/<resource>/<namespace>/<name>`, or `/registry/<resource>/<name>` for cluster-scoped resources. */
  key(namespace: string | undefined, name: string): string {
    return this.info.namespaced
      ? `/registry/${this.info.resource}/${namespace}/${name}`
      : `/registry/${this.info.resource}/${name}`;
  }

  /** The prefix of every object of this resource, or of those in one namespace. */
  prefix(namespace?: string): string {
    return namespace && this.info.namespaced
      ? `/registry/${this.info.resource}/${namespace}/`
      : `/registry/${this.info.resource}/`;
  }

  async get(namespace: string | undefined, name: string): Promise<KubeObject> {
    const found = await this.store.get(this.key(namespace, name));
    if (!found) throw errors.notFound(this.info.resource, this.info.group, name);
    return decode(found);
  }

  async find(namespace: string | undefined, name: string): Promise<KubeObject | null> {
    const found = await this.store.get(this.key(namespace, name));
    return found ? decode(found) : null;
  }

  async list(
    namespace: string | undefined,
    options: { revision?: number; limit?: number; startAfter?: string } = {},
  ): Promise<ListPage> {
    try {
      const result = await this.store.list(this.prefix(namespace), options);
      const items = result.items.map(decode);
      return { items, revision: result.revision, continueAfter: result.more ? result.items.at(-1)?.key : undefined };
    } catch (error) {
      throw translate(error, this.info, '');
    }
  }

  async create(object: KubeObject): Promise<KubeObject> {
    const name = object.metadata.name!;
    try {
      const revision = await this.store.create(this.key(object.metadata.namespace, name), encode(object));
      return withVersion(object, revision);
    } catch (error) {
      throw translate(error, this.info, name);
    }
  }

  /** Compare-and-swap on `expectedRevision` (the resourceVersion the writer read). */
  async update(object: KubeObject, expectedRevision: number): Promise<KubeObject> {
    const name = object.metadata.name!;
    try {
      const revision = await this.store.update(
        this.key(object.metadata.namespace, name),
        encode(object),
        expectedRevision,
      );
      return withVersion(object, revision);
    } catch (error) {
      throw translate(error, this.info, name);
    }
  }

  /** Removes the object; with `expectedRevision`, only if it is still at that revision. Returns its last state. */
  async delete(namespace: string | undefined, name: string, expectedRevision?: number): Promise<KubeObject> {
    try {
      const { prev } = await this.store.delete(this.key(namespace, name), expectedRevision);
      return decode(prev);
    } catch (error) {
      throw translate(error, this.info, name);
    }
  }

  /**
   * Reads, changes and writes one object, retrying when another writer got there first (upstream's
   * GuaranteedUpdate). `change` may throw an ApiError to refuse; returning an unchanged object skips the write.
   */
  async guaranteedUpdate(
    namespace: string | undefined,
    name: string,
    change: (current: KubeObject) => Promise<KubeObject> | KubeObject,
  ): Promise<KubeObject> {
    for (let attempt = 0; ; attempt++) {
      const current = await this.get(namespace, name);
      const next = await change(structuredClone(current));
      if (JSON.stringify(next) === JSON.stringify(current)) return current;
      try {
        return await this.update(next, Number(current.metadata.resourceVersion));
      } catch (error) {
        const retry = (error as { reason?: string }).reason === 'Conflict' && attempt < 10;
        if (!retry) throw error;
      }
    }
  }

  async watch(
    namespace: string | undefined,
    afterRevision: number,
    listener: (event: StoreEvent) => void,
    onDropped: () => void,
  ): Promise<Watcher> {
    try {
      return await this.store.watch(this.prefix(namespace), listener, { afterRevision, onDropped });
    } catch (error) {
      throw translate(error, this.info, '');
    }
  }

  currentRevision(): Promise<number> {
    return this.store.currentRevision();
  }
}

/** The object a store value holds, with its resourceVersion. */
export function decode(stored: Pick<StoredValue, 'value' | 'revision'>): KubeObject {
  return withVersion(JSON.parse(stored.value) as KubeObject, stored.revision);
}

function encode(object: KubeObject): string {
  const { resourceVersion: _dropped, ...metadata } = object.metadata;
  return JSON.stringify({ ...object, metadata });
}

function withVersion(object: KubeObject, revision: number): KubeObject {
  return { ...object, metadata: { ...object.metadata, resourceVersion: String(revision) } };
}

function translate(error: unknown, info: ResourceInfo, name: string): unknown {
  if (error instanceof KeyExistsError) return errors.alreadyExists(info.resource, info.group, name);
  if (error instanceof KeyNotFoundError) return errors.notFound(info.resource, info.group, name);
  if (error instanceof RevisionConflictError) return errors.staleObject(info.resource, info.group, name);
  if (error instanceof CompactedError) return errors.expired(error.requested, error.compacted);
  return error;
}
