// The Job, DaemonSet, StatefulSet and CronJob controllers in-process against a real API server, with Nodes as plain
// API objects and the stand-in kubelet (test/support/test-kubelet.ts): it marks new pods Running and Ready (job pods
// Succeeded) and finishes the deletion of pods that have a deletionTimestamp. What `kubectl get` shows is checked
// with the real kubectl.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../../server/client/index.js';
import { CronJobController } from '../../../server/controllers/cronjob.js';
import { DaemonSetController, targetNodeName } from '../../../server/controllers/daemonset.js';
import { JobController } from '../../../server/controllers/job.js';
import { StatefulSetController } from '../../../server/controllers/statefulset.js';
import type { TestApiServer } from '../../support/apiserver.js';
import { startControllerHarness, type ControllerHarness } from '../../support/controller-harness.js';
import { kubectl } from '../../support/kubectl.js';

let harness: ControllerHarness<[JobController, DaemonSetController, StatefulSetController, CronJobController]>;
let server: TestApiServer;
let client: Client;
/** Pod names in the order the kubelet first saw them (it marks each Ready at once, so OrderedReady shows here). */
let seen: string[];

beforeAll(async () => {
  harness = await startControllerHarness({
    controllers: (options) => [
      new JobController(options),
      new DaemonSetController(options),
      new StatefulSetController(options),
      new CronJobController(options),
    ],
    kubelet: {},
  });
  ({ server, client, startedPods: seen } = harness);
  for (const name of ['node-a', 'node-b', 'node-c'])
    await client.nodes().create({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { zone: name } } });
});

afterAll(() => harness?.close());

/** How long the controllers may take to converge on a loaded 2-core machine. */
const CONVERGED = { timeout: 30_000 };

const container = { name: 'c', image: 'busybox' };

describe('workload controllers', () => {
  it('runs a Job with completions 3 to 3/3 Complete', async () => {
    await client.jobs('default').create({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pi' },
      // The API server does not generate a Job's selector yet (it defaults before the uid exists), so set one by hand.
      spec: {
        completions: 3,
        parallelism: 2,
        manualSelector: true,
        selector: { matchLabels: { job: 'pi' } },
        template: { metadata: { labels: { job: 'pi' } }, spec: { containers: [container], restartPolicy: 'Never' } },
      },
    });
    await expect
      .poll(async () => {
        const { stdout } = await kubectl(server.kubeconfig, ['get', 'job', 'pi', '--no-headers']);
        return /\bComplete\b/.test(stdout) && /\b3\/3\b/.test(stdout);
      }, CONVERGED)
      .toBe(true);
    const job = await client.jobs('default').get('pi');
    expect(job.status).toMatchObject({ succeeded: 3, failed: 0 });
    const pods = await client.pods('default').list({ labelSelector: 'job=pi' });
    expect(pods.items).toHaveLength(3);
  });

  it('gives a DaemonSet one pod per node', async () => {
    const labels = { app: 'agent' };
    await client.daemonsets('default').create({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: {
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [container] } },
      },
    });
    await expect
      .poll(async () => {
        const ds = await client.daemonsets('default').get('agent');
        return ds.status?.numberReady === 3;
      }, CONVERGED)
      .toBe(true);
    const pods = await client.pods('default').list({ labelSelector: 'app=agent' });
    expect(pods.items.map(targetNodeName).sort()).toEqual(['node-a', 'node-b', 'node-c']);
    const { stdout } = await kubectl(server.kubeconfig, ['get', 'ds', 'agent', '--no-headers']);
    expect(stdout).toMatch(/^agent\s+3\s+3\s+3\s+3\s+3\s/);
  });

  it('creates web-0, web-1, web-2 of a StatefulSet in order', async () => {
    const labels = { app: 'web' };
    await client.statefulsets('default').create({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'web' },
      spec: {
        replicas: 3,
        serviceName: 'web',
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [container] } },
      },
    });
    await expect
      .poll(async () => (await client.statefulsets('default').get('web')).status?.readyReplicas === 3, CONVERGED)
      .toBe(true);
    expect(seen.filter((name) => name.startsWith('web-'))).toEqual(['web-0', 'web-1', 'web-2']);
    const web1 = await client.pods('default').get('web-1');
    expect(web1.spec).toMatchObject({ hostname: 'web-1', subdomain: 'web' });
    const { stdout } = await kubectl(server.kubeconfig, ['get', 'sts', 'web', '--no-headers']);
    expect(stdout).toMatch(/^web\s+3\/3\s/);
  });
});
