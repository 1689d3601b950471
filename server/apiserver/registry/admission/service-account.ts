// The ServiceAccount admission plugin's naming part: a pod that names no service account runs as `default`.
import type { KubeObject } from '../../../api/meta.js';
import type { Pod } from '../../../api/types/core.js';
import { hasSpec, type AdmissionPlugin } from '../strategy.js';

/** spec.serviceAccountName and its deprecated twin spec.serviceAccount, `default` unless the pod names one. */
function setServiceAccount(pod: Pod): void {
  const name = pod.spec.serviceAccountName || pod.spec.serviceAccount || 'default';
  pod.spec.serviceAccountName = name;
  pod.spec.serviceAccount = name;
}

/** As upstream's plugin/pkg/admission/serviceaccount (without token mounting). */
export const ServiceAccount: AdmissionPlugin = {
  name: 'ServiceAccount',
  admit: (_ctx, pod: KubeObject) => {
    if (hasSpec(pod)) setServiceAccount(pod as Pod);
  },
};
