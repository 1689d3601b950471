// One informer per resource for a whole process (client-go's SharedInformerFactory), so that every controller of
// the controller-manager reads the same caches and the API server sees one watch per resource.
import type { KubeObject } from '../api/meta.js';
import { Informer, type InformerOptions } from './informer.js';
import {
  COMMON_RESOURCES,
  type CommonResource,
  type CommonTypes,
  type ResourceClient,
  type ResourceRef,
} from './resource-client.js';

/** Anything that hands out resource clients (a KubeClient). */
export interface ResourceClientSource {
  resource<T extends KubeObject>(ref: ResourceRef, namespace?: string): ResourceClient<T>;
}

/**
 * One informer per resource, shared by every controller of a process (client-go's SharedInformerFactory):
 * ask for informers, then `start()`, then `await waitForSync()`. Informers asked for after start() start at once.
 */
export class SharedInformerFactory {
  private readonly informers = new Map<string, Informer<KubeObject>>();
  private started = false;
  private stopped = false;

  constructor(
    private readonly client: ResourceClientSource,
    private readonly options: Omit<InformerOptions<KubeObject>, 'indexers'> & { namespace?: string } = {},
  ) {}

  forResource<T extends KubeObject = KubeObject>(ref: ResourceRef): Informer<T> {
    const id = `${ref.group}/${ref.version}/${ref.resource}`;
    let informer = this.informers.get(id);
    if (!informer) {
      const { namespace, ...options } = this.options;
      informer = new Informer(this.client.resource(ref, ref.namespaced ? namespace : undefined), options);
      this.informers.set(id, informer);
      if (this.stopped) informer.stop();
      else if (this.started) informer.start();
    }
    return informer as unknown as Informer<T>;
  }

  /** The informer of a common resource by name: `factory.informerFor('pods')`. */
  informerFor<K extends CommonResource>(name: K): Informer<CommonTypes[K]> {
    return this.forResource<CommonTypes[K]>(COMMON_RESOURCES[name]);
  }

  /** Starts every informer asked for so far (and, from now on, each one asked for later). */
  start(): void {
    this.started = true;
    for (const informer of this.informers.values()) informer.start();
  }

  /** True once every informer asked for so far has synced; false if one was stopped first. */
  async waitForSync(): Promise<boolean> {
    const results = await Promise.all([...this.informers.values()].map((informer) => informer.waitForSync()));
    return results.every(Boolean);
  }

  /** Stops every informer; informers asked for later come stopped. */
  stop(): void {
    this.stopped = true;
    for (const informer of this.informers.values()) informer.stop();
  }
}
