// One scheduling cycle over 1,000 nodes with the default profile, then timed plugin by plugin (every hook of every
// plugin wrapped with a timer, in a second pass so the timers do not weigh on the cycle figure). In-process, no API:
// this is where the scheduler's own time goes. Reference in the same run: a cycle that only picks a feasible node
// by NodeName/NodeUnschedulable, the cheapest possible filter.
import type { Pod } from '../server/api/types/core.js';
import { runCycle } from '../server/scheduler/cycle.js';
import { NodeInfo, type Framework } from '../server/scheduler/framework.js';
import { defaultProfile, resolvePlugins } from '../server/scheduler/profile.js';
import type { BenchResult } from './stats.js';

const NODES = 1000;
const PODS_PER_NODE = 5;
const CYCLES = 200;

const pod = (name: string, node?: string): Pod =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'bench', uid: name, labels: { app: 'bench' } },
    spec: {
      nodeName: node,
      schedulerName: 'default-scheduler',
      containers: [{ name: 'c', image: 'busybox', resources: { requests: { cpu: '10m', memory: '16Mi' } } }],
    },
  }) as unknown as Pod;

function snapshot(): NodeInfo[] {
  return Array.from({ length: NODES }, (_, i) => {
    const capacity = { cpu: '32', memory: '128Gi', pods: '110' };
    const info = new NodeInfo({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: `node-${i}`, labels: { 'kubernetes.io/hostname': `node-${i}`, zone: `z${i % 3}` } },
      status: { capacity, allocatable: capacity },
    } as never);
    for (let j = 0; j < PODS_PER_NODE; j++) info.addPod(pod(`p-${i}-${j}`, `node-${i}`));
    return info;
  });
}

/** Wraps every hook of every plugin so its time adds up under `<plugin>.<hook>`. */
function timed(framework: Framework, times: Map<string, number>): Framework {
  const wrap = <T extends object>(plugin: T & { name: string }): T =>
    new Proxy(plugin, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const started = performance.now();
          try {
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          } finally {
            const label = `${target.name}.${String(key)}`;
            times.set(label, (times.get(label) ?? 0) + performance.now() - started);
          }
        };
      },
    });
  return {
    ...framework,
    preFilter: framework.preFilter.map(wrap),
    filter: framework.filter.map(wrap),
    postFilter: framework.postFilter.map(wrap),
    preScore: framework.preScore.map(wrap),
    score: framework.score.map(({ plugin, weight }) => ({ plugin: wrap(plugin), weight })),
  };
}

export function schedulerCycleBench(): BenchResult {
  const resolved = resolvePlugins(defaultProfile());
  if (!resolved.ok) throw new Error(resolved.error);
  const nodes = snapshot();
  const started = performance.now();
  for (let i = 0; i < CYCLES; i++) runCycle(resolved.framework, pod(`new-${i}`), nodes, { random: () => 0.5 });
  const perCycle = (performance.now() - started) / CYCLES;
  // Per plugin: the same cycles again with every hook timed (the timers add their own cost to the total).
  const times = new Map<string, number>();
  const framework = timed(resolved.framework, times);
  for (let i = 0; i < CYCLES; i++) runCycle(framework, pod(`timed-${i}`), nodes, { random: () => 0.5 });
  const minimal: Framework = {
    ...resolved.framework,
    preFilter: [],
    preScore: [],
    score: [],
    postFilter: [],
    filter: resolved.framework.filter.filter((p) => p.name === 'NodeName' || p.name === 'NodeUnschedulable'),
  };
  const minimalStarted = performance.now();
  for (let i = 0; i < CYCLES; i++) runCycle(minimal, pod(`min-${i}`), nodes, { random: () => 0.5 });
  const minimalPerCycle = (performance.now() - minimalStarted) / CYCLES;
  const perPlugin = Object.fromEntries(
    [...times].sort((a, b) => b[1] - a[1]).map(([label, ms]) => [`${label}Ms`, ms / CYCLES]),
  );
  return {
    name: `scheduling cycle over ${NODES} nodes, per plugin`,
    unit: 'ms per cycle',
    runs: CYCLES,
    figures: {
      cycle: perCycle,
      minimalCycle: minimalPerCycle,
      ratioToMinimal: perCycle / minimalPerCycle,
      ...perPlugin,
    },
    reference: 'a cycle with only the NodeName and NodeUnschedulable filters over the same snapshot, same run',
  };
}
