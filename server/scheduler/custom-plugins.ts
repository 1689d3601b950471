// Custom plugins: a student's own Filter and/or Score plugin, a TypeScript or JavaScript file named in the profile
// config (`customPlugins: [{name: MyScore, path: /root/my-score.ts, weight: 5}]`) and imported when the scheduler
// starts, without rebuilding kubelab (`kubelab scheduler` registers tsx's loader when a profile names custom plugins,
// so .ts files load as they are).
//
// The file exports either a default plugin object (or a factory `(args) => plugin`, called once with the entry's
// `args`) with `filter` and/or `score` methods, or named `filter` / `score` (and optionally `normalizeScore`) functions. Both take (state, pod, nodeInfo):
//   filter returns a Status, or true/undefined (fits), false (does not fit) or a string (does not fit, this reason);
//   score returns a number, 0..100 unless normalizeScore maps it there.
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Pod } from '../api/types/core.js';
import {
  MAX_NODE_SCORE,
  Status,
  type CycleState,
  type FilterPlugin,
  type NodeInfo,
  type NodeScore,
  type Plugin,
  type ScorePlugin,
} from './framework.js';
import type { ProfileConfig, Registry } from './profile.js';

/** What a custom filter may return. */
export type CustomFilterResult = Status | boolean | string | undefined | void;

/** The shape of a custom plugin, as a module exports it. */
export interface CustomPluginModule {
  filter?(state: CycleState, pod: Pod, node: NodeInfo): CustomFilterResult;
  score?(state: CycleState, pod: Pod, node: NodeInfo): number;
  normalizeScore?(state: CycleState, pod: Pod, scores: NodeScore[]): Status | void;
}

type Loaded = { ok: true; registry: Registry } | { ok: false; error: string };

/**
 * Imports every profile's custom plugins and returns `registry` with a factory for each added. A file that cannot be
 * imported, or exports neither filter nor score, is an error naming the plugin and the file (a startup error).
 */
export async function loadCustomPlugins(
  profiles: readonly ProfileConfig[],
  registry: Registry,
  baseDir = process.cwd(),
): Promise<Loaded> {
  const result: Registry = { ...registry };
  for (const profile of profiles)
    for (const { name, path, args } of profile.customPlugins ?? []) {
      const file = isAbsolute(path) ? path : resolve(baseDir, path);
      if (registry[name])
        return { ok: false, error: `custom plugin ${name} (${file}): a built-in plugin has that name` };
      let module: Record<string, unknown>;
      try {
        module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      } catch (error) {
        return { ok: false, error: `custom plugin ${name}: cannot load ${file}: ${(error as Error).message}` };
      }
      let custom: CustomPluginModule | undefined;
      try {
        const shape = pluginShape(module);
        custom = typeof shape === 'function' ? shape(args) : shape;
      } catch (error) {
        return { ok: false, error: `custom plugin ${name} (${file}): its factory threw: ${(error as Error).message}` };
      }
      if (!isPlugin(custom))
        return { ok: false, error: `custom plugin ${name} (${file}): exports no filter or score function` };
      const plugin = custom;
      result[name] = () => wrap(name, plugin);
    }
  return { ok: true, registry: result };
}

/** The default export (a plugin object or a factory) if it has one, else the named filter/score exports. */
function pluginShape(
  module: Record<string, unknown>,
): CustomPluginModule | ((args: unknown) => CustomPluginModule) | undefined {
  const fallback = module.default;
  if (isPlugin(fallback)) return fallback;
  if (typeof fallback === 'function') return fallback as (args: unknown) => CustomPluginModule;
  if (isPlugin(module)) return module;
  return undefined;
}

function isPlugin(value: unknown): value is CustomPluginModule {
  if (typeof value !== 'object' || value === null) return false;
  const plugin = value as CustomPluginModule;
  return typeof plugin.filter === 'function' || typeof plugin.score === 'function';
}

/** A framework plugin named `name` around a custom module: results checked and turned into Statuses and scores. */
export function wrap(name: string, custom: CustomPluginModule): Plugin {
  const plugin: Plugin & Partial<FilterPlugin & ScorePlugin> = { name };
  if (typeof custom.filter === 'function')
    plugin.filter = (state, pod, node) => {
      try {
        return toStatus(custom.filter!(state, pod, node));
      } catch (error) {
        return Status.error(`custom filter threw: ${(error as Error).message}`);
      }
    };
  if (typeof custom.score === 'function') {
    // A plugin without normalizeScore must answer 0..MAX_NODE_SCORE; anything else is clamped, NaN counts 0.
    const clamp = custom.normalizeScore ? (n: number) => Math.max(0, n) : (n: number) => clampScore(n);
    plugin.score = (state, pod, node) => {
      try {
        return clamp(Number(custom.score!(state, pod, node)));
      } catch {
        return 0;
      }
    };
    if (custom.normalizeScore)
      plugin.normalizeScore = (state, pod, scores) => {
        const status = custom.normalizeScore!(state, pod, scores);
        for (const s of scores) s.score = clampScore(s.score);
        return status instanceof Status ? status : Status.success();
      };
  }
  return plugin;
}

function clampScore(score: number): number {
  return Number.isFinite(score) ? Math.min(MAX_NODE_SCORE, Math.max(0, Math.round(score))) : 0;
}

function toStatus(result: CustomFilterResult): Status {
  if (result instanceof Status) return result;
  if (result === undefined || result === true) return Status.success();
  if (typeof result === 'string') return Status.unschedulable(result);
  if (result === false) return Status.unschedulable('node(s) rejected by a custom filter');
  // A Status from another copy of framework.ts (e.g. imported by path in the student's file): trust its fields.
  const like = result as { code?: Status['code']; reasons?: string[] };
  return like.code ? new Status(like.code, like.reasons ?? []) : Status.success();
}
