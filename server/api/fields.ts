// Field selectors: `--field-selector`, and the `fieldSelector` kubectl sends to find a node's pods, an object's events
// or one object by name. Grammar and escaping as apimachinery's pkg/fields/selector.go; the selectable fields of each
// resource as the ToSelectableFields/GetAttrs functions of kubernetes' pkg/registry.
import type { KubeObject } from './meta.js';

/** One term: `field=value` (also `==`) or `field!=value`. */
export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

/** The terms of a selector, ANDed; empty matches everything. */
export type FieldSelector = FieldRequirement[];

/** A parse outcome: the selector, or upstream's error message. */
export type FieldSelectorResult = { ok: true; selector: FieldSelector } | { ok: false; error: string };

/** Splits on commas not escaped by a backslash, keeping escapes in the parts. */
function splitTerms(input: string): string[] {
  if (input === '') return [];
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (escaped) escaped = false;
    else if (c === '\\') escaped = true;
    else if (c === ',') {
      terms.push(input.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(input.slice(start));
  return terms;
}

/** The first operator in a term splits it: no escaping on the left-hand side, as upstream. */
function splitTerm(term: string): [string, '=' | '!=', string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of ['!=', '==', '='] as const) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op === '!=' ? '!=' : '=', term.slice(i + op.length)];
    }
  }
  return undefined;
}

/** Undoes `\\`, `\,` and `\=`; any other escape, or a bare `,` or `=`, is an error (fields.UnescapeValue). */
export function unescapeValue(value: string): string | { error: string } {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i] ?? '';
    if (c === '\\') {
      const next = value[i + 1];
      if (next === undefined) return { error: 'invalid field selector: invalid escape sequence: \\' };
      if (next !== '\\' && next !== ',' && next !== '=')
        return { error: `invalid field selector: invalid escape sequence: \\${next}` };
      out += next;
      i++;
    } else if (c === ',' || c === '=') {
      return { error: `invalid field selector: unescaped character in value: ${c}` };
    } else out += c;
  }
  return out;
}

