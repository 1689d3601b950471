// Values of the wrong type are a 400 whatever the client asks, as upstream's decoder refuses them.
// fieldValidation=Strict|Warn|Ignore: fields the schema does not know, and keys a body repeats, are an error
// (Strict, what kubectl sends), a Warning header each (Warn, the default) or nothing (Ignore), as upstream's
// apiserver.
import type { KubeObject } from '../../api/meta.js';
import { typeErrorMessage, typeErrors } from '../openapi/type-errors.js';
import { unknownFieldMessage, unknownFields } from '../openapi/index.js';
import { errors } from '../status.js';
import type { RestContext } from './context.js';

const MODES = ['Strict', 'Warn', 'Ignore'] as const;

/**
 * Checks a decoded object against its schema. `duplicates` are the repeated keys its body had, already worded as
 * upstream's decoders word them (`duplicate field "spec.replicas"`, `line 4: key "x" already set in map`).
 */
export function checkUnknownFields(ctx: RestContext, object: KubeObject, duplicates: readonly string[] = []): void {
  const [wrongType] = typeErrors(object.apiVersion, object.kind, object);
  if (wrongType) throw errors.badRequest(typeErrorMessage(object.apiVersion, object.kind, wrongType));
  const mode = ctx.query.get('fieldValidation') ?? 'Warn';
  if (!(MODES as readonly string[]).includes(mode)) {
    throw errors.badRequest(`fieldValidation parameter unsupported: ${mode} (valid: Strict, Warn, Ignore)`);
  }
  if (mode === 'Ignore') return;
  const problems = [...duplicates, ...unknownFields(object.apiVersion, object.kind, object).map(unknownFieldMessage)];
  if (problems.length === 0) return;
  if (mode === 'Strict') throw errors.badRequest(strictDecodingMessage(object, problems));
  ctx.res.setHeader(
    'Warning',
    problems.map((problem) => `299 - "${problem.replaceAll('"', '\\"')}"`),
  );
}

/** As upstream's create/update handlers word it: `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.foo"`. */
function strictDecodingMessage(object: KubeObject, problems: string[]): string {
  const version = object.apiVersion.slice(object.apiVersion.indexOf('/') + 1);
  return `${object.kind} in version "${version}" cannot be handled as a ${object.kind}: strict decoding error: ${problems.join(', ')}`;
}
