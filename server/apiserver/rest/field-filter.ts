// The fieldSelector of a list or watch as a predicate over objects; unsupported fields are a 400 with upstream's text.
import type { KubeObject } from '../../api/meta.js';
import { matchesFieldSelector, objectFields, parseFieldSelector, validateFieldSelector } from '../../api/fields.js';
import type { ResourceInfo } from '../resources.js';
import { errors } from '../status.js';

export function fieldFilter(info: ResourceInfo, text: string): (object: KubeObject) => boolean {
  if (!text) return () => true;
  const parsed = parseFieldSelector(text);
  if (!parsed.ok) throw errors.badRequest(parsed.error);
  const unsupported = validateFieldSelector(info.resource, info.namespaced, parsed.selector);
  if (unsupported) throw errors.badRequest(unsupported);
  return (object) => matchesFieldSelector(parsed.selector, objectFields(info.resource, object));
}
