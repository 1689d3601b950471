// One etcd watch over the gateway: a streaming POST to /v3/watch whose answer is newline-delimited JSON, one
// WatchResponse per line. The first line confirms the watch was created; later ones carry events, or a cancel
// (e.g. the watched revision was compacted meanwhile), which ends the watch with onDropped.
import type { StoreEvent, Watcher } from '../store.js';
import { base64, prefixRangeEnd, type EtcdGateway } from './gateway.js';
import { WatchMessage, type WatchEvent } from './wire.js';

export interface EtcdWatchRequest {
  prefix: string;
  /** Replay from the revision after this one; undefined: only new changes. */
  afterRevision: number | undefined;
  listener: (event: StoreEvent) => void;
  onDropped: (() => void) | undefined;
}

/** Opens the stream and resolves once etcd confirmed the watch. `closeSignal` closes it (store shutdown). */
export async function openEtcdWatch(
  gateway: EtcdGateway,
  request: EtcdWatchRequest,
  closeSignal: AbortSignal,
): Promise<Watcher> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  closeSignal.addEventListener('abort', abort, { once: true });
  const createRequest = {
    key: base64(request.prefix),
    range_end: prefixRangeEnd(request.prefix),
    prev_kv: true,
    ...(request.afterRevision === undefined ? {} : { start_revision: String(request.afterRevision + 1) }),
  };
  let closed = false;
  const close = () => {
    closed = true;
    closeSignal.removeEventListener('abort', abort);
    controller.abort();
  };
  try {
    const response = await gateway.stream('/v3/watch', { create_request: createRequest }, controller.signal);
    const messages = readMessages(response);
    const first = await messages.next();
    if (first.done || !first.value.result?.created) throw new Error('etcd did not confirm the watch');
    void (async () => {
      try {
        for await (const message of messages) {
          if (closed) return;
          const result = message.result;
          if (!result || result.canceled) break;
          for (const event of result.events) if (!closed) request.listener(toStoreEvent(event));
        }
      } catch {
        // The stream broke, or the listener threw: either way this watcher is done.
      }
      if (closed) return;
      close();
      request.onDropped?.();
    })();
    return { close };
  } catch (error) {
    close();
    throw error;
  }
}

async function* readMessages(body: AsyncIterable<Buffer>) {
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of body) {
    buffered += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line) yield WatchMessage.parse(JSON.parse(line));
    }
  }
}

/** etcd has PUT and DELETE; a PUT whose create_revision is its own revision created the key. */
export function toStoreEvent(event: WatchEvent): StoreEvent {
  const { kv, prev_kv: prev } = event;
  if (event.type === 'DELETE') {
    const value = prev?.value ?? '';
    return { type: 'delete', key: kv.key, value, revision: kv.mod_revision, prevValue: value };
  }
  const created = kv.create_revision === kv.mod_revision;
  const storeEvent: StoreEvent = {
    type: created ? 'create' : 'update',
    key: kv.key,
    value: kv.value,
    revision: kv.mod_revision,
  };
  if (!created && prev) storeEvent.prevValue = prev.value;
  return storeEvent;
}
