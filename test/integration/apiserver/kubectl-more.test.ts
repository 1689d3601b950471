// More of what students do with kubectl: explain, describe with events, server-side apply and its conflicts,
// logs before any kubelet exists, and the etcd backend seen through etcdctl.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../../server/store/create-store.js';
import { startEtcd, type TestEtcd } from '../../support/etcd.js';
import { kubectl } from '../../support/kubectl.js';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver.js';

let api: TestApiServer;
const k = (...args: string[]) => kubectl(api.kubeconfig, args);

beforeAll(async () => {
  api = await startTestApiServer();
});
afterAll(() => api.close());

const configMap = (value: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: ${value}
`;

describe('kubectl explain, describe, apply --server-side, logs', () => {
  it('explains fields and their types', async () => {
    const explained = await k('explain', 'pods.spec.containers');
    expect(explained.stderr).toBe('');
    expect(explained.stdout).toMatch(/KIND:\s+Pod/);
    expect(explained.stdout).toMatch(/image\s+<string>/);
    expect(explained.stdout).toMatch(/name\s+<string> -required-/);
    expect((await k('explain', 'deployment.spec.strategy')).stdout).toMatch(
      /rollingUpdate\s+<RollingUpdateDeployment>/,
    );
  });

  it('describes a pod with its events', async () => {
    await k('run', 'described', '--image=nginx', '--restart=Never');
    const pod = JSON.parse((await k('get', 'pod', 'described', '-o', 'json')).stdout) as { metadata: { uid: string } };
    const event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'described.1', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'described', namespace: 'default', uid: pod.metadata.uid, apiVersion: 'v1' },
      reason: 'FailedScheduling',
      message: '0/0 nodes are available',
      type: 'Warning',
      source: { component: 'default-scheduler' },
      count: 1,
      firstTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      lastTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    };
    await kubectl(api.kubeconfig, ['create', '-f', '-'], { input: JSON.stringify(event) });
    const described = await k('describe', 'pod', 'described');
    expect(described.stdout).toMatch(/Status:\s+Pending/);
    expect(described.stdout).toMatch(/Warning\s+FailedScheduling\s+\S+\s+default-scheduler\s+0\/0 nodes are available/);
    expect((await k('get', 'events')).stdout).toMatch(
      /Warning\s+FailedScheduling\s+pod\/described\s+0\/0 nodes are available/,
    );
  });

  it('applies on the server, re-applies, and reports a conflict with another manager', async () => {
    const first = await kubectl(api.kubeconfig, ['apply', '--server-side', '-f', '-'], { input: configMap('fast') });
    expect(first.stdout).toBe('configmap/settings serverside-applied\n');
    const again = await kubectl(api.kubeconfig, ['apply', '--server-side', '-f', '-'], { input: configMap('slow') });
    expect(again.stdout).toBe('configmap/settings serverside-applied\n');
    await k('patch', 'configmap', 'settings', '--type', 'merge', '-p', '{"data":{"mode":"edited"}}');
    const conflict = await kubectl(api.kubeconfig, ['apply', '--server-side', '-f', '-'], { input: configMap('slow') });
    expect(conflict.code).not.toBe(0);
    expect(conflict.stderr).toMatch(/Apply failed with 1 conflict: conflict with "kubectl-patch".*\.data\.mode/s);
    const forced = await kubectl(api.kubeconfig, ['apply', '--server-side', '--force-conflicts', '-f', '-'], {
      input: configMap('slow'),
    });
    expect(forced.stdout).toBe('configmap/settings serverside-applied\n');
    expect((await k('get', 'cm', 'settings', '-o', 'jsonpath={.data.mode}')).stdout).toBe('slow');
  });

  it('says clearly that logs need a kubelet, which a pending pod does not have yet', async () => {
    const logs = await k('logs', 'described');
    expect(logs.code).not.toBe(0);
    expect(logs.stderr).toContain('is not scheduled to a node yet');
  });

  it('creates a Job with the selector and labels the API server generates from its uid', async () => {
    expect((await k('create', 'job', 'once', '--image=busybox')).stdout).toBe('job.batch/once created\n');
    const job = JSON.parse((await k('get', 'job', 'once', '-o', 'json')).stdout) as {
      metadata: { uid: string };
      spec: { selector: { matchLabels: Record<string, string> } };
    };
    expect(job.spec.selector.matchLabels['batch.kubernetes.io/controller-uid']).toBe(job.metadata.uid);
  });

  it('prints objects as YAML with the server-set fields', async () => {
    const yaml = (await k('get', 'pod', 'described', '-o', 'yaml')).stdout;
    for (const field of [
      'uid:',
      'creationTimestamp:',
      'resourceVersion:',
      'restartPolicy: Never',
      'dnsPolicy: ClusterFirst',
      'schedulerName: default-scheduler',
      'phase: Pending',
    ]) {
      expect(yaml).toContain(field);
    }
  });
});

describe('the etcd backend', () => {
  let etcd: TestEtcd;
  let onEtcd: TestApiServer;
  beforeAll(async () => {
    etcd = await startEtcd();
    onEtcd = await startTestApiServer({ store: createStore({ kind: 'etcd', servers: [etcd.clientUrl] }) });
  });
  afterAll(async () => {
    await onEtcd?.close();
    await etcd?.stop();
  });

  it('keeps objects under /registry where etcdctl shows them', async () => {
    const created = await kubectl(onEtcd.kubeconfig, ['create', 'deployment', 'stored', '--image=nginx']);
    expect(created.stdout).toBe('deployment.apps/stored created\n');
    const { stdout } = await promisify(execFile)(
      'etcdctl',
      ['--endpoints', etcd.clientUrl, 'get', '--prefix', '/registry/deployments', '--keys-only'],
      {
        env: { ...process.env, ETCDCTL_API: '3' },
      },
    );
    expect(stdout).toContain('/registry/deployments/default/stored');
    expect((await kubectl(onEtcd.kubeconfig, ['get', 'deploy', 'stored'])).stdout).toMatch(/stored\s+0\/1/);
  });
});
