// The query parameters of list and watch: selectors, paging, resourceVersion. Bad values are 400s that say why, or
// 422s naming ListOptions where upstream's ValidateListOptions refuses them.
import { setTimeout as sleep } from 'node:timers/promises';
import { forbidden, notSupported, toCause, type FieldError } from '../../api/field-error.js';
import type { KubeObject } from '../../api/meta.js';
import { matchesSelector, parseSelector, type Selector } from '../../api/labels.js';
import { booleanParam, optionalBooleanParam } from '../http/query.js';
import type { ResourceStore } from '../registry/resource-store.js';
import { errors } from '../status.js';
import { fieldFilter } from './field-filter.js';
import type { RestContext } from './context.js';

export interface ListOptions {
  /** True when an object passes the label and field selectors. */
  matches(object: KubeObject): boolean;
  /** False when there are no selectors: every object matches. */
  filtered: boolean;
  limit?: number;
  /** Where a continue token says the previous page ended, and the snapshot it read. */
  continueFrom?: { key: string; revision: number };
  /** The revision asked for: undefined = most recent; 0 = any. */
  resourceVersion?: number;
  /** Exact: a list of the state at resourceVersion; NotOlderThan (or unset): at least that fresh. */
  resourceVersionMatch?: 'Exact' | 'NotOlderThan';
  timeoutSeconds?: number;
  allowBookmarks: boolean;
  /** Watch-list (KEP-3157): the current state first, then a bookmark marking its end; unset = as before. */
  sendInitialEvents?: boolean;
}

/** How long a read from a resourceVersion the store has not reached waits for it, as upstream's watch cache. */
const FRESHNESS_WAIT_MS = 3000;
const FRESHNESS_POLL_MS = 50;

export function listOptions(ctx: RestContext): ListOptions {
  const { query } = ctx;
  const labels = parseLabelSelector(query.get('labelSelector'));
  const fields = fieldFilter(ctx.info, query.get('fieldSelector') ?? '');
  const continueToken = query.get('continue') || undefined;
  const sendInitialEvents = optionalBooleanParam(query, 'sendInitialEvents');
  const invalid = (ctx.request.verb === 'watch' ? watchOptionCauses : listOptionCauses)(query, sendInitialEvents);
  if (invalid.length > 0) throw errors.invalidOptions('ListOptions', invalid.map(toCause));
  return {
    matches: (object) => matchesSelector(labels, object.metadata.labels) && fields(object),
    filtered: labels.length > 0 || Boolean(query.get('fieldSelector')),
    limit: positiveInteger(query.get('limit'), 'limit'),
    continueFrom: continueToken ? decodeContinue(continueToken) : undefined,
    resourceVersion: revision(query.get('resourceVersion')),
    resourceVersionMatch: (query.get('resourceVersionMatch') || undefined) as ListOptions['resourceVersionMatch'],
    timeoutSeconds: positiveInteger(query.get('timeoutSeconds'), 'timeoutSeconds'),
    allowBookmarks: booleanParam(query, 'allowWatchBookmarks'),
    sendInitialEvents,
  };
}

/** As upstream's ValidateListOptions for a list. */
function listOptionCauses(query: URLSearchParams, sendInitialEvents: boolean | undefined): FieldError[] {
  const causes: FieldError[] = [];
  const match = query.get('resourceVersionMatch') ?? '';
  const resourceVersion = query.get('resourceVersion') ?? '';
  if (match) {
    if (!resourceVersion) {
      causes.push(
        forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden unless resourceVersion is provided'),
      );
    }
    if (query.get('continue')) {
      causes.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
    }
    if (match !== 'Exact' && match !== 'NotOlderThan') {
      causes.push(notSupported('resourceVersionMatch', match, ['Exact', 'NotOlderThan', '']));
    }
    if (match === 'Exact' && resourceVersion === '0') {
      causes.push(
        forbidden('resourceVersionMatch', 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'),
      );
    }
  }
  if (sendInitialEvents !== undefined)
    causes.push(forbidden('sendInitialEvents', 'sendInitialEvents is forbidden for list'));
  return causes;
}

/** As upstream's validateWatchOptions (with the WatchList feature on, as from 1.32). */
function watchOptionCauses(query: URLSearchParams, sendInitialEvents: boolean | undefined): FieldError[] {
  const causes: FieldError[] = [];
  const match = query.get('resourceVersionMatch') ?? '';
  if (sendInitialEvents !== undefined && match !== 'NotOlderThan') {
    causes.push(
      forbidden('resourceVersionMatch', 'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan'),
    );
  }
  if (match) {
    if (sendInitialEvents === undefined) {
      causes.push(
        forbidden(
          'resourceVersionMatch',
          'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided',
        ),
      );
    }
    if (match !== 'NotOlderThan') {
      causes.push(notSupported('resourceVersionMatch', match, ['NotOlderThan']));
    }
    if (query.get('continue')) {
      causes.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
    }
  }
  return causes;
}

/**
 * A read from a revision the store has not reached yet waits up to 3 s for it, then is a 504 Timeout ("Too large
 * resource version") that clients retry, as upstream's watch cache (waitUntilFreshAndBlock) answers. This is the
 * one 5xx upstream itself gives for what a client asked.
 */
export async function awaitRevision(store: ResourceStore, revision: number): Promise<void> {
  const deadline = Date.now() + FRESHNESS_WAIT_MS;
  for (;;) {
    const current = await store.currentRevision();
    if (revision <= current) return;
    if (Date.now() >= deadline) throw errors.tooLargeResourceVersion(revision, current);
    await sleep(FRESHNESS_POLL_MS);
  }
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
