// A fake of the parts of server/client that controllers use, as client-go's fake clientset + informer stores:
// typed resource clients that keep objects in memory and record every action, and informers fed either by those
// writes (the default: what a watch would deliver) or by hand (`informing = false`, then `informer.add(...)`).
// Hand the controller `fake.client` and `fake.factory`; assert on `fake.actions`.
import type { KubeList, KubeObject, Status } from '../../server/api/meta.js';
import { applyJsonPatch, parseJsonPatch } from '../../server/apiserver/patch/json-patch.js';
import { applyMergePatch } from '../../server/apiserver/patch/merge-patch.js';
import type { JsonValue } from '../../server/apiserver/patch/json-value.js';
import { parseSelector, matchesSelector } from '../../server/api/labels.js';
import {
  ApiStatusError,
  COMMON_RESOURCES,
  NAMESPACE_INDEX,
  keyOf,
  type Client,
  type CommonResource,
  type CommonTypes,
  type DeleteOptions,
  type EventHandlers,
  type IndexFunc,
  type Informer,
  type ListOptions,
  type Patch,
  type ResourceRef,
  type SharedInformerFactory,
} from '../../server/client/index.js';

/** One recorded call, as client-go's testing.Action. */
export interface Action {
  verb: 'get' | 'list' | 'create' | 'update' | 'patch' | 'delete';
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  body?: unknown;
}

/** A core/v1 Event as a recorder wrote it. */
export interface RecordedEvent {
  reason: string;
  message: string;
  type: string;
  source: { component: string };
  involvedObject: { kind: string; name: string };
}

/** Runs before an action is applied; return an Error to fail it (e.g. a Conflict), undefined to go on. */
export type Reactor = (action: Action) => Error | undefined;

/** A Kubernetes error as the API would answer it. */
export function statusError(code: number, reason: string, message: string): ApiStatusError {
  const status: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, reason, message };
  return new ApiStatusError(status);
}

const clone = <T>(value: T): T => structuredClone(value);

/** The in-memory cluster: objects by resource, the actions made on them, and the informers that watch them. */
export class FakeClient {
  readonly actions: Action[] = [];
  readonly reactors: Reactor[] = [];
  /** When true (default) every write is delivered to the informer of its resource, as a watch would. */
  informing = true;
  /** What creationTimestamp and similar read; tests may move it. */
  now: () => Date = () => new Date('2024-01-01T00:00:00Z');
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private readonly informerMap = new Map<string, FakeInformer<KubeObject>>();
  private version = 0;
  private names = 0;

  /** This fake seen as a Client (only the resource verbs are real). */
  readonly client: Client;
  /** This fake's informers seen as a SharedInformerFactory. */
  readonly factory: SharedInformerFactory;

  constructor() {
    const shortcuts = Object.fromEntries(
      Object.keys(COMMON_RESOURCES).map((name) => [name, (ns?: string) => this.typed(name as CommonResource, ns)]),
    );
    const client = { resource: this.resource.bind(this), typed: this.typed.bind(this), ...shortcuts };
    this.client = client as unknown as Client;
    const factory = {
      forResource: (ref: ResourceRef) => this.informer(ref.resource),
      informerFor: (name: CommonResource) => this.informer(name),
      start: () => undefined,
      stop: () => undefined,
      waitForSync: () => Promise.resolve(true),
    };
    this.factory = factory as unknown as SharedInformerFactory;
  }

  resource<T extends KubeObject = KubeObject>(ref: ResourceRef, namespace?: string): FakeResourceClient<T> {
    return new FakeResourceClient<T>(this, ref, namespace);
  }

  typed<K extends CommonResource>(name: K, namespace?: string): FakeResourceClient<CommonTypes[K]> {
    return this.resource<CommonTypes[K]>(COMMON_RESOURCES[name], namespace);
  }

  /** The fake informer of a resource by plural name (shared, as the factory's). */
  informer<T extends KubeObject = KubeObject>(resource: string): FakeInformer<T> {
    let informer = this.informerMap.get(resource);
    if (!informer) {
      informer = new FakeInformer<KubeObject>();
      for (const object of this.store(resource).values()) informer.add(object);
      this.informerMap.set(resource, informer);
    }
    return informer as unknown as FakeInformer<T>;
  }

  /** Puts objects in the cluster (and its informers) without recording actions: a test's starting state. */
  seed<T extends KubeObject>(resource: string, ...objects: T[]): T[] {
    return objects.map((object) => this.put(resource, this.stamp(clone(object)), true));
  }

  /** A stored object, or undefined. */
  find<T extends KubeObject = KubeObject>(resource: string, key: string): T | undefined {
    return this.store(resource).get(key) as T | undefined;
  }

  /** Every stored object of a resource. */
  list<T extends KubeObject = KubeObject>(resource: string): T[] {
    return [...this.store(resource).values()] as T[];
  }

