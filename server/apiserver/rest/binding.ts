// pods/binding: how a scheduler places a pod. Sets spec.nodeName once (409 if already bound), the PodScheduled
// condition and the binding's annotations, as upstream's BindingREST.
import type { KubeObject } from '../../api/meta.js';
import { rfc3339 } from '../../api/time.js';
import { mediaType, parseDocument } from '../http/body.js';
import { errors } from '../status.js';
import { isObject, objectNamespace, type RestContext, type RestResult } from './context.js';

export async function bind(ctx: RestContext): Promise<RestResult> {
  const binding = parseDocument(await ctx.body(), mediaType(ctx.req.headers['content-type']));
  const target = isObject(binding) ? (binding.target as { kind?: string; name?: string } | undefined) : undefined;
  const podName = ctx.request.name ?? (isObject(binding) ? binding.metadata?.name : undefined);
  if (!podName) throw errors.badRequest('the binding must name the pod');
  if (!target?.name || (target.kind && target.kind !== 'Node')) {
    throw errors.invalid('Binding', '', podName, [
      { type: 'FieldValueRequired', field: 'target.name', message: 'Required value: a node name' },
    ]);
  }
  const pods = ctx.storeFor('pods');
  await pods.guaranteedUpdate(objectNamespace(ctx), podName, (pod: KubeObject) => {
    const spec = pod.spec as { nodeName?: string };
    if (pod.metadata.deletionTimestamp)
      throw errors.conflict('pods', '', podName, 'pod is being deleted, cannot be assigned to a host');
    if (spec.nodeName)
      throw errors.conflict('pods', '', podName, `pod ${podName} is already assigned to node "${spec.nodeName}"`);
    spec.nodeName = target.name;
    // As upstream's setPodHostAndAnnotations: the binding's annotations are copied onto the pod.
    const annotations = isObject(binding) ? binding.metadata?.annotations : undefined;
    if (annotations) pod.metadata.annotations = { ...pod.metadata.annotations, ...annotations };
    const status = (pod.status ?? {}) as { conditions?: { type: string }[] };
    const conditions = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
    const now = rfc3339(ctx.now());
    pod.status = {
      ...status,
      conditions: [
        ...conditions,
        { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now },
      ],
    };
    return pod;
  });
  return { code: 201, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } };
}
