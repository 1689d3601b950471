// The DefaultTolerationSeconds admission plugin: every new pod tolerates a not-ready and an unreachable node for a
// while (300 s unless the API server was told otherwise), so a node's brief hiccup does not evict its pods at once.
import type { KubeObject } from '../../../api/meta.js';
import type { Pod, Toleration } from '../../../api/types/core.js';
import { hasSpec, type AdmissionPlugin } from '../strategy.js';
import type { TolerationDefaults } from '../strategy-context.js';

/** Seconds a pod stays bound to a not-ready or unreachable node (DefaultTolerationSeconds' default). */
export const DEFAULT_TOLERATION_SECONDS = 300;

export type { TolerationDefaults } from '../strategy-context.js';

/** Upstream's defaults: 300 s each. */
export const DEFAULT_TOLERATIONS: TolerationDefaults = {
  notReadySeconds: DEFAULT_TOLERATION_SECONDS,
  unreachableSeconds: DEFAULT_TOLERATION_SECONDS,
};

const tolerates = (t: Toleration, key: string) => (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect);

/** Adds the not-ready and unreachable NoExecute tolerations a pod does not already have. */
export function addDefaultTolerations(pod: Pod, defaults: TolerationDefaults = DEFAULT_TOLERATIONS): void {
  const tolerations = pod.spec.tolerations ?? [];
  const seconds = {
    'node.kubernetes.io/not-ready': defaults.notReadySeconds,
    'node.kubernetes.io/unreachable': defaults.unreachableSeconds,
  };
  for (const [key, tolerationSeconds] of Object.entries(seconds)) {
    if (tolerations.some((t) => tolerates(t, key))) continue;
    tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds });
  }
  pod.spec.tolerations = tolerations;
}

/** As upstream's plugin/pkg/admission/defaulttolerationseconds. */
export const DefaultTolerationSeconds: AdmissionPlugin = {
  name: 'DefaultTolerationSeconds',
  admit: (ctx, pod: KubeObject) => {
    if (hasSpec(pod)) addDefaultTolerations(pod as Pod, ctx.tolerations);
  },
};
