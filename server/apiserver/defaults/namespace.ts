// Namespace defaults: SetDefaults_Namespace and SetDefaults_NamespaceStatus (pkg/apis/core/v1/defaults.go), and the
// `kubernetes` finalizer the namespace registry adds on create.
import type { Namespace } from '../../api/types/core.js';

/** The label every namespace carries with its own name, so selectors can pick namespaces by name. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** Active, finalized by `kubernetes`, labelled with its name. */
export function defaultNamespace(namespace: Namespace): void {
  const name = namespace.metadata.name;
  if (name) namespace.metadata.labels = { ...(namespace.metadata.labels ?? {}), [NAMESPACE_NAME_LABEL]: name };
  const spec = (namespace.spec ??= {});
  if (!spec.finalizers || spec.finalizers.length === 0) spec.finalizers = ['kubernetes'];
  const status = (namespace.status ??= {});
  status.phase ||= 'Active';
}
