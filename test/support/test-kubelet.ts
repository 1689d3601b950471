// A stand-in kubelet for tests without one: it runs nothing, but answers for pods as a kubelet would, so controllers
// see their pods start, become Ready, finish (a Job's) and go away when deleted.
import { rfc3339 } from '../../server/api/time.js';
import type { Pod } from '../../server/api/types/core.js';
import { isNotFound, keyOf, type Client, type Informer } from '../../server/client/index.js';

/**
 * What a kubelet does to one of its pods, at once: finishes a graceful deletion, and reports a new (Pending) pod
 * started: a Job's pod Succeeded (its containers exited 0), any other Running and Ready. Pods already past
 * Pending are left alone. A pod deleted meanwhile is no error.
 */
export async function syncPod(client: Client, pod: Pod): Promise<void> {
  const pods = client.pods(pod.metadata.namespace);
  const name = pod.metadata.name!;
  if (pod.metadata.deletionTimestamp) {
    await pods.delete(name, { gracePeriodSeconds: 0 }).catch((error: unknown) => {
      if (!isNotFound(error)) throw error;
    });
    return;
  }
  if (pod.status?.phase && pod.status.phase !== 'Pending') return;
  await pods.patch(name, { type: 'merge', patch: { status: startedStatus(pod) } }, { subresource: 'status' });
}

/** The status of `pod` once its containers have started (and, for a Job's pod, exited 0). */
function startedStatus(pod: Pod): Record<string, unknown> {
  const now = rfc3339(Date.now());
  const completes = pod.metadata.ownerReferences?.some((ref) => ref.kind === 'Job') === true;
  const ready = completes ? 'False' : 'True';
  const conditions = [
    { type: 'PodScheduled', status: 'True', lastTransitionTime: now },
    { type: 'Initialized', status: 'True', lastTransitionTime: now },
    { type: 'ContainersReady', status: ready, lastTransitionTime: now },
    { type: 'Ready', status: ready, lastTransitionTime: now },
  ];
  const state = completes
    ? { terminated: { exitCode: 0, reason: 'Completed', startedAt: now, finishedAt: now } }
    : { running: { startedAt: now } };
  const containerStatuses = pod.spec.containers.map((container) => ({
    name: container.name,
    image: container.image,
    imageID: '',
    ready: !completes,
    restartCount: 0,
    started: !completes,
    state,
  }));
  return { phase: completes ? 'Succeeded' : 'Running', startTime: now, conditions, containerStatuses };
}

/** What a TestKubelet may do besides syncPod. */
export interface TestKubeletOptions {
  /** Binds pods no scheduler has placed to this node before starting them (for tests without a scheduler). */
  bindTo?: string;
}

/** A running TestKubelet. */
export interface TestKubelet {
  /** Pod names in the order the kubelet first started them: shows the order controllers created them in. */
  started: string[];
}

/**
 * Plays the kubelet of every node for the pods an informer sees: each add or update of a pod runs syncPod (after
 * binding it, with `bindTo`), one at a time per pod; a pod that changed meanwhile is synced again. It stops with
 * its informer. A failed step is dropped: the pod's next event retries it.
 */
export function startTestKubelet(client: Client, pods: Informer<Pod>, options: TestKubeletOptions = {}): TestKubelet {
  const started: string[] = [];
  const busy = new Set<string>();
  const step = async (pod: Pod) => {
    if (options.bindTo && !pod.spec.nodeName && !pod.metadata.deletionTimestamp) {
      await client.bind(pod, options.bindTo);
      return;
    }
    const name = pod.metadata.name!;
    const pending = !pod.status?.phase || pod.status.phase === 'Pending';
    if (pending && !pod.metadata.deletionTimestamp && !started.includes(name)) started.push(name);
    await syncPod(client, pod);
  };
  const handle = (pod: Pod) => {
    const key = keyOf(pod);
    if (busy.has(key)) return;
    busy.add(key);
    void step(pod)
      .catch(() => undefined)
      .finally(() => {
        busy.delete(key);
        const latest = pods.get(key);
        if (latest && latest.metadata.resourceVersion !== pod.metadata.resourceVersion) handle(latest);
      });
  };
  pods.addEventHandler({ onAdd: handle, onUpdate: (_, pod) => handle(pod) });
  return { started };
}
