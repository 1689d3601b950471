// Facts about fields that client-node's models do not carry: which fields upstream marks required, and the
// strategic-merge tags (from patch-schema.ts) laid onto the model types they belong to.
import { mergesList, patchSchemaFor, type FieldPatchMeta, type PatchSchema } from '../patch/patch-schema.js';
import { innerModel, modelFields, parseFieldType } from './models.js';

// Required fields per model, as upstream's generated OpenAPI lists them (the `+required` / non-omitempty fields).
const REQUIRED: Readonly<Record<string, readonly string[]>> = {
  V1Container: ['name'],
  V1EphemeralContainer: ['name'],
  V1PodSpec: ['containers'],
  V1DeploymentSpec: ['selector', 'template'],
  V1ReplicaSetSpec: ['selector'],
  V1DaemonSetSpec: ['selector', 'template'],
  V1StatefulSetSpec: ['selector', 'template'],
  V1JobSpec: ['template'],
  V1CronJobSpec: ['schedule', 'jobTemplate'],
  V1EnvVar: ['name'],
  V1ContainerPort: ['containerPort'],
  V1VolumeMount: ['name', 'mountPath'],
  V1Volume: ['name'],
  V1ServicePort: ['port'],
  V1LabelSelectorRequirement: ['key', 'operator'],
  V1OwnerReference: ['apiVersion', 'kind', 'name', 'uid'],
  V1ConfigMapKeySelector: ['key'],
  V1SecretKeySelector: ['key'],
  V1ObjectFieldSelector: ['fieldPath'],
  V1ResourceFieldSelector: ['resource'],
  V1KeyToPath: ['key', 'path'],
  V1HTTPGetAction: ['port'],
  V1TCPSocketAction: ['port'],
  V1GRPCAction: ['port'],
  V1HTTPHeader: ['name', 'value'],
  V1HostAlias: ['ip'],
  V1HostPathVolumeSource: ['path'],
  V1PersistentVolumeClaimVolumeSource: ['claimName'],
  V1Taint: ['key', 'effect'],
  V1NodeSelector: ['nodeSelectorTerms'],
  V1NodeSelectorRequirement: ['key', 'operator'],
  V1PodAffinityTerm: ['topologyKey'],
  V1WeightedPodAffinityTerm: ['weight', 'podAffinityTerm'],
  V1PreferredSchedulingTerm: ['weight', 'preference'],
  V1TopologySpreadConstraint: ['maxSkew', 'topologyKey', 'whenUnsatisfiable'],
  V1PodReadinessGate: ['conditionType'],
  V1Sysctl: ['name', 'value'],
  V1PodCondition: ['type', 'status'],
  V1NodeCondition: ['type', 'status'],
  V1NamespaceCondition: ['type', 'status'],
  V1DeploymentCondition: ['type', 'status'],
  V1ReplicaSetCondition: ['type', 'status'],
  V1JobCondition: ['type', 'status'],
  V1ContainerStatus: ['name', 'ready', 'restartCount', 'image', 'imageID'],
  V1Condition: ['type', 'status', 'lastTransitionTime', 'reason', 'message'],
  V1Binding: ['target'],
  CoreV1Event: ['metadata', 'involvedObject'],
  CoreV1EndpointPort: ['port'],
  V1EndpointAddress: ['ip'],
  V1EndpointSlice: ['addressType', 'endpoints'],
  V1Endpoint: ['addresses'],
  V1PriorityClass: ['value'],
  V1ControllerRevision: ['revision'],
  V1ScaleStatus: ['replicas'],
};

/** The fields of `model` that upstream requires, limited to fields the model has. */
export function requiredFields(model: string): string[] {
  const names = new Set((modelFields(model) ?? []).map((field) => field.baseName));
  return (REQUIRED[model] ?? []).filter((name) => names.has(name));
}

/** Strategic-merge tags by model, then by field: `V1PodSpec` → `containers` → merge on `name`. */
export type PatchTags = ReadonlyMap<string, ReadonlyMap<string, FieldPatchMeta>>;

/**
 * Lays the per-kind patch metadata of patch-schema.ts onto the model types it passes through. Upstream keeps the
 * tags on Go struct fields, so one type carries the same tags whichever kind reaches it; so do we.
 */
export function patchTags(kinds: Iterable<{ apiVersion: string; kind: string; model: string }>): PatchTags {
  const tags = new Map<string, Map<string, FieldPatchMeta>>();
  const visit = (model: string, schema: PatchSchema) => {
    const fields = modelFields(model) ?? [];
    for (const [name, meta] of Object.entries(schema)) {
      const field = fields.find((candidate) => candidate.baseName === name);
      if (!field) continue;
      if (meta.patchStrategy || meta.patchMergeKey) {
        const byField = tags.get(model) ?? new Map<string, FieldPatchMeta>();
        tags.set(model, byField.set(name, meta));
      }
      const inner = innerModel(parseFieldType(field.type));
      if (meta.fields && inner) visit(inner, meta.fields);
    }
  };
  for (const { apiVersion, kind, model } of kinds) {
    const schema = patchSchemaFor(apiVersion, kind);
    if (schema) visit(model, schema);
  }
  return tags;
}

/**
 * The OpenAPI extensions of one field from its tags. Merged lists of objects are maps keyed by the merge key,
 * merged lists of primitives are sets, as upstream's `+listType` markers mostly say (upstream keys a few lists,
 * such as container ports, by more than the merge key; only server-side apply would notice).
 */
export function patchExtensions(meta: FieldPatchMeta, isList: boolean): Record<string, unknown> {
  const extensions: Record<string, unknown> = {};
  if (meta.patchStrategy) extensions['x-kubernetes-patch-strategy'] = meta.patchStrategy;
  if (meta.patchMergeKey) extensions['x-kubernetes-patch-merge-key'] = meta.patchMergeKey;
  if (isList && mergesList(meta)) {
    if (meta.patchMergeKey) {
      extensions['x-kubernetes-list-type'] = 'map';
      extensions['x-kubernetes-list-map-keys'] = [meta.patchMergeKey];
    } else {
      extensions['x-kubernetes-list-type'] = 'set';
    }
  }
  return extensions;
}
