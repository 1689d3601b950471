// Deletion as upstream does it: finalizers hold an object (marked with deletionTimestamp) until they are removed;
// a pod on a node waits for its kubelet's final delete with grace period 0; a namespace turns Terminating.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl } from '../../support/kubectl.js';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver.js';

let api: TestApiServer;
const k = (...args: string[]) => kubectl(api.kubeconfig, args);
const json = async (...args: string[]) =>
  JSON.parse((await k(...args, '-o', 'json')).stdout) as {
    metadata: Record<string, unknown>;
    status?: { phase?: string };
  };

beforeAll(async () => {
  api = await startTestApiServer();
});
afterAll(() => api.close());

describe('deletion', () => {
  it('keeps an object with a finalizer until the finalizer is removed', async () => {
    await kubectl(api.kubeconfig, ['create', '-f', '-'], {
      input: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: held\n  finalizers: ["kubelab.dev/hold"]\n',
    });
    expect((await k('delete', 'cm', 'held', '--wait=false')).stdout).toBe('configmap "held" deleted\n');
    const marked = await json('get', 'cm', 'held');
    expect(marked.metadata.deletionTimestamp).toBeTruthy();
    await k('patch', 'cm', 'held', '--type', 'merge', '-p', '{"metadata":{"finalizers":null}}');
    expect((await k('get', 'cm', 'held')).stderr).toContain('configmaps "held" not found');
  });

  it('marks a pod on a node for graceful deletion and removes it on the final delete', async () => {
    await kubectl(api.kubeconfig, ['create', '-f', '-'], {
      input:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: bound\nspec:\n  nodeName: node-1\n  containers:\n  - name: c\n    image: busybox\n',
    });
    await k('delete', 'pod', 'bound', '--wait=false');
    const terminating = await json('get', 'pod', 'bound');
    expect(terminating.metadata.deletionGracePeriodSeconds).toBe(30);
    expect((await k('get', 'pod', 'bound')).stdout).toMatch(/bound\s+0\/1\s+Terminating/);
    await k('delete', 'pod', 'bound', '--grace-period=0', '--force');
    expect((await k('get', 'pod', 'bound')).stderr).toContain('pods "bound" not found');
  });

  it('turns a namespace Terminating and refuses new objects in it', async () => {
    await k('create', 'namespace', 'doomed');
    await k('delete', 'namespace', 'doomed', '--wait=false');
    expect((await json('get', 'namespace', 'doomed')).status?.phase).toBe('Terminating');
    const refused = await k('run', 'late', '--image=nginx', '-n', 'doomed');
    expect(refused.stderr).toContain('unable to create new content in namespace doomed because it is being terminated');
  });

  it('deletes nothing in a server-side dry run', async () => {
    await k('create', 'configmap', 'pre', '--from-literal=a=b');
    const deleted = await k('delete', 'cm', 'pre', '--dry-run=server');
    expect(deleted.stdout).toContain('configmap "pre" deleted (server dry run)');
    expect((await k('get', 'cm', 'pre')).stdout).toMatch(/^NAME/);
  });
});
