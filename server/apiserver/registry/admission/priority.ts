// The Priority admission plugin: a pod naming a PriorityClass gets its value and preemption policy; a pod naming
// none gets the globalDefault class if there is one, else priority 0. The built-in system classes need no object.
import type { KubeObject } from '../../../api/meta.js';
import { ApiError } from '../../status.js';
import { hasSpec, type AdmissionPlugin, type StrategyContext } from '../strategy.js';

/** The priorities of the built-in PriorityClasses (scheduling.SystemPriorityClasses). */
const SYSTEM_PRIORITY_CLASSES: Readonly<Record<string, number>> = {
  'system-node-critical': 2000001000,
  'system-cluster-critical': 2000000000,
};

interface PrioritySpec {
  priorityClassName?: string;
  priority?: number;
  preemptionPolicy?: string;
}

/** The class a pod runs at: the one it names (403 when there is none), else the global default, else none. */
async function chosenClass(ctx: StrategyContext, pod: KubeObject, spec: PrioritySpec): Promise<KubeObject | null> {
  const classes = ctx.storeFor('priorityclasses', 'scheduling.k8s.io');
  if (!spec.priorityClassName)
    return (await classes.list(undefined)).items.find((c) => c.globalDefault === true) ?? null;
  const found = await classes.find(undefined, spec.priorityClassName);
  if (found) return found;
  throw new ApiError(
    403,
    'Forbidden',
    `pods "${pod.metadata.name ?? ''}" is forbidden: no PriorityClass with name ${spec.priorityClassName} was found`,
  );
}

/**
 * As upstream's plugin/pkg/admission/priority. (A priority the client set itself is kept, where upstream would
 * refuse it: the labs set it directly.)
 */
export const Priority: AdmissionPlugin = {
  name: 'Priority',
  async admit(ctx, pod) {
    if (!hasSpec(pod)) return;
    const spec = pod.spec as PrioritySpec;
    const system = spec.priorityClassName ? SYSTEM_PRIORITY_CLASSES[spec.priorityClassName] : undefined;
    if (system !== undefined) spec.priority ??= system;
    else {
      const chosen = await chosenClass(ctx, pod, spec);
      if (chosen) {
        spec.priorityClassName = chosen.metadata.name;
        spec.priority ??= Number(chosen.value ?? 0);
        spec.preemptionPolicy ??= chosen.preemptionPolicy as string | undefined;
      } else spec.priority ??= 0;
    }
    spec.preemptionPolicy ??= 'PreemptLowerPriority';
  },
};
