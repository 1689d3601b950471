// Turning a create/update body into an object for this resource: it must be a JSON/YAML object of the right
// apiVersion and kind, in the namespace and with the name the URL names.
import type { KubeObject } from '../../api/meta.js';
import { decodeDocument, mediaType, type DecodedDocument } from '../http/body.js';
import { nestsDeeperThan, tooDeepMessage } from '../http/nesting.js';
import { decodeKubernetesProtobuf, KUBERNETES_PROTOBUF } from '../protobuf/decode.js';
import { ProtobufError } from '../protobuf/wire.js';
import { errors } from '../status.js';
import { isObject, typeMeta, type RestContext } from './context.js';
import { checkUnknownFields } from './field-validation.js';

async function fromText(ctx: RestContext, type: string): Promise<DecodedDocument> {
  if (type && !['application/json', 'application/yaml', 'application/x-yaml', 'text/yaml'].includes(type)) {
    throw errors.unsupportedMediaType(type);
  }
  return decodeDocument(await ctx.body(), type);
}

/**
 * kubectl's `create <generator>` commands send protobuf and do not retry in JSON. The decoder recurses only as
 * deep as the message schemas do; the result is bounded like any other body all the same.
 */
function fromProtobuf(body: Buffer): DecodedDocument {
  try {
    const { object } = decodeKubernetesProtobuf(body);
    if (nestsDeeperThan(object)) throw errors.badRequest(tooDeepMessage());
    return { value: object, duplicates: [] };
  } catch (error) {
    if (error instanceof ProtobufError)
      throw errors.badRequest(`the protobuf body cannot be decoded: ${error.message}`);
    throw error;
  }
}

export async function decodeObject(ctx: RestContext): Promise<KubeObject> {
  const type = mediaType(ctx.req.headers['content-type']);
  const { value: parsed, duplicates } =
    type === KUBERNETES_PROTOBUF ? fromProtobuf(await ctx.rawBody()) : await fromText(ctx, type);
  if (!isObject(parsed)) throw errors.badRequest('the body must be a JSON object');
  const expected = typeMeta(ctx.info);
  const object = parsed as Record<string, unknown>;
  if (object.apiVersion !== undefined && object.apiVersion !== expected.apiVersion) {
    throw errors.badRequest(
      `the API version in the data (${String(object.apiVersion)}) does not match the expected API version (${expected.apiVersion})`,
    );
  }
  if (object.kind !== undefined && object.kind !== expected.kind) {
    throw errors.badRequest(
      `the kind in the data (${String(object.kind)}) does not match the expected kind (${expected.kind})`,
    );
  }
  if (object.metadata !== undefined && !isObject(object.metadata))
    throw errors.badRequest('metadata must be an object');
  const metadata = { ...((object.metadata as KubeObject['metadata'] | undefined) ?? {}) };
  if (ctx.info.namespaced) {
    const namespace = ctx.request.namespace;
    if (metadata.namespace && namespace && metadata.namespace !== namespace) {
      throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    metadata.namespace = namespace;
  } else {
    delete metadata.namespace;
  }
  const name = ctx.request.name;
  if (name !== undefined && metadata.name !== undefined && metadata.name !== name) {
    throw errors.badRequest(`the name of the object (${metadata.name}) does not match the name on the URL (${name})`);
  }
  if (name !== undefined) metadata.name = name;
  const decoded = { ...object, ...expected, metadata };
  checkUnknownFields(ctx, decoded, duplicates);
  return decoded;
}
