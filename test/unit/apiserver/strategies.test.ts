import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../server/api/meta.js';
import {
  DEFAULT_TOLERATIONS,
  type TolerationDefaults,
} from '../../../server/apiserver/registry/admission/default-toleration-seconds.js';
import { mutateForCreate } from '../../../server/apiserver/registry/create-steps.js';
import { ResourceStore } from '../../../server/apiserver/registry/resource-store.js';
import { applyDefaults, strategyFor, validateForCreate } from '../../../server/apiserver/registry/strategies.js';
import { errorString } from '../../../server/apiserver/validation/index.js';
import type { StrategyContext } from '../../../server/apiserver/registry/strategy.js';
import { ResourceRegistry } from '../../../server/apiserver/resources.js';
import { createStore } from '../../../server/store/create-store.js';
import type { Store } from '../../../server/store/store.js';
import { DEFAULTED_CONTAINER, DEFAULTED_POD_SPEC, meta, obj } from '../../support/api-objects.js';

const registry = new ResourceRegistry();
let store: Store;
beforeEach(async () => {
  store = await createStore({ kind: 'memory' });
});
afterEach(async () => {
  await store.close();
});

/** What a strategy sees, over a memory store: no allocator is needed by the resources these tests create. */
function context(resource: string, group = '', tolerations: TolerationDefaults = DEFAULT_TOLERATIONS): StrategyContext {
  return {
    info: registry.forResource(group, resource)!,
    registry,
    storeFor: (name, inGroup = '') => new ResourceStore(store, registry.forResource(inGroup, name)!),
    tolerations,
    addresses: { allocate: () => Promise.reject(new Error('unused')), release: () => Promise.resolve() },
    clusterCa: '',
    now: () => new Date('2026-01-01T00:00:00Z'),
  };
}

/** A copy of `object` after the create steps of its resource's strategy: defaults, admission, PrepareForCreate. */
async function created<T extends KubeObject>(resource: string, object: T, tolerations?: TolerationDefaults) {
  const group = resource === 'jobs' ? 'batch' : '';
  const copy = structuredClone(object);
  await mutateForCreate(context(resource, group, tolerations), copy);
  return copy;
}

