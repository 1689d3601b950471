// The objects besides nodes and pods that the scheduler's plugins read, each from an informer as upstream's
// listers: Services, ReplicaSets, StatefulSets and ReplicationControllers, for PodTopologySpread's default
// constraints (plugins/helper/spread.ts). Objects are cached without managedFields.
import type { KubeObject } from '../api/meta.js';
import type { Service } from '../api/types/core.js';
import { Informer, NAMESPACE_INDEX, stripManagedFields, type Client } from '../client/index.js';
import type { Logger } from '../log.js';
import type { SelectingController, SpreadListers } from './plugins/helper/spread.js';

type ControllerKind = Parameters<SpreadListers['controller']>[0];

/** SpreadListers over informers: `start()`, `await waitForSync()`, `stop()`. */
export class SchedulerListers implements SpreadListers {
  private readonly serviceInformer: Informer<Service>;
  private readonly controllers: Record<ControllerKind, Informer<KubeObject>>;

  constructor(client: Client, log: Logger) {
    const options = { transform: stripManagedFields<KubeObject>, log };
    this.serviceInformer = new Informer<Service>(client.services(), { transform: stripManagedFields, log });
    this.controllers = {
      ReplicaSet: new Informer<KubeObject>(client.replicasets(), options),
      StatefulSet: new Informer<KubeObject>(client.statefulsets(), options),
      ReplicationController: new Informer<KubeObject>(client.replicationcontrollers(), options),
    };
  }

  services(namespace: string): readonly Service[] {
    return this.serviceInformer.byIndex(NAMESPACE_INDEX, namespace);
  }

  controller(kind: ControllerKind, namespace: string, name: string): SelectingController | undefined {
    return this.controllers[kind].get(`${namespace}/${name}`) as SelectingController | undefined;
  }

  start(): void {
    this.serviceInformer.start();
    for (const informer of Object.values(this.controllers)) informer.start();
  }

  /**
   * Resolves once Services, ReplicaSets and StatefulSets are cached. ReplicationControllers fill in when they come:
   * a server that does not serve them must not keep the scheduler from starting.
   */
  async waitForSync(): Promise<void> {
    const { ReplicaSet, StatefulSet } = this.controllers;
    await Promise.all([this.serviceInformer.waitForSync(), ReplicaSet.waitForSync(), StatefulSet.waitForSync()]);
  }

  stop(): void {
    this.serviceInformer.stop();
    for (const informer of Object.values(this.controllers)) informer.stop();
  }
}
