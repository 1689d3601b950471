// A shared informer, as client-go's SharedIndexInformer (a Reflector feeding an Indexer): list, then watch from the
// list's resourceVersion, keep every object in memory, and tell handlers what changed. When the server ends a watch
// it resumes from the last version seen (bookmarks included); when that version is compacted away (410 Expired) it
// lists again and delivers the differences as add/update/delete. Controllers read the cache, never the API, for what
// they watch.
import type { KubeObject, Status, WatchEvent } from '../api/meta.js';
import type { Logger } from '../log.js';
import { ApiStatusError, isGone, type WatchStream } from './http.js';
import type { ResourceClient, WatchOptions } from './resource-client.js';

/** The cache key of an object: "namespace/name", or "name" for cluster-scoped objects (MetaNamespaceKeyFunc). */
export function keyOf(object: { metadata: { name?: string; namespace?: string } }): string {
  const { name = '', namespace } = object.metadata;
  return namespace ? `${namespace}/${name}` : name;
}

/** The inverse of keyOf. */
export function splitKey(key: string): { namespace?: string; name: string } {
  const slash = key.indexOf('/');
  return slash < 0 ? { name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

/** The index values of an object (e.g. `[pod.spec.nodeName]`); an empty list leaves it out of the index. */
export type IndexFunc<T> = (object: T) => string[];

/** What a handler hears. Handlers should only enqueue keys: they run inline, one event at a time. */
export interface EventHandlers<T> {
  onAdd?(object: T): void;
  onUpdate?(oldObject: T, newObject: T): void;
  /** The object's last state (from the DELETED event, or the cache when a relist found it gone). */
  onDelete?(object: T): void;
}

export interface InformerOptions<T> {
  labelSelector?: string;
  fieldSelector?: string;
  indexers?: Record<string, IndexFunc<T>>;
  /** How long each watch may last before the server ends it; default a random 5-10 minutes, as reflectors. */
  watchTimeoutSeconds?: number;
  /** Back-off after a failed list or watch: from initialMs doubling to maxMs (client-go: 800 ms to 30 s). */
  backoff?: { initialMs?: number; maxMs?: number };
  pageSize?: number;
  log?: Logger;
  /** Rewrites each object before it is cached (client-go's SetTransform), e.g. stripManagedFields. */
  transform?: (object: T) => T;
}

/**
 * Drops metadata.managedFields, which no controller or scheduler reads: a third of a pod's size in memory
 * (as kube-scheduler and kube-controller-manager do with cache.TransformStripManagedFields).
 */
export function stripManagedFields<T extends KubeObject>(object: T): T {
  if (!object.metadata?.managedFields) return object;
  const { managedFields: _dropped, ...metadata } = object.metadata;
  return { ...object, metadata };
}

/**
 * What waiting for a cache needs of an informer, whatever objects it holds (client-go's cache.InformerSynced): a
 * controller lists its informers as these, since an Informer<Pod> is no Informer<KubeObject> (its index functions
 * take the objects it holds).
 */
export type InformerSynced = Pick<Informer, 'hasSynced' | 'waitForSync'>;

/** Built-in index of every informer: objects by namespace. */
export const NAMESPACE_INDEX = 'namespace';

export class Informer<T extends KubeObject = KubeObject> {
  private readonly items = new Map<string, T>();
  private readonly indexers = new Map<string, IndexFunc<T>>();
  /** index name → value → keys */
  private readonly indices = new Map<string, Map<string, Set<string>>>();
  private readonly handlers = new Set<EventHandlers<T>>();
  private resourceVersion = '';
  private synced = false;
  private syncWaiters: ((synced: boolean) => void)[] = [];
  private started = false;
  private stopped = false;
  private currentWatch: WatchStream<WatchEvent<T>> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly client: ResourceClient<T>,
    private readonly options: InformerOptions<T> = {},
  ) {
    this.addIndexer(NAMESPACE_INDEX, (object) => (object.metadata.namespace ? [object.metadata.namespace] : []));
    for (const [name, index] of Object.entries(options.indexers ?? {})) this.addIndexer(name, index);
  }

  /** Registers handlers; if the cache is already filled they first hear an add for every object in it. */
  addEventHandler(handlers: EventHandlers<T>): () => void {
    this.handlers.add(handlers);
    if (this.synced) for (const object of this.items.values()) this.call(() => handlers.onAdd?.(object));
    return () => this.handlers.delete(handlers);
  }

  /** Adds (or replaces) an index; objects already cached are indexed at once. */
  addIndexer(name: string, index: IndexFunc<T>): void {
    this.indexers.set(name, index);
    this.indices.set(name, new Map());
    for (const [key, object] of this.items) this.indexOne(name, key, object, 'add');
  }

  /** Starts list+watch in the background; a second call does nothing. */
  start(): void {
    if (this.started) return;
    this.started = true;
    void this.run();
  }

  /** Ends the watch and the loop; waitForSync callers still waiting get false. */
  stop(): void {
    this.stopped = true;
    this.currentWatch?.close();
    this.wake?.();
    for (const waiter of this.syncWaiters.splice(0)) waiter(false);
  }

  /** True once the first list is in the cache. */
  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves true once synced, or false if stopped first (cache.WaitForCacheSync). */
  waitForSync(): Promise<boolean> {
    if (this.synced || this.stopped) return Promise.resolve(this.synced);
    return new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  /** The cached object under `key` ("namespace/name" or "name"). */
  get(key: string): T | undefined {
    return this.items.get(key);
  }

  list(): T[] {
    return [...this.items.values()];
  }

  /** Cached objects whose `indexName` values include `value`. */
  byIndex(indexName: string, value: string): T[] {
    const keys = this.indices.get(indexName)?.get(value);
    if (!this.indexers.has(indexName)) throw new Error(`informer: no index "${indexName}"`);
    return [...(keys ?? [])].map((key) => this.items.get(key)!);
  }

  /** The version the cache is at: the last list's, or the last event's or bookmark's since. */
  lastSyncResourceVersion(): string {
    return this.resourceVersion;
  }

  /** As client-go's Reflector.ListAndWatch, run until stopped, backing off after a failed list or watch. */
  private async run(): Promise<void> {
    const initialMs = this.options.backoff?.initialMs ?? 800;
    const maxMs = this.options.backoff?.maxMs ?? 30_000;
    let delay = initialMs;
    while (!this.stopped) {
      try {
        if (!this.resourceVersion) await this.relist();
        if (await this.watchOnce()) {
          delay = initialMs;
          continue;
        }
        await this.sleep(delay);
        delay = Math.min(delay * 2, maxMs);
      } catch (error) {
        if (this.stopped) break;
        if (isGone(error) && this.resourceVersion) {
          // Our version was compacted away: start over from a fresh list.
          this.resourceVersion = '';
          continue;
        }
        this.options.log?.warn('list/watch failed', { resource: this.client.ref.resource, error: String(error) });
        await this.sleep(delay);
        delay = Math.min(delay * 2, maxMs);
      }
    }
  }

  /** Lists everything and makes the cache equal to it, telling handlers the differences (list + Replace). */
  private async relist(): Promise<void> {
    const { labelSelector, fieldSelector, pageSize } = this.options;
    const list = await this.client.listAll({ labelSelector, fieldSelector, limit: pageSize });
    if (this.stopped) return;
    const transform = this.options.transform ?? ((object: T) => object);
    const fresh = new Map(list.items.map((object) => [keyOf(object), transform(object)]));
    for (const [key, old] of this.items) if (!fresh.has(key)) this.remove(key, old);
    for (const [key, object] of fresh) this.put(key, object);
    this.resourceVersion = list.metadata.resourceVersion ?? '';
    if (!this.synced) {
      this.synced = true;
      for (const waiter of this.syncWaiters.splice(0)) waiter(true);
    }
  }

  /** One watch from the current version until the server ends it (Reflector.watch); false if it ended at once. */
  private async watchOnce(): Promise<boolean> {
    const options: WatchOptions = {
      labelSelector: this.options.labelSelector,
      fieldSelector: this.options.fieldSelector,
      resourceVersion: this.resourceVersion,
      allowWatchBookmarks: true,
      timeoutSeconds: this.options.watchTimeoutSeconds ?? Math.floor(300 * (1 + Math.random())),
    };
    const started = Date.now();
    let events = 0;
    const watch = await this.client.watch(options);
    this.currentWatch = watch;
    if (this.stopped) watch.close();
    try {
      for await (const event of watch) {
        events++;
        if (event.type === 'ERROR') throw new ApiStatusError(event.object as unknown as Status);
        const version = event.object.metadata?.resourceVersion;
        if (event.type === 'DELETED') this.remove(keyOf(event.object), event.object);
        else if (event.type !== 'BOOKMARK')
          this.put(keyOf(event.object), this.options.transform?.(event.object) ?? event.object);
        if (version) this.resourceVersion = version;
      }
    } finally {
      this.currentWatch = undefined;
      watch.close();
    }
    // As reflectors: a watch that ends within a second having said nothing is treated as a failure.
    return events > 0 || Date.now() - started >= 1000;
  }

  private put(key: string, object: T): void {
    const old = this.items.get(key);
    if (old && old.metadata.resourceVersion === object.metadata.resourceVersion) return;
    if (old) this.reindex(key, old, 'remove');
    this.items.set(key, object);
    this.reindex(key, object, 'add');
    for (const handlers of this.handlers)
      this.call(() => (old ? handlers.onUpdate?.(old, object) : handlers.onAdd?.(object)));
  }

  private remove(key: string, last: T): void {
    const old = this.items.get(key);
    if (!old) return;
    this.reindex(key, old, 'remove');
    this.items.delete(key);
    for (const handlers of this.handlers) this.call(() => handlers.onDelete?.(last));
  }

  private reindex(key: string, object: T, op: 'add' | 'remove'): void {
    for (const name of this.indexers.keys()) this.indexOne(name, key, object, op);
  }

  private indexOne(name: string, key: string, object: T, op: 'add' | 'remove'): void {
    const index = this.indices.get(name)!;
    for (const value of this.indexers.get(name)!(object)) {
      const keys = index.get(value) ?? new Set<string>();
      if (op === 'add') index.set(value, keys.add(key));
      else if (keys.delete(key) && keys.size === 0) index.delete(value);
    }
  }

  private call(handler: () => void): void {
    try {
      handler();
    } catch (error) {
      this.options.log?.error('informer handler threw', { resource: this.client.ref.resource, error: String(error) });
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
