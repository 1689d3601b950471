// DeleteOptions, from the body (kubectl sends one) and the query (client-node and curl users send these), checked
// as upstream checks them: a non-negative grace period and a known propagation policy.
import { mediaType, parseDocument } from '../http/body.js';
import { errors } from '../status.js';
import { isObject, type RestContext } from './context.js';

/** The meta.k8s.io/v1 DeleteOptions fields this server acts on. */
export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
  /** ["All"] for a dry run: kubectl puts it here rather than in the query. */
  dryRun?: string[];
}

/** DeleteOptions from the body (kubectl sends one) and the query (client-node and curl users send these). */
export async function deleteOptions(ctx: RestContext): Promise<DeleteOptions> {
  const text = await ctx.body();
  const body = text.trim() ? parseDocument(text, mediaType(ctx.req.headers['content-type'])) : {};
  if (!isObject(body)) throw errors.badRequest('DeleteOptions must be a JSON object');
  const options = body as DeleteOptions;
  const grace = ctx.query.get('gracePeriodSeconds');
  if (grace !== null) options.gracePeriodSeconds = Number(grace);
  const policy = ctx.query.get('propagationPolicy');
  if (policy) options.propagationPolicy = policy as DeleteOptions['propagationPolicy'];
  if (
    options.gracePeriodSeconds !== undefined &&
    !(Number.isInteger(options.gracePeriodSeconds) && options.gracePeriodSeconds >= 0)
  ) {
    throw errors.badRequest('gracePeriodSeconds must be a non-negative integer');
  }
  if (options.propagationPolicy && !['Foreground', 'Background', 'Orphan'].includes(options.propagationPolicy)) {
    throw errors.badRequest(
      `propagationPolicy must be Foreground, Background or Orphan, not "${options.propagationPolicy}"`,
    );
  }
  return options;
}
