// The body of a review (access review, rules review, self subject review): an object, else a 400.
import type { KubeObject } from '../../../api/meta.js';
import { mediaType, parseDocument } from '../../http/body.js';
import { isObject, type RestContext } from '../../rest/context.js';
import { errors } from '../../status.js';

/** The review the client posted, with a metadata object even when it sent none. */
export async function reviewBody(ctx: RestContext): Promise<KubeObject> {
  const text = await ctx.body();
  const parsed = text.trim() ? parseDocument(text, mediaType(ctx.req.headers['content-type'])) : {};
  if (!isObject(parsed)) throw errors.badRequest(`the body must be a ${ctx.info.kind}`);
  return { ...parsed, metadata: isObject(parsed.metadata) ? parsed.metadata : {} };
}