describe('the create steps of a strategy', () => {
  it('gives a created Pod its spec defaults, tolerations, priority, service account and Pending status', async () => {
    const pod = await created(
      'pods',
      obj('Pod', { spec: { containers: [{ name: 'web', image: 'nginx', resources: { limits: { cpu: '1' } } }] } }),
    );
    expect(pod.spec).toEqual({
      ...DEFAULTED_POD_SPEC,
      containers: [
        {
          ...DEFAULTED_CONTAINER,
          image: 'nginx',
          imagePullPolicy: 'Always',
          resources: { limits: { cpu: '1' }, requests: { cpu: '1' } },
        },
      ],
      enableServiceLinks: true,
      serviceAccountName: 'default',
      serviceAccount: 'default',
      priority: 0,
      preemptionPolicy: 'PreemptLowerPriority',
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
    });
    expect(pod.status).toEqual({ phase: 'Pending', qosClass: 'Burstable' });
  });

  it('keeps a toleration the user set and adds only the missing default one', async () => {
    const mine = {
      key: 'node.kubernetes.io/not-ready',
      operator: 'Exists',
      effect: 'NoExecute',
      tolerationSeconds: 10,
    };
    const pod = await created(
      'pods',
      obj('Pod', { spec: { containers: [{ name: 'a', image: 'busybox' }], tolerations: [mine] } }),
    );
    expect((pod.spec as { tolerations: unknown[] }).tolerations).toEqual([
      mine,
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
  });

  it("gives the tolerations the API server was configured with (kubelab up's shorter 30 s)", async () => {
    const pod = await created('pods', obj('Pod', { spec: { containers: [{ name: 'a', image: 'busybox' }] } }), {
      notReadySeconds: 30,
      unreachableSeconds: 45,
    });
    expect(
      (pod.spec as { tolerations: { tolerationSeconds: number }[] }).tolerations.map((t) => t.tolerationSeconds),
    ).toEqual([30, 45]);
  });

  it('defaults a Job and generates its selector once it has a uid', async () => {
    const job = await created(
      'jobs',
      obj(
        'Job',
        { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl' }] } } } },
        meta('pi', { uid: 'u-1' }),
      ),
    );
    const generated = {
      'batch.kubernetes.io/job-name': 'pi',
      'job-name': 'pi',
      'batch.kubernetes.io/controller-uid': 'u-1',
      'controller-uid': 'u-1',
    };
    expect(job.spec).toMatchObject({
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      suspend: false,
      podReplacementPolicy: 'TerminatingOrFailed',
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-1' } },
      template: { metadata: { labels: generated } },
    });
    expect(job.metadata.labels).toEqual(generated);
  });

  it('gives a pod that names no class the globalDefault PriorityClass', async () => {
    const classes = context('priorityclasses', 'scheduling.k8s.io').storeFor('priorityclasses', 'scheduling.k8s.io');
    await classes.create({
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: 'everyday' },
      value: 7,
      globalDefault: true,
    } as KubeObject);
    const pod = await created('pods', obj('Pod', { spec: { containers: [{ name: 'a', image: 'busybox' }] } }));
    expect(pod.spec).toMatchObject({ priorityClassName: 'everyday', priority: 7 });
  });

  it('gives a pod naming a built-in system class its priority without a PriorityClass object', async () => {
    const spec = { containers: [{ name: 'a', image: 'busybox' }], priorityClassName: 'system-node-critical' };
    const pod = await created('pods', obj('Pod', { spec }));
    expect(pod.spec).toMatchObject({ priority: 2000001000, preemptionPolicy: 'PreemptLowerPriority' });
  });

  it('refuses a pod naming a PriorityClass that does not exist with 403', async () => {
    const spec = { containers: [{ name: 'a', image: 'busybox' }], priorityClassName: 'nope' };
    await expect(created('pods', obj('Pod', { spec }, meta('web')))).rejects.toMatchObject({
      code: 403,
      message: 'pods "web" is forbidden: no PriorityClass with name nope was found',
    });
  });

  it('leaves a pod without a spec for validation to refuse', async () => {
    const pod = await created('pods', obj('Pod', {}));
    expect(pod).not.toHaveProperty('spec');
    expect(pod.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });
});

describe('strategyFor', () => {
  it('gives resources without rules of their own the default strategy, which has no hooks', () => {
    expect(strategyFor({ group: 'coordination.k8s.io', resource: 'leases' })).toEqual({});
  });

  it('lists the admission plugins of pods by their upstream names', () => {
    expect(strategyFor({ group: '', resource: 'pods' }).admission?.map((plugin) => plugin.name)).toEqual([
      'ServiceAccount',
      'Priority',
      'DefaultTolerationSeconds',
    ]);
  });

  it('makes a namespace being deleted Terminating and wait on its spec.finalizers', () => {
    const namespace = obj('Namespace', { spec: { finalizers: ['kubernetes'] } }, { name: 'dev' });
    const plan = strategyFor({ group: '', resource: 'namespaces' }).prepareForDelete?.(namespace, {});
    expect(plan).toEqual({ gracePeriodSeconds: 0, waits: true });
    expect(namespace.status).toEqual({ phase: 'Terminating' });
  });

  it('gives a bound pod its grace period on delete, and an unbound one none', () => {
    const pods = strategyFor({ group: '', resource: 'pods' });
    const bound = obj('Pod', { spec: { nodeName: 'n1', terminationGracePeriodSeconds: 5 } });
    expect(pods.prepareForDelete?.(bound, {}).gracePeriodSeconds).toBe(5);
    expect(pods.prepareForDelete?.(bound, { gracePeriodSeconds: 0 }).gracePeriodSeconds).toBe(0);
    expect(pods.prepareForDelete?.(obj('Pod', { spec: {} }), {}).gracePeriodSeconds).toBe(0);
    expect(pods.awaitsRemoval?.(bound)).toBe(true);
  });
});

describe('numeric quantities', () => {
  it('become canonical strings in a pod, its init containers and its overhead', () => {
    const spec = {
      containers: [
        { name: 'a', image: 'busybox', resources: { requests: { cpu: 1, memory: 128 }, limits: { cpu: 0.5 } } },
      ],
      initContainers: [{ name: 'i', image: 'busybox', resources: { limits: { memory: 1e9 } } }],
      overhead: { cpu: 0.25 },
    };
    const pod = applyDefaults('pods', obj('Pod', { spec })) as KubeObject & { spec: typeof spec };
    expect(pod.spec.containers[0]?.resources).toEqual({
      requests: { cpu: '1', memory: '128' },
      limits: { cpu: '500m' },
    });
    expect(pod.spec.initContainers[0]?.resources).toEqual({ limits: { memory: '1G' }, requests: { memory: '1G' } });
    expect(pod.spec.overhead).toEqual({ cpu: '250m' });
  });

  it.each([
    ['deployments', 'Deployment', (t: object) => ({ selector: { matchLabels: { app: 'w' } }, template: t })],
    ['replicasets', 'ReplicaSet', (t: object) => ({ selector: { matchLabels: { app: 'w' } }, template: t })],
    ['replicationcontrollers', 'ReplicationController', (t: object) => ({ template: t })],
    ['daemonsets', 'DaemonSet', (t: object) => ({ selector: { matchLabels: { app: 'w' } }, template: t })],
    ['statefulsets', 'StatefulSet', (t: object) => ({ selector: { matchLabels: { app: 'w' } }, template: t })],
    ['jobs', 'Job', (t: object) => ({ template: t })],
    ['cronjobs', 'CronJob', (t: object) => ({ schedule: '* * * * *', jobTemplate: { spec: { template: t } } })],
  ])('become canonical strings in the pod template of %s', (resource, kind, spec) => {
    const template = {
      metadata: { labels: { app: 'w' } },
      spec: { containers: [{ name: 'a', image: 'busybox', resources: { requests: { cpu: 1, memory: 128 } } }] },
    };
    const out = applyDefaults(resource, obj(kind, { spec: spec(template) }));
    expect(JSON.stringify(out)).toContain('"requests":{"cpu":"1","memory":"128"}');
  });

  it.each([
    ['a boolean', true, 'spec.containers[0].resources.requests[cpu]: Invalid value: true: quantities must match'],
    [
      'an object',
      { a: 1 },
      'spec.containers[0].resources.requests[cpu]: Invalid value: {"a":1}: quantities must match',
    ],
    [
      'a list',
      ['1'],
      'spec.containers[0].resources.requests[cpu]: Invalid value: []string{"1"}: quantities must match',
    ],
  ])('are field errors, not crashes, when they are %s', (_name, cpu, message) => {
    const spec = { containers: [{ name: 'a', image: 'busybox', resources: { requests: { cpu } } }] };
    const pod = applyDefaults('pods', obj('Pod', { spec }));
    const errors = validateForCreate({ group: '', resource: 'pods' }, pod).map(errorString);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(message);
  });

  it('are field errors in a node capacity that is not a quantity', () => {
    const node = applyDefaults('nodes', obj('Node', { status: { capacity: { cpu: false } } }, { name: 'n' }));
    expect(validateForCreate({ group: '', resource: 'nodes' }, node).map(errorString)).toEqual([
      expect.stringContaining('status.capacity[cpu]: Invalid value: false'),
      expect.stringContaining('status.allocatable[cpu]: Invalid value: false'),
    ]);
  });

  it('become canonical strings in a node capacity and allocatable', () => {
    const node = applyDefaults('nodes', obj('Node', { status: { capacity: { cpu: 4, pods: 110 } } }, { name: 'n' }));
    expect(node.status).toEqual({ capacity: { cpu: '4', pods: '110' }, allocatable: { cpu: '4', pods: '110' } });
  });
});
