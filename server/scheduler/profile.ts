// Scheduler profiles, in the spirit of KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1): each profile is a
// schedulerName and the plugins it runs. Plugins are enabled for every extension point they implement through
// `multiPoint`, or per extension point (`filter`, `score`, ...); `disabled` removes them ('*' removes all defaults);
// a score plugin's weight says how much it counts. Anything left unsaid takes upstream's defaults.
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Pod } from '../api/types/core.js';
import {
  CycleState,
  Status,
  type FilterPlugin,
  type Framework,
  type NodeInfo,
  type Plugin,
  type PostFilterPlugin,
  type PreFilterPlugin,
  type PreScorePlugin,
  type ScorePlugin,
} from './framework.js';
import * as defaultPreemption from './plugins/default-preemption.js';
import * as interPodAffinity from './plugins/inter-pod-affinity.js';
import * as nodeAffinity from './plugins/node-affinity.js';
import * as nodeName from './plugins/node-name.js';
import * as nodePorts from './plugins/node-ports.js';
import * as balancedAllocation from './plugins/node-resources-balanced-allocation.js';
import * as nodeResourcesFit from './plugins/node-resources-fit.js';
import * as nodeUnschedulable from './plugins/node-unschedulable.js';
import type { SpreadListers } from './plugins/helper/spread.js';
import * as podTopologySpread from './plugins/pod-topology-spread.js';
import * as taintToleration from './plugins/taint-toleration.js';

/**
 * What the scheduler lends to plugins that act beyond a verdict on one node (upstream's framework.Handle): preemption
 * evicts pods through it, InterPodAffinity reads namespace labels. The scheduler passes one; tests may pass fakes.
 */
export interface SchedulerHandle {
  /** Deletes `victim` gracefully and records a Preempted event on it; in the background. */
  preempt(victim: Pod, preemptor: Pod, nodeName: string): void;
  /** The labels of a namespace, for namespaceSelector; undefined when unknown. */
  namespaceLabels?(namespace: string): Record<string, string> | undefined;
  /** Services and controllers from the scheduler's informers, for PodTopologySpread's default constraints. */
  listers?: SpreadListers;
}

/** What a plugin factory gets: the scheduler's handle plus a way to run this profile's filters (for preemption). */
export type PluginHandle = SchedulerHandle & defaultPreemption.PreemptionHandle;

/** Makes a plugin from its pluginConfig args (undefined when none were given) and the profile's handle. */
export type PluginFactory = (args: unknown, handle: PluginHandle) => Plugin;

/** Plugin factories by name: the built-ins, plus whatever a caller (custom plugin loading) adds. */
export type Registry = Record<string, PluginFactory>;

/** The built-in plugins, by their upstream names. */
export function defaultRegistry(): Registry {
  return {
    [nodeUnschedulable.NAME]: () => nodeUnschedulable.create(),
    [nodeName.NAME]: () => nodeName.create(),
    [taintToleration.NAME]: () => taintToleration.create(),
    [nodeAffinity.NAME]: () => nodeAffinity.create(),
    [nodePorts.NAME]: () => nodePorts.create(),
    [nodeResourcesFit.NAME]: (args) => nodeResourcesFit.create(args as nodeResourcesFit.NodeResourcesFitArgs),
    [balancedAllocation.NAME]: () => balancedAllocation.create(),
    [podTopologySpread.NAME]: (args, handle) =>
      podTopologySpread.create(args as podTopologySpread.PodTopologySpreadArgs, handle.listers),
    [interPodAffinity.NAME]: (args, handle) =>
      interPodAffinity.create(args as interPodAffinity.InterPodAffinityArgs, (ns) => handle.namespaceLabels?.(ns)),
    [defaultPreemption.NAME]: (_args, handle) => defaultPreemption.create(handle),
  };
}

/** The default plugins in upstream's order, with upstream's default score weights (v1 getDefaultPlugins). */
export const DEFAULT_PLUGINS: readonly { name: string; weight?: number }[] = [
  { name: 'NodeUnschedulable' },
  { name: 'NodeName' },
  { name: 'TaintToleration', weight: 3 },
  { name: 'NodeAffinity', weight: 2 },
  { name: 'NodePorts' },
  { name: 'NodeResourcesFit', weight: 1 },
  { name: 'PodTopologySpread', weight: 2 },
  { name: 'InterPodAffinity', weight: 2 },
  { name: 'DefaultPreemption' },
  { name: 'NodeResourcesBalancedAllocation', weight: 1 },
];

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

const pluginList = z
  .object({
    enabled: z.array(z.object({ name: z.string().min(1), weight: z.number().int().min(0).optional() })).optional(),
    disabled: z.array(z.object({ name: z.string().min(1) })).optional(),
  })
  .optional();

const EXTENSION_POINTS = ['preFilter', 'filter', 'postFilter', 'preScore', 'score'] as const;
type ExtensionPoint = (typeof EXTENSION_POINTS)[number];

const profileSchema = z.object({
  schedulerName: z.string().min(1).default(DEFAULT_SCHEDULER_NAME),
  plugins: z
    .object({
      multiPoint: pluginList,
      preFilter: pluginList,
      filter: pluginList,
      postFilter: pluginList,
      preScore: pluginList,
      score: pluginList,
    })
    .optional(),
  pluginConfig: z.array(z.object({ name: z.string().min(1), args: z.unknown().optional() })).optional(),
  /** kubelab's own: filter/score plugins loaded from a file (custom-plugins.ts), enabled after the defaults. */
  customPlugins: z
    .array(
      z.object({
        name: z.string().min(1),
        path: z.string().min(1),
        weight: z.number().int().min(0).optional(),
        args: z.unknown().optional(),
      }),
    )
    .optional(),
});

