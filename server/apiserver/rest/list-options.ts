// The query parameters of list and watch: selectors, paging, resourceVersion. Bad values are 400s that say why.
import type { KubeObject } from '../../api/meta.js';
import { matchesSelector, parseSelector, type Selector } from '../../api/labels.js';
import { errors } from '../status.js';
import { fieldFilter } from './field-filter.js';
import type { RestContext } from './context.js';

export interface ListOptions {
  /** True when an object passes the label and field selectors. */
  matches(object: KubeObject): boolean;
  limit?: number;
  /** Where a continue token says the previous page ended, and the snapshot it read. */
  continueFrom?: { key: string; revision: number };
  /** The revision asked for: undefined = most recent; 0 = any. */
  resourceVersion?: number;
  timeoutSeconds?: number;
  allowBookmarks: boolean;
}

export function listOptions(ctx: RestContext): ListOptions {
  const { query } = ctx;
  const labels = parseLabelSelector(query.get('labelSelector'));
  const fields = fieldFilter(ctx.info, query.get('fieldSelector') ?? '');
  const continueToken = query.get('continue') || undefined;
  return {
    matches: (object) => matchesSelector(labels, object.metadata.labels) && fields(object),
    limit: positiveInteger(query.get('limit'), 'limit'),
    continueFrom: continueToken ? decodeContinue(continueToken) : undefined,
    resourceVersion: revision(query.get('resourceVersion')),
    timeoutSeconds: positiveInteger(query.get('timeoutSeconds'), 'timeoutSeconds'),
    allowBookmarks: query.get('allowWatchBookmarks') === 'true',
  };
}

function parseLabelSelector(text: string | null): Selector {
  if (!text) return [];
  const parsed = parseSelector(text);
  if (!parsed.ok) throw errors.badRequest(`unable to parse requirement: ${parsed.error}`);
  return parsed.selector;
}

function positiveInteger(text: string | null, name: string): number | undefined {
  if (text === null || text === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0)
    throw errors.badRequest(`${name} must be a non-negative integer, not "${text}"`);
  return value || undefined;
}

function revision(text: string | null): number | undefined {
  if (text === null || text === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0)
    throw errors.badRequest(`invalid resource version "${text}": must be a non-negative integer`);
  return value;
}

/**
 * Continue tokens carry the last key served and the revision of the first page, so every page reads the same
 * snapshot (as upstream's); base64 so clients treat them as opaque.
 */
export function encodeContinue(key: string, revision: number): string {
  return Buffer.from(JSON.stringify({ v: 1, key, rv: revision })).toString('base64url');
}

function decodeContinue(token: string): { key: string; revision: number } {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { key?: unknown; rv?: unknown };
    if (typeof parsed.key === 'string' && Number.isInteger(parsed.rv))
      return { key: parsed.key, revision: Number(parsed.rv) };
  } catch {
    // Falls through to the error.
  }
  throw errors.badRequest('continue key is not valid: the token was not issued by this server');
}
