// The resource-specific steps of a create, in upstream's order, for the REST handlers and for tests: defaults,
// the mutating admission plugins, PrepareForCreate; after validation, the validating admission plugins.
import type { KubeObject } from '../../api/meta.js';
import { NamespaceLifecycle } from './admission/namespace-lifecycle.js';
import { strategyFor } from './strategies.js';
import type { AdmissionPlugin, StrategyContext } from './strategy.js';

/** The admission plugins every resource gets, before its strategy's own. */
const COMMON_ADMISSION: readonly AdmissionPlugin[] = [NamespaceLifecycle];

function pluginsFor(ctx: StrategyContext): AdmissionPlugin[] {
  return [...COMMON_ADMISSION, ...(strategyFor(ctx.info).admission ?? [])];
}

/** Defaults, mutating admission and PrepareForCreate of `ctx.info`'s strategy, applied to `object` in place. */
export async function mutateForCreate(ctx: StrategyContext, object: KubeObject): Promise<void> {
  const strategy = strategyFor(ctx.info);
  strategy.defaults?.(object);
  for (const plugin of pluginsFor(ctx)) await plugin.admit?.(ctx, object);
  strategy.prepareForCreate?.(object);
}

/** The validating admission plugins (NamespaceLifecycle): they refuse with an ApiError or let the object pass. */
export async function validateAdmission(ctx: StrategyContext, object: KubeObject): Promise<void> {
  for (const plugin of pluginsFor(ctx)) await plugin.validate?.(ctx, object);
}