const configSchema = z.object({
  apiVersion: z.string().optional(),
  kind: z.literal('KubeSchedulerConfiguration').optional(),
  profiles: z.array(profileSchema).optional(),
});

/** One profile as written in the config file (validated). */
export type ProfileConfig = z.infer<typeof profileSchema>;

/** A whole config file: its profiles (one default-scheduler profile when none is given). */
export interface SchedulerConfig {
  profiles: ProfileConfig[];
}

/** Reads a KubeSchedulerConfiguration from YAML or JSON text; errors are returned, not thrown. */
export function parseSchedulerConfig(
  text: string,
): { ok: true; config: SchedulerConfig } | { ok: false; error: string } {
  let raw: unknown;
  try {
    raw = parseYaml(text) ?? {};
  } catch (error) {
    return { ok: false, error: `not YAML or JSON: ${(error as Error).message}` };
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success)
    return { ok: false, error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  const profiles = parsed.data.profiles?.length ? parsed.data.profiles : [defaultProfile()];
  const names = profiles.map((p) => p.schedulerName);
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate) return { ok: false, error: `profiles: duplicate schedulerName "${duplicate}"` };
  return { ok: true, config: { profiles } };
}

/** The default profile: schedulerName default-scheduler with every default plugin. */
export function defaultProfile(): ProfileConfig {
  return { schedulerName: DEFAULT_SCHEDULER_NAME };
}

/**
 * The plugins of one profile per extension point, by name, with score weights: the defaults less `disabled`, plus
 * `enabled`, first through multiPoint, then per extension point. Unknown names are an error.
 */
export function resolvePlugins(
  profile: ProfileConfig,
  registry: Registry = defaultRegistry(),
  schedulerHandle: SchedulerHandle = { preempt: () => {} },
): { ok: true; framework: Framework } | { ok: false; error: string } {
  const plugins = profile.plugins ?? {};
  const args = new Map((profile.pluginConfig ?? []).map((c) => [c.name, c.args]));
  for (const custom of profile.customPlugins ?? []) if (custom.args !== undefined) args.set(custom.name, custom.args);
  const customEntries = (profile.customPlugins ?? []).map(({ name, weight }) => ({ name, weight }));
  const multiPoint = [...applyList(DEFAULT_PLUGINS, plugins.multiPoint), ...customEntries];
  const framework: Framework = {
    schedulerName: profile.schedulerName,
    preFilter: [],
    filter: [],
    postFilter: [],
    preScore: [],
    score: [],
  };
  const handle: PluginHandle = {
    ...schedulerHandle,
    runFilters: (pod, nodes, node) => runFilters(framework, pod, nodes, node),
  };
  const instances = new Map<string, Plugin>();
  const instance = (name: string): Plugin | undefined => {
    if (!instances.has(name) && registry[name]) instances.set(name, registry[name](args.get(name), handle));
    return instances.get(name);
  };
  for (const point of EXTENSION_POINTS) {
    const implementing = multiPoint.filter((p) => implementsPoint(instance(p.name), point));
    for (const { name, weight } of applyList(implementing, plugins[point])) {
      const plugin = instance(name);
      if (!plugin) return { ok: false, error: `profile ${profile.schedulerName}: unknown plugin "${name}"` };
      if (!implementsPoint(plugin, point))
        return { ok: false, error: `profile ${profile.schedulerName}: plugin "${name}" has no ${point} hook` };
      if (point === 'score') framework.score.push({ plugin: plugin as ScorePlugin, weight: weight ?? 1 });
      else (framework[point] as Plugin[]).push(plugin);
    }
  }
  const unknown = multiPoint.find((p) => !instance(p.name));
  if (unknown) return { ok: false, error: `profile ${profile.schedulerName}: unknown plugin "${unknown.name}"` };
  return { ok: true, framework };
}

/** PreFilter then Filter of `framework` for `pod` on one node, with a fresh CycleState (what preemption re-runs). */
function runFilters(framework: Framework, pod: Pod, nodes: readonly NodeInfo[], node: NodeInfo): Status {
  const state = new CycleState();
  const skipped = new Set<string>();
  for (const plugin of framework.preFilter) {
    const status = plugin.preFilter(state, pod, nodes);
    if (status.code === 'Skip') skipped.add(plugin.name);
    else if (!status.isSuccess()) return status.withPlugin(plugin.name);
  }
  for (const plugin of framework.filter) {
    if (skipped.has(plugin.name)) continue;
    const status = plugin.filter(state, pod, node);
    if (!status.isSuccess()) return status.withPlugin(plugin.name);
  }
  return Status.success();
}

type PluginEntry = { name: string; weight?: number };

/** `list` less its disabled entries ('*': all of them), then its enabled ones (replacing same-named entries). */
function applyList(list: readonly PluginEntry[], change: z.infer<typeof pluginList>): PluginEntry[] {
  const disabled = new Set((change?.disabled ?? []).map((d) => d.name));
  const enabled = change?.enabled ?? [];
  const kept = disabled.has('*') ? [] : list.filter((p) => !disabled.has(p.name));
  const result = kept.map((p) => ({ ...p, ...enabled.find((e) => e.name === p.name) }));
  for (const entry of enabled) if (!result.some((p) => p.name === entry.name)) result.push(entry);
  return result;
}

/** True when `plugin` has the hook of `point` (a method of the same name). */
function implementsPoint(plugin: Plugin | undefined, point: ExtensionPoint): boolean {
  return typeof (plugin as unknown as Record<string, unknown> | undefined)?.[point] === 'function';
}

// Type-only re-exports so a custom plugin file can import everything it needs from one place.
export type { FilterPlugin, PostFilterPlugin, PreFilterPlugin, PreScorePlugin, ScorePlugin };
