// pods/log, exec, attach and portforward are answered by the pod's kubelet. Until a kubelet serves them, the API
// says so clearly instead of failing obscurely.
import { errors } from '../status.js';
import { objectNamespace, type RestContext, type RestResult } from './context.js';

export async function proxyToKubelet(ctx: RestContext): Promise<RestResult> {
  const pod = await ctx.store.get(objectNamespace(ctx), ctx.request.name!);
  const node = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
  if (!node) {
    throw errors.badRequest(
      `pod ${pod.metadata.name} is not scheduled to a node yet: there is no kubelet to ask for its ${ctx.request.subresource}`,
    );
  }
  throw errors.unavailable(
    `no kubelet answers for node "${node}": ${ctx.request.subresource} is served by the node's kubelet`,
  );
}
