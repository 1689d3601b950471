// Values of the wrong type are a 400 whatever the client asks, as upstream's decoder refuses them.
// fieldValidation=Strict|Warn|Ignore: fields the schema does not know are an error (Strict, what kubectl sends), a
// Warning header per field (Warn, the default) or nothing (Ignore), as upstream's apiserver.
import type { KubeObject } from '../../api/meta.js';
import { typeErrorMessage, typeErrors } from '../openapi/type-errors.js';
import { strictDecodingMessage, unknownFieldMessage, unknownFields } from '../openapi/index.js';
import { errors } from '../status.js';
import type { RestContext } from './context.js';

export function checkUnknownFields(ctx: RestContext, object: KubeObject): void {
  const [wrongType] = typeErrors(object.apiVersion, object.kind, object);
  if (wrongType) throw errors.badRequest(typeErrorMessage(object.apiVersion, object.kind, wrongType));
  const mode = ctx.query.get('fieldValidation') ?? 'Warn';
  if (!['Strict', 'Warn', 'Ignore'].includes(mode)) {
    throw errors.badRequest(`fieldValidation parameter unsupported: ${mode} (valid: Strict, Warn, Ignore)`);
  }
  if (mode === 'Ignore') return;
  const unknown = unknownFields(object.apiVersion, object.kind, object);
  if (unknown.length === 0) return;
  if (mode === 'Strict') throw errors.badRequest(strictDecodingMessage(object.apiVersion, object.kind, unknown));
  ctx.res.setHeader(
    'Warning',
    unknown.map((path) => `299 - "${unknownFieldMessage(path)}"`),
  );
}