  /** Recorded actions other than reads, of one resource, or of all but events (they are written in the background). */
  writes(resource?: string): Action[] {
    const of = (a: Action) => (resource ? a.resource === resource : a.resource !== 'events');
    return this.actions.filter((a) => a.verb !== 'get' && a.verb !== 'list' && of(a));
  }

  /**
   * The events recorded about `object` ("Kind/name"), oldest first. Recorders write in the background: await a
   * turn of the event loop (or poll) before reading.
   */
  events(object: string): RecordedEvent[] {
    return this.list('events')
      .map((event) => event as unknown as RecordedEvent)
      .filter((event) => `${event.involvedObject.kind}/${event.involvedObject.name}` === object);
  }

  clearActions(): void {
    this.actions.length = 0;
  }

  /** Records `action` and runs the reactors; throws what a reactor returns. */
  record(action: Action): void {
    this.actions.push(action);
    for (const reactor of this.reactors) {
      const error = reactor(action);
      if (error) throw error;
    }
  }

  store(resource: string): Map<string, KubeObject> {
    let store = this.objects.get(resource);
    if (!store) this.objects.set(resource, (store = new Map()));
    return store;
  }

  /** Fills what the API server would: name from generateName, uid, resourceVersion, creationTimestamp, generation. */
  stamp<T extends KubeObject>(object: T): T {
    const meta = object.metadata;
    if (!meta.name && meta.generateName)
      meta.name = `${meta.generateName}${(++this.names).toString(36).padStart(5, 'x')}`;
    meta.uid ??= `uid-${meta.name ?? ''}-${++this.names}`;
    meta.creationTimestamp ??= this.now().toISOString();
    if ('spec' in object && object.kind !== 'Pod') meta.generation ??= 1;
    meta.resourceVersion = String(++this.version);
    return object;
  }

  /** Stores `object` and tells the informer, as a watch event would. */
  put<T extends KubeObject>(resource: string, object: T, inform = this.informing): T {
    object.metadata.resourceVersion = String(++this.version);
    const store = this.store(resource);
    const existed = store.has(keyOf(object));
    store.set(keyOf(object), object);
    const informer = this.informerMap.get(resource);
    if (inform && informer) {
      if (existed) informer.update(clone(object));
      else informer.add(clone(object));
    }
    return clone(object);
  }

  remove(resource: string, key: string, inform = this.informing): KubeObject | undefined {
    const store = this.store(resource);
    const object = store.get(key);
    if (!object) return undefined;
    store.delete(key);
    if (inform) this.informerMap.get(resource)?.delete(object);
    return object;
  }
}

/** The verbs of ResourceClient over the fake's memory. */
export class FakeResourceClient<T extends KubeObject = KubeObject> {
  constructor(
    private readonly fake: FakeClient,
    readonly ref: ResourceRef,
    readonly namespace?: string,
  ) {}

  inNamespace(namespace: string | undefined): FakeResourceClient<T> {
    return new FakeResourceClient<T>(this.fake, this.ref, namespace);
  }

  get(name: string): Promise<T> {
    return this.run({ verb: 'get', name }, () => clone(this.existing(name)));
  }

  list(options: ListOptions = {}): Promise<KubeList<T>> {
    return this.run({ verb: 'list' }, () => {
      const parsed = options.labelSelector ? parseSelector(options.labelSelector) : undefined;
      if (parsed && !parsed.ok) throw statusError(400, 'BadRequest', parsed.error);
      const items = [...this.fake.store(this.ref.resource).values()].filter(
        (o) =>
          (!this.namespace || o.metadata.namespace === this.namespace) &&
          (!parsed?.ok || matchesSelector(parsed.selector, o.metadata.labels)),
      );
      return { apiVersion: 'v1', kind: 'List', metadata: {}, items: clone(items) as T[] };
    });
  }

  listAll(options: ListOptions = {}): Promise<KubeList<T>> {
    return this.list(options);
  }

  create(object: T): Promise<T> {
    const namespace = object.metadata.namespace ?? this.namespace;
    return this.run({ verb: 'create', namespace, body: clone(object) }, () => {
      const fresh = this.fake.stamp(clone({ ...object, metadata: { ...object.metadata, namespace } }));
      fresh.apiVersion ??= this.ref.group ? `${this.ref.group}/${this.ref.version}` : this.ref.version;
      fresh.kind ??= this.ref.kind ?? '';
      if (this.fake.store(this.ref.resource).has(keyOf(fresh)))
        throw statusError(409, 'AlreadyExists', `${this.ref.resource} "${fresh.metadata.name}" already exists`);
      return this.fake.put(this.ref.resource, fresh);
    });
  }

  update(object: T): Promise<T> {
    return this.write(object, undefined);
  }

  updateStatus(object: T): Promise<T> {
    return this.write(object, 'status');
  }

