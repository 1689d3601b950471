// The namespace controller, as upstream's pkg/controller/namespace: `kubectl delete namespace x` only marks the
// namespace (deletionTimestamp, status.phase Terminating; spec.finalizers still holds "kubernetes"). This
// controller then deletes everything in it, resource by resource as discovery lists them, waits until nothing is
// left (pods may wait for their kubelet, objects for their finalizers), and finally removes "kubernetes" through
// the namespaces/<name>/finalize subresource, after which the API server deletes the namespace itself.
import type { Namespace } from '../api/types/core.js';
import { isNotFound, type Informer, type ResourceRef } from '../client/index.js';
import { Controller, type ControllerOptions } from './lib/controller.js';

/** The finalizer the namespace controller owns in spec.finalizers. */
export const NAMESPACE_FINALIZER = 'kubernetes';

/** Discovery's answer for one group version (metav1.APIResourceList). */
interface APIResourceList {
  groupVersion: string;
  resources: { name: string; namespaced: boolean; kind: string; verbs: string[] }[];
}

export interface NamespaceControllerOptions extends ControllerOptions {
  /** How long to wait before checking again that a namespace's content is gone; default 1 s. */
  recheckMs?: number;
}

/** Empties namespaces being deleted, then finalizes them. */
export class NamespaceController extends Controller {
  private readonly namespaces: Informer<Namespace>;
  private readonly recheckMs: number;

  constructor(options: NamespaceControllerOptions) {
    super('namespace-controller', options);
    this.recheckMs = options.recheckMs ?? 1000;
    this.namespaces = options.informers.informerFor('namespaces');
    this.namespaces.addEventHandler({
      onAdd: (namespace) => this.enqueue(namespace),
      onUpdate: (_old, namespace) => this.enqueue(namespace),
    });
  }

  protected informers() {
    return [this.namespaces];
  }

  /** As upstream's syncNamespaceFromKey: `key` is a namespace name; delete its content, then finalize it. */
  async sync(key: string): Promise<void> {
    const namespace = this.namespaces.get(key);
    if (!namespace?.metadata.deletionTimestamp) return;
    if (!(namespace.spec?.finalizers ?? []).includes(NAMESPACE_FINALIZER)) return;

    const remaining = await this.deleteContent(key);
    if (remaining > 0) {
      // Pods wait for their kubelets, objects for their finalizers: look again a little later.
      this.log.info('namespace content still present', { namespace: key, remaining });
      this.queue.addAfter(key, this.recheckMs);
      return;
    }
    await this.finalize(key);
  }

  /** Deletes every namespaced object in `namespace`; returns how many objects are still there afterwards. */
  private async deleteContent(namespace: string): Promise<number> {
    let remaining = 0;
    for (const ref of await this.namespacedResources()) {
      const resource = this.client.resource(ref, namespace);
      await resource.deleteCollection({ propagationPolicy: 'Background' }).catch(ignoreNotFound);
      const left = await resource.list().catch((error: unknown) => {
        ignoreNotFound(error);
        return { items: [] };
      });
      remaining += left.items.length;
    }
    return remaining;
  }

  /** Removes our finalizer with a PUT to namespaces/<name>/finalize; the API server then deletes the namespace. */
  private async finalize(name: string): Promise<void> {
    const namespaces = this.client.namespaces();
    const fresh = await namespaces.get(name).catch(ignoreNotFound);
    if (!fresh) return;
    const finalizers = (fresh.spec?.finalizers ?? []).filter((f) => f !== NAMESPACE_FINALIZER);
    const body = { ...fresh, spec: { ...fresh.spec, finalizers } };
    // Not found here is an error worth retrying: the namespace was there a moment ago.
    await this.client.http.request({ method: 'PUT', path: namespaces.path(name, 'finalize'), body });
    this.log.info('namespace finalized', { namespace: name });
  }

  /** Every namespaced resource the API server serves that can be listed and deleted, from discovery. */
  private async namespacedResources(): Promise<ResourceRef[]> {
    const groups = await this.client.http.request<{ groups: { preferredVersion: { groupVersion: string } }[] }>({
      method: 'GET',
      path: '/apis',
    });
    const paths = ['/api/v1', ...groups.groups.map((group) => `/apis/${group.preferredVersion.groupVersion}`)];
    const refs: ResourceRef[] = [];
    for (const path of paths) {
      const list = await this.client.http.request<APIResourceList>({ method: 'GET', path });
      const slash = list.groupVersion.indexOf('/');
      const group = slash < 0 ? '' : list.groupVersion.slice(0, slash);
      const version = list.groupVersion.slice(slash + 1);
      for (const resource of list.resources) {
        if (!resource.namespaced || resource.name.includes('/')) continue;
        if (!['list', 'deletecollection'].every((verb) => resource.verbs.includes(verb))) continue;
        refs.push({ group, version, resource: resource.name, kind: resource.kind, namespaced: true });
      }
    }
    return refs;
  }
}

function ignoreNotFound(error: unknown): undefined {
  if (!isNotFound(error)) throw error;
  return undefined;
}
