// Strategic-merge metadata of the built-in kinds: the `patchStrategy`/`patchMergeKey` struct tags of
// k8s.io/api (core/v1, apps/v1, batch/v1, ...), written down as data. Only fields that carry a tag, or lead to
// one, are listed; every other list is replaced whole and every other object merged key by key.

/** A field's upstream tags. `fields` describes the nested object, or the item of a list. */
export interface FieldPatchMeta {
  /** `merge`: lists are merged (by `patchMergeKey` for objects, as a set for primitives). Otherwise replaced. */
  patchStrategy?: 'merge' | 'retainKeys' | 'merge,retainKeys';
  patchMergeKey?: string;
  fields?: PatchSchema;
}

/** Patch metadata of one object type, by JSON field name. */
export type PatchSchema = Readonly<Record<string, FieldPatchMeta>>;

/** True when the field's list is merged rather than replaced. */
export function mergesList(meta: FieldPatchMeta | undefined): boolean {
  return meta?.patchStrategy === 'merge' || meta?.patchStrategy === 'merge,retainKeys';
}

const mergeBy = (patchMergeKey: string, fields?: PatchSchema): FieldPatchMeta => ({
  patchStrategy: 'merge',
  patchMergeKey,
  ...(fields ? { fields } : {}),
});
const nested = (fields: PatchSchema): FieldPatchMeta => ({ fields });
const conditions = mergeBy('type');

const objectMeta: PatchSchema = {
  ownerReferences: mergeBy('uid'),
  finalizers: { patchStrategy: 'merge' },
};

// Container and EphemeralContainerCommon carry the same tags. resizePolicy, envFrom, command, args: atomic.
const container: PatchSchema = {
  ports: mergeBy('containerPort'),
  env: mergeBy('name'),
  volumeMounts: mergeBy('mountPath'),
  volumeDevices: mergeBy('devicePath'),
};

// tolerations and readinessGates carry no tag: a patch replaces them whole.
const podSpec: PatchSchema = {
  volumes: { patchStrategy: 'merge,retainKeys', patchMergeKey: 'name' },
  initContainers: mergeBy('name', container),
  containers: mergeBy('name', container),
  ephemeralContainers: mergeBy('name', container),
  imagePullSecrets: mergeBy('name'),
  hostAliases: mergeBy('ip'),
  topologySpreadConstraints: mergeBy('topologyKey'),
  schedulingGates: mergeBy('name'),
  resourceClaims: { patchStrategy: 'merge,retainKeys', patchMergeKey: 'name' },
};

const podStatus: PatchSchema = {
  conditions,
  podIPs: mergeBy('ip'),
  hostIPs: mergeBy('ip'),
  resourceClaimStatuses: { patchStrategy: 'merge,retainKeys', patchMergeKey: 'name' },
};

const podTemplateSpec: PatchSchema = { metadata: nested(objectMeta), spec: nested(podSpec) };

/** A kind whose spec holds a pod template, plus status conditions merged by type. */
const workload = (specExtra: PatchSchema = {}): PatchSchema => ({
  metadata: nested(objectMeta),
  spec: nested({ template: nested(podTemplateSpec), ...specExtra }),
  status: nested({ conditions }),
});

const metaOnly: PatchSchema = { metadata: nested(objectMeta) };
const withConditions: PatchSchema = { metadata: nested(objectMeta), status: nested({ conditions }) };

const jobSpec: PatchSchema = { template: nested(podTemplateSpec) };

// Keys are `<apiVersion>/<kind>`, e.g. `apps/v1/Deployment`.
const SCHEMAS: ReadonlyMap<string, PatchSchema> = new Map<string, PatchSchema>([
  ['v1/Pod', { metadata: nested(objectMeta), spec: nested(podSpec), status: nested(podStatus) }],
  ['v1/PodTemplate', { metadata: nested(objectMeta), template: nested(podTemplateSpec) }],
  ['v1/ReplicationController', workload()],
  // spec.taints carries no tag: `kubectl taint` sends the whole list.
  [
    'v1/Node',
    {
      metadata: nested(objectMeta),
      spec: nested({ podCIDRs: { patchStrategy: 'merge' } }),
      status: nested({ conditions, addresses: mergeBy('type') }),
    },
  ],
  [
    'v1/Service',
    { metadata: nested(objectMeta), spec: nested({ ports: mergeBy('port') }), status: nested({ conditions }) },
  ],
  ['v1/Endpoints', metaOnly], // subsets and their addresses/ports are atomic
  ['v1/Namespace', withConditions],
  ['v1/ServiceAccount', { metadata: nested(objectMeta), secrets: mergeBy('name') }],
  ['v1/PersistentVolumeClaim', withConditions],
  ...['ConfigMap', 'Secret', 'Event', 'PersistentVolume', 'LimitRange', 'ResourceQuota'].map(
    (kind): [string, PatchSchema] => [`v1/${kind}`, metaOnly],
  ),
  ['apps/v1/Deployment', workload({ strategy: { patchStrategy: 'retainKeys' } })],
  ['apps/v1/ReplicaSet', workload()],
  ['apps/v1/DaemonSet', workload()],
  ['apps/v1/StatefulSet', workload()],
  ['apps/v1/ControllerRevision', metaOnly],
  ['batch/v1/Job', workload()],
  [
    'batch/v1/CronJob',
    {
      metadata: nested(objectMeta),
      spec: nested({ jobTemplate: nested({ metadata: nested(objectMeta), spec: nested(jobSpec) }) }),
    },
  ],
  ['policy/v1/PodDisruptionBudget', withConditions],
  ['autoscaling/v1/Scale', metaOnly],
  ['coordination.k8s.io/v1/Lease', metaOnly],
  ['discovery.k8s.io/v1/EndpointSlice', metaOnly],
  ['networking.k8s.io/v1/Ingress', metaOnly],
  ['networking.k8s.io/v1/NetworkPolicy', metaOnly],
  ...['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'].map((kind): [string, PatchSchema] => [
    `rbac.authorization.k8s.io/v1/${kind}`,
    metaOnly,
  ]),
]);

/**
 * The strategic-merge metadata of a kind, or undefined when the server has none (custom resources): callers
 * then fall back to JSON merge patch semantics, as the brief for CRDs asks.
 */
export function patchSchemaFor(apiVersion: string, kind: string): PatchSchema | undefined {
  return SCHEMAS.get(`${apiVersion}/${kind}`);
}