  patch(name: string, patch: Patch, options: { subresource?: 'status' | 'scale' } = {}): Promise<T> {
    const action = { verb: 'patch' as const, name, subresource: options.subresource, body: patch };
    return this.run(action, () => {
      const current = clone(this.existing(name)) as unknown as JsonValue;
      let next: JsonValue;
      if (patch.type === 'json') next = applyJsonPatch(current, parseJsonPatch(patch.patch));
      else next = applyMergePatch(current, patch.patch as JsonValue);
      return this.save(next as unknown as T, this.existing(name), options.subresource === 'status');
    });
  }

  delete(name: string, options: DeleteOptions = {}): Promise<T | Status> {
    return this.run({ verb: 'delete', name, body: options }, () => {
      const existing = this.existing(name);
      const uid = options.preconditions?.uid;
      if (uid && uid !== existing.metadata.uid) throw statusError(409, 'Conflict', `uid precondition failed`);
      this.fake.remove(this.ref.resource, this.key(name));
      return clone(existing);
    });
  }

  private write(object: T, subresource: 'status' | undefined): Promise<T> {
    const name = object.metadata.name ?? '';
    const namespace = object.metadata.namespace ?? this.namespace;
    const client = namespace === this.namespace ? this : this.inNamespace(namespace);
    return client.run({ verb: 'update', name, subresource, body: clone(object) }, () => {
      const existing = client.existing(name);
      const rv = object.metadata.resourceVersion;
      if (rv && rv !== existing.metadata.resourceVersion)
        throw statusError(409, 'Conflict', `the object has been modified; please apply your changes`);
      return client.save(clone(object), existing, subresource === 'status');
    });
  }

  /** Stores `next` over `existing`: a status write keeps the spec, other writes keep the status and bump generation. */
  private save(next: T, existing: T, statusOnly: boolean): T {
    const merged = statusOnly
      ? { ...clone(existing), status: next.status }
      : { ...next, status: existing.status, metadata: { ...next.metadata } };
    merged.metadata.uid = existing.metadata.uid;
    merged.metadata.creationTimestamp = existing.metadata.creationTimestamp;
    const specChanged = JSON.stringify(merged.spec) !== JSON.stringify(existing.spec);
    merged.metadata.generation = (existing.metadata.generation ?? 0) + (!statusOnly && specChanged ? 1 : 0);
    if (existing.metadata.generation === undefined && merged.metadata.generation === 0)
      delete merged.metadata.generation;
    return this.fake.put(this.ref.resource, merged as T);
  }

  private existing(name: string): T {
    const object = this.fake.store(this.ref.resource).get(this.key(name));
    if (!object) throw statusError(404, 'NotFound', `${this.ref.resource} "${name}" not found`);
    return object as T;
  }

  private key(name: string): string {
    return this.ref.namespaced && this.namespace ? `${this.namespace}/${name}` : name;
  }

  private async run<R>(action: Omit<Action, 'resource'>, apply: () => R): Promise<R> {
    await Promise.resolve();
    this.fake.record({ resource: this.ref.resource, namespace: this.namespace, ...action });
    return apply();
  }
}

/** An informer cache fed by hand (or by the FakeClient's writes); the read side of Informer. */
export class FakeInformer<T extends KubeObject = KubeObject> {
  private readonly items = new Map<string, T>();
  private readonly handlers = new Set<EventHandlers<T>>();
  private readonly indexers = new Map<string, IndexFunc<T>>([
    [NAMESPACE_INDEX, (o) => (o.metadata.namespace ? [o.metadata.namespace] : [])],
  ]);

  /** This fake seen as an Informer. */
  asInformer(): Informer<T> {
    return this as unknown as Informer<T>;
  }

  addEventHandler(handlers: EventHandlers<T>): () => void {
    this.handlers.add(handlers);
    for (const object of this.items.values()) handlers.onAdd?.(object);
    return () => this.handlers.delete(handlers);
  }

  addIndexer(name: string, index: IndexFunc<T>): void {
    this.indexers.set(name, index);
  }

  start(): void {}
  stop(): void {}
  hasSynced(): boolean {
    return true;
  }
  waitForSync(): Promise<boolean> {
    return Promise.resolve(true);
  }
  lastSyncResourceVersion(): string {
    return '';
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  list(): T[] {
    return [...this.items.values()];
  }

  byIndex(indexName: string, value: string): T[] {
    const index = this.indexers.get(indexName);
    if (!index) throw new Error(`informer: no index "${indexName}"`);
    return this.list().filter((object) => index(object).includes(value));
  }

  /** Delivers an add (or an update if the key is cached). */
  add(object: T): void {
    const old = this.items.get(keyOf(object));
    if (old) return this.update(object);
    this.items.set(keyOf(object), object);
    for (const h of this.handlers) h.onAdd?.(object);
  }

  update(object: T): void {
    const old = this.items.get(keyOf(object));
    if (!old) return this.add(object);
    this.items.set(keyOf(object), object);
    for (const h of this.handlers) h.onUpdate?.(old, object);
  }

  delete(object: T): void {
    if (!this.items.delete(keyOf(object))) return;
    for (const h of this.handlers) h.onDelete?.(object);
  }
}
