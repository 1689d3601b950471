// The Store on a real etcd cluster (--etcd-servers), through etcd's v3 JSON gateway. Values are the objects' JSON
// under the caller's keys (/registry/<resource>/<namespace>/<name>), so `etcdctl get --prefix /registry` shows
// the student exactly what the API server stored. CAS is the same Txn the upstream apiserver sends.
import {
  CompactedError,
  FutureRevisionError,
  KeyExistsError,
  KeyNotFoundError,
  RevisionConflictError,
  type ListOptions,
  type ListResult,
  type Store,
  type StoredValue,
  type StoreEvent,
  type Watcher,
  type WatchOptions,
} from '../store.js';
import { openEtcdWatch } from './etcd-watch.js';
import { base64, EtcdError, EtcdGateway, prefixRangeEnd } from './gateway.js';
import { CompactionResponse, DeleteRangeResponse, RangeResponse, TxnResponse, type KeyValue } from './wire.js';

export interface EtcdStoreOptions {
  /** Client URLs of the members, e.g. ['http://127.0.0.1:2379']. */
  servers: string[];
}

export class EtcdStore implements Store {
  private readonly gateway: EtcdGateway;
  private readonly closing = new AbortController();
  /** The highest compaction this client knows of: etcd's "compacted" answers do not say which revision it was. */
  private compacted = 0;

  constructor(options: EtcdStoreOptions) {
    this.gateway = new EtcdGateway(options.servers);
  }

  async get(key: string): Promise<StoredValue | null> {
    const answer = await this.gateway.call('/v3/kv/range', { key: base64(key) }, RangeResponse);
    const kv = answer.kvs[0];
    return kv ? stored(kv) : null;
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    const from = options.startAfter !== undefined && options.startAfter >= prefix ? `${options.startAfter}\0` : prefix;
    const request = {
      key: base64(from),
      range_end: prefixRangeEnd(prefix),
      ...(options.limit && options.limit > 0 ? { limit: String(options.limit) } : {}),
      ...(options.revision ? { revision: String(options.revision) } : {}),
    };
    const answer = await this.gateway
      .call('/v3/kv/range', request, RangeResponse)
      .catch((error: unknown) => this.revisionError(error, options.revision ?? 0));
    return {
      items: answer.kvs.map(stored),
      revision: options.revision || (answer.header?.revision ?? 0),
      more: answer.more,
    };
  }

  /** Put only if the key was never created or was deleted (create_revision 0). */
  async create(key: string, value: string): Promise<number> {
    const answer = await this.gateway.call(
      '/v3/kv/txn',
      {
        compare: [{ key: base64(key), target: 'CREATE', result: 'EQUAL', create_revision: '0' }],
        success: [{ request_put: { key: base64(key), value: base64(value) } }],
      },
      TxnResponse,
    );
    if (!answer.succeeded) throw new KeyExistsError(key);
    return answer.header?.revision ?? 0;
  }

  async update(key: string, value: string, expectedRevision: number): Promise<number> {
    const answer = await this.casTxn(key, expectedRevision, {
      request_put: { key: base64(key), value: base64(value) },
    });
    return answer.header?.revision ?? 0;
  }

  async delete(key: string, expectedRevision?: number): Promise<{ revision: number; prev: StoredValue }> {
    const request = { key: base64(key), prev_kv: true };
    if (expectedRevision === undefined) {
      const answer = await this.gateway.call('/v3/kv/deleterange', request, DeleteRangeResponse);
      const prev = answer.prev_kvs[0];
      if (!prev) throw new KeyNotFoundError(key);
      return { revision: answer.header?.revision ?? 0, prev: stored(prev) };
    }
    const answer = await this.casTxn(key, expectedRevision, { request_delete_range: request });
    const prev = answer.responses[0]?.response_delete_range?.prev_kvs[0];
    if (!prev) throw new KeyNotFoundError(key);
    return { revision: answer.header?.revision ?? 0, prev: stored(prev) };
  }

  async watch(prefix: string, listener: (event: StoreEvent) => void, options: WatchOptions = {}): Promise<Watcher> {
    const after = options.afterRevision || undefined;
    // etcd would accept a watch from the compacted revision itself; a range at `after` fails exactly when the
    // history after it may be incomplete, which is this interface's rule.
    if (after !== undefined) await this.list(prefix, { revision: after, limit: 1 }).catch(ignoreFuture);
    return openEtcdWatch(
      this.gateway,
      { prefix, afterRevision: after, listener, onDropped: options.onDropped },
      this.closing.signal,
    );
  }

  async currentRevision(): Promise<number> {
    const answer = await this.gateway.call('/v3/kv/range', { key: base64('\0'), count_only: true }, RangeResponse);
    return answer.header?.revision ?? 0;
  }

  /** physical: etcd answers once the old revisions are really gone, so later reads see the compaction. */
  async compact(revision: number): Promise<void> {
    try {
      await this.gateway.call('/v3/kv/compaction', { revision: String(revision), physical: true }, CompactionResponse);
      this.compacted = Math.max(this.compacted, revision);
    } catch (error) {
      if (error instanceof EtcdError && error.compacted) return; // already compacted at or above: nothing to do
      await this.revisionError(error, revision);
    }
  }

  async close(): Promise<void> {
    this.closing.abort();
  }

  /** Txn "if mod_revision(key) == expected then `operation` else range(key)", as the apiserver's GuaranteedUpdate. */
  private async casTxn(key: string, expectedRevision: number, operation: object) {
    const answer = await this.gateway.call(
      '/v3/kv/txn',
      {
        compare: [{ key: base64(key), target: 'MOD', result: 'EQUAL', mod_revision: String(expectedRevision) }],
        success: [operation],
        failure: [{ request_range: { key: base64(key) } }],
      },
      TxnResponse,
    );
    if (answer.succeeded) return answer;
    const current = answer.responses[0]?.response_range?.kvs[0];
    if (!current) throw new KeyNotFoundError(key);
    throw new RevisionConflictError(key, expectedRevision, current.mod_revision);
  }

  /** Maps etcd's "compacted" and "future revision" answers for `requested` to the Store's errors. */
  private async revisionError(error: unknown, requested: number): Promise<never> {
    if (error instanceof EtcdError && error.compacted) {
      throw new CompactedError(requested, Math.max(this.compacted, requested + 1));
    }
    if (error instanceof EtcdError && error.futureRevision) {
      throw new FutureRevisionError(requested, await this.currentRevision());
    }
    throw error;
  }
}

function stored(kv: KeyValue): StoredValue {
  return { key: kv.key, value: kv.value, revision: kv.mod_revision };
}

function ignoreFuture(error: unknown): void {
  if (!(error instanceof FutureRevisionError)) throw error;
}