/** Escapes `\`, `,` and `=` in a value (fields.EscapeValue). */
export function escapeValue(value: string): string {
  return value.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/** Parses a field selector (fields.ParseSelector); terms come back sorted by their text, as upstream. */
export function parseFieldSelector(input: string): FieldSelectorResult {
  const selector: FieldSelector = [];
  for (const part of splitTerms(input).sort()) {
    if (part === '') continue;
    const split = splitTerm(part);
    if (!split) return { ok: false, error: `invalid selector: '${input}'; can't understand '${part}'` };
    const [field, operator, raw] = split;
    const value = unescapeValue(raw);
    if (typeof value !== 'string') return { ok: false, error: value.error };
    selector.push({ field, operator, value });
  }
  return { ok: true, selector };
}

/** A selector as text (Selector.String). */
export function formatFieldSelector(selector: FieldSelector): string {
  return selector.map((r) => `${r.field}${r.operator}${escapeValue(r.value)}`).join(',');
}

type Fields = Record<string, string>;
type Extractor = (obj: Record<string, unknown>) => Fields;

const path = (obj: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
const str = (obj: unknown, ...keys: string[]): string => {
  const v = path(obj, ...keys);
  return typeof v === 'string' ? v : '';
};
const int = (obj: unknown, ...keys: string[]): string => {
  const v = path(obj, ...keys);
  return String(typeof v === 'number' ? v : 0);
};
const bool = (obj: unknown, ...keys: string[]): string => String(path(obj, ...keys) === true);

const RESOURCE_FIELDS: Record<string, Extractor> = {
  pods: (pod) => {
    const podIPs = path(pod, 'status', 'podIPs');
    const firstIP = Array.isArray(podIPs) ? str(podIPs[0], 'ip') : str(pod, 'status', 'podIP');
    return {
      'spec.nodeName': str(pod, 'spec', 'nodeName'),
      'spec.restartPolicy': str(pod, 'spec', 'restartPolicy'),
      'spec.schedulerName': str(pod, 'spec', 'schedulerName'),
      'spec.serviceAccountName': str(pod, 'spec', 'serviceAccountName'),
      'spec.hostNetwork': bool(pod, 'spec', 'hostNetwork'),
      'status.phase': str(pod, 'status', 'phase'),
      'status.podIP': firstIP,
      'status.nominatedNodeName': str(pod, 'status', 'nominatedNodeName'),
    };
  },
  events: (event) => ({
    'involvedObject.kind': str(event, 'involvedObject', 'kind'),
    'involvedObject.namespace': str(event, 'involvedObject', 'namespace'),
    'involvedObject.name': str(event, 'involvedObject', 'name'),
    'involvedObject.uid': str(event, 'involvedObject', 'uid'),
    'involvedObject.apiVersion': str(event, 'involvedObject', 'apiVersion'),
    'involvedObject.resourceVersion': str(event, 'involvedObject', 'resourceVersion'),
    'involvedObject.fieldPath': str(event, 'involvedObject', 'fieldPath'),
    reason: str(event, 'reason'),
    reportingComponent: str(event, 'reportingComponent'),
    source: str(event, 'source', 'component') || str(event, 'reportingComponent'),
    type: str(event, 'type'),
  }),
  nodes: (node) => ({ 'spec.unschedulable': bool(node, 'spec', 'unschedulable') }),
  namespaces: (ns) => ({ 'status.phase': str(ns, 'status', 'phase') }),
  secrets: (secret) => ({ type: str(secret, 'type') }),
  services: (svc) => ({ 'spec.clusterIP': str(svc, 'spec', 'clusterIP'), 'spec.type': str(svc, 'spec', 'type') }),
  replicasets: (rs) => ({ 'status.replicas': int(rs, 'status', 'replicas') }),
  replicationcontrollers: (rc) => ({ 'status.replicas': int(rc, 'status', 'replicas') }),
  jobs: (job) => ({ 'status.successful': int(job, 'status', 'succeeded') }),
  certificatesigningrequests: (csr) => ({ 'spec.signerName': str(csr, 'spec', 'signerName') }),
};

/**
 * The selectable fields of an object of `resource` (a plural such as `pods`): metadata.name everywhere,
 * metadata.namespace for namespaced objects (upstream offers it on cluster-scoped ones neither), then the
 * resource's own fields. Values are strings, as upstream's fields.Set.
 */
export function objectFields(resource: string, obj: KubeObject): Fields {
  const meta: Fields = { 'metadata.name': obj.metadata.name ?? '' };
  if (obj.metadata.namespace !== undefined) meta['metadata.namespace'] = obj.metadata.namespace;
  return { ...meta, ...(RESOURCE_FIELDS[resource]?.(obj) ?? {}) };
}

/** The field names `resource` supports, given whether it is namespaced. */
export function supportedFields(resource: string, namespaced: boolean): string[] {
  const own = Object.keys(RESOURCE_FIELDS[resource]?.({}) ?? {});
  return ['metadata.name', ...(namespaced ? ['metadata.namespace'] : []), ...own];
}

/**
 * Checks a parsed selector against what `resource` supports, with upstream's error text
 * (`field label not supported: spec.foo`), which the API server answers as a 400 BadRequest.
 */
export function validateFieldSelector(
  resource: string,
  namespaced: boolean,
  selector: FieldSelector,
): string | undefined {
  const supported = new Set(supportedFields(resource, namespaced));
  const unsupported = selector.find((r) => !supported.has(r.field));
  return unsupported ? `field label not supported: ${unsupported.field}` : undefined;
}

/** Whether an object's fields satisfy every term; a field the object lacks reads as the empty string. */
export function matchesFieldSelector(selector: FieldSelector, fields: Readonly<Fields>): boolean {
  return selector.every((r) => ((fields[r.field] ?? '') === r.value) === (r.operator === '='));
}
