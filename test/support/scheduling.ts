// Nodes, pods and waits for the scheduler's integration tests: Ready nodes with room for a few pods, pods that
// request CPU, and polls for where a pod was bound and what events it got (a loaded 2-core machine schedules slowly).
import { expect, vi } from 'vitest';
import type { Event, Node, Pod } from '../../server/api/types/core.js';
import type { Client } from '../../server/client/index.js';

/** A Ready node (2 CPUs, 4 GiB, 110 pods unless told) labelled with its hostname. */
export function testNode(
  name: string,
  options: { cpu?: string; labels?: Record<string, string>; spec?: Node['spec'] } = {},
): Node {
  const capacity = { cpu: options.cpu ?? '2', memory: '4Gi', pods: '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...options.labels } },
    spec: options.spec ?? {},
    status: { allocatable: capacity, capacity, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

/** A pod in `default` whose one container requests `cpu` (100m unless told), with `spec` merged in. */
export function testPod(
  name: string,
  spec: Partial<Pod['spec']> = {},
  options: { cpu?: string; labels?: Record<string, string> } = {},
): Pod {
  const resources = { requests: { cpu: options.cpu ?? '100m' } };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', ...(options.labels ? { labels: options.labels } : {}) },
    spec: { containers: [{ name: 'app', image: 'nginx', resources }], ...spec },
  };
}

/** Waits until `read` returns something truthy and returns it, for up to 30 s. */
export function eventually<T>(read: () => Promise<T | undefined>): Promise<T> {
  return vi.waitFor(
    async () => {
      const value = await read();
      expect(value).toBeTruthy();
      return value!;
    },
    { timeout: 30_000, interval: 50 },
  );
}

/** The node pod `name` (in `default`) is bound to, once it is. */
export function boundNode(client: Client, name: string): Promise<string> {
  return eventually(async () => (await client.pods('default').get(name)).spec.nodeName);
}

/** The first event with `reason` about `name` (in `default`), once there is one. */
export function eventFor(client: Client, name: string, reason: string): Promise<Event> {
  return eventually(async () => {
    const events = await client.events('default').list({ fieldSelector: `involvedObject.name=${name}` });
    return (events.items as Event[]).find((event) => event.reason === reason);
  });
}
