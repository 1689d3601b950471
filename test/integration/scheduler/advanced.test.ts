import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, loadKubeconfig, type Client } from '../../../server/client/index.js';
import { Scheduler } from '../../../server/scheduler/scheduler.js';
import { DECISION_ANNOTATION, type DecisionSummary } from '../../../server/scheduler/trace-summary.js';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver.js';
import { boundNode, eventFor, eventually, testNode, testPod } from '../../support/scheduling.js';

let server: TestApiServer;
let client: Client;
let scheduler: Scheduler;
let pluginDir: string;

const TAINT = { key: 'dedicated', value: 'preempt', effect: 'NoSchedule' };

const get = (name: string) => client.pods('default').get(name);
const decisionOf = async (name: string) =>
  JSON.parse(
    await eventually(async () => (await get(name)).metadata.annotations?.[DECISION_ANNOTATION]),
  ) as DecisionSummary;

beforeAll(async () => {
  server = await startTestApiServer();
  client = createClient(await loadKubeconfig(server.kubeconfig));
  await client.nodes().create(testNode('node-1', { labels: { zone: 'a' } }));
  await client.nodes().create(testNode('node-2', { labels: { zone: 'b' } }));
  await client.nodes().create(testNode('node-3', { labels: { zone: 'a' } }));
  await client.nodes().create(testNode('node-p', { spec: { taints: [TAINT] } }));
  pluginDir = await mkdtemp(join(tmpdir(), 'kubelab-custom-plugin-'));
  await writeFile(
    join(pluginDir, 'prefer-node-2.ts'),
    `export function score(_state: unknown, _pod: unknown, node: { name: string }): number {
       return node.name === 'node-2' ? 100 : 0;
     }\n`,
  );
  scheduler = new Scheduler({
    client,
    profiles: [
      { schedulerName: 'default-scheduler' },
      {
        schedulerName: 'custom-scheduler',
        customPlugins: [{ name: 'PreferNode2', path: join(pluginDir, 'prefer-node-2.ts'), weight: 100 }],
      },
    ],
  });
  await scheduler.start();
});

afterAll(async () => {
  await scheduler?.stop();
  client?.close();
  await server?.close();
  if (pluginDir) await rm(pluginDir, { recursive: true, force: true });
});

describe('advanced scheduling against a real API server', () => {
  it('required anti-affinity spreads 3 replicas over 3 nodes and keeps a 4th Pending', async () => {
    const antiAffinity = {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { labelSelector: { matchLabels: { app: 'anti' } }, topologyKey: 'kubernetes.io/hostname' },
        ],
      },
    };
    for (let i = 0; i < 3; i++)
      await client
        .pods('default')
        .create(testPod(`anti-${i}`, { affinity: antiAffinity }, { labels: { app: 'anti' } }));
    const nodes = await Promise.all([0, 1, 2].map((i) => boundNode(client, `anti-${i}`)));
    expect(new Set(nodes)).toEqual(new Set(['node-1', 'node-2', 'node-3']));
    await client.pods('default').create(testPod('anti-3', { affinity: antiAffinity }, { labels: { app: 'anti' } }));
    const event = await eventFor(client, 'anti-3', 'FailedScheduling');
    expect(event.message).toBe(
      "0/4 nodes are available: 1 node(s) had untolerated taint {dedicated: preempt}, 3 node(s) didn't match pod " +
        'anti-affinity rules. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, ' +
        '3 No preemption victims found for incoming pod..',
    );
    const decision = await decisionOf('anti-3');
    expect(decision.winner).toBeUndefined();
    expect(decision.filters['node-1']).toBe("InterPodAffinity: node(s) didn't match pod anti-affinity rules");
  });

  it('topology spread with maxSkew 1 balances 4 replicas over 2 zones', async () => {
    const constraint = {
      maxSkew: 1,
      topologyKey: 'zone',
      whenUnsatisfiable: 'DoNotSchedule',
      labelSelector: { matchLabels: { app: 'spread' } },
    };
    for (let i = 0; i < 4; i++)
      await client
        .pods('default')
        .create(testPod(`spread-${i}`, { topologySpreadConstraints: [constraint] }, { labels: { app: 'spread' } }));
    const nodes = await Promise.all([0, 1, 2, 3].map((i) => boundNode(client, `spread-${i}`)));
    const zoneB = nodes.filter((n) => n === 'node-2').length;
    expect(zoneB).toBe(2);
    expect(nodes).not.toContain('node-p');
  });

  it('a high-priority pod that fits nowhere preempts a low-priority one, is nominated, then lands', async () => {
    const onNodeP = {
      nodeSelector: { 'kubernetes.io/hostname': 'node-p' },
      tolerations: [{ ...TAINT, operator: 'Equal' }],
    };
    await client
      .pods('default')
      .create(testPod('low', { ...onNodeP, priority: 10 }, { cpu: '1500m', labels: { app: 'low' } }));
    expect(await boundNode(client, 'low')).toBe('node-p');
    const high = await client
      .pods('default')
      .create(testPod('high', { ...onNodeP, priority: 1000 }, { cpu: '1500m', labels: { app: 'high' } }));
    expect(await eventually(async () => (await get('high')).status?.nominatedNodeName)).toBe('node-p');
    // Play kubelet: the victim was deleted gracefully; finish the deletion.
    await eventually(async () => (await get('low')).metadata.deletionTimestamp);
    const preempted = await eventFor(client, 'low', 'Preempted');
    expect(preempted.message).toBe(`Preempted by pod ${high.metadata.uid} on node node-p`);
    await client.pods('default').delete('low', { gracePeriodSeconds: 0 });
    expect(await boundNode(client, 'high')).toBe('node-p');
  });

  it('a custom score plugin loaded from a file steers placement', async () => {
    for (let i = 0; i < 3; i++)
      await client.pods('default').create(testPod(`custom-${i}`, { schedulerName: 'custom-scheduler' }));
    for (let i = 0; i < 3; i++) expect(await boundNode(client, `custom-${i}`)).toBe('node-2');
    const decision = await decisionOf('custom-0');
    expect(decision.scores[0]?.plugins.PreferNode2).toBe(100);
    expect(decision.weights.PreferNode2).toBe(100);
  });

  it('puts the decision summary on a scheduled pod', async () => {
    await client.pods('default').create(testPod('explained', {}, { labels: { app: 'explained' } }));
    const nodeName = await boundNode(client, 'explained');
    const decision = await decisionOf('explained');
    expect(decision).toMatchObject({
      pod: 'default/explained',
      schedulerName: 'default-scheduler',
      winner: nodeName,
      nodes: { total: 4, feasible: 3, shown: 4 },
    });
    expect(decision.filters['node-p']).toBe('TaintToleration: node(s) had untolerated taint {dedicated: preempt}');
    expect(decision.scores.length).toBe(3);
  });
});
