// The one place that speaks HTTP to etcd: POSTs JSON to the v3 gateway (/v3/kv/range, /v3/kv/txn, ...) of the
// first member that answers, and turns etcd's error answers into EtcdError. No npm client: the gateway ships with
// every etcd since 3.3 and fetch is enough.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { z } from 'zod';
import { ErrorResponse } from './wire.js';

/** An error answer from etcd, e.g. code 11 "etcdserver: mvcc: required revision has been compacted". */
export class EtcdError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }

  get compacted(): boolean {
    return this.message.includes('required revision has been compacted');
  }

  get futureRevision(): boolean {
    return this.message.includes('required revision is a future revision');
  }
}

export class EtcdGateway {
  /** The member that answered last; tried first next time. */
  private preferred = 0;

  /** `servers`: client URLs as given to --etcd-servers, e.g. http://127.0.0.1:2379. */
  constructor(private readonly servers: string[]) {
    if (servers.length === 0) throw new Error('no etcd servers given');
  }

  /** POSTs `body` to `path` and validates the answer with `schema`. */
  async call<S extends z.ZodType>(path: string, body: object, schema: S): Promise<z.output<S>> {
    const response = await this.failover((server) =>
      fetch(`${server}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    );
    const json = parseJson(await response.text());
    if (!response.ok) throw toEtcdError(json, response.status);
    return schema.parse(json);
  }

  /**
   * POSTs and returns the response unread, for the streaming /v3/watch. Through node:http rather than fetch:
   * fetch ends a body that is quiet for 300 s, and a watch on a quiet prefix is quiet for much longer than that.
   */
  async stream(path: string, body: object, signal: AbortSignal): Promise<IncomingMessage> {
    const response = await this.failover((server) => postStreaming(`${server}${path}`, JSON.stringify(body), signal));
    if (response.statusCode !== 200) {
      let text = '';
      for await (const chunk of response) text += String(chunk);
      throw toEtcdError(parseJson(text), response.statusCode ?? 0);
    }
    return response;
  }

  /** Tries the members in turn, starting with the one that answered last, until one answers at all. */
  private async failover<T>(attempt: (server: string) => Promise<T>): Promise<T> {
    let lastError: unknown;
    for (let i = 0; i < this.servers.length; i++) {
      const index = (this.preferred + i) % this.servers.length;
      try {
        const answer = await attempt(this.servers[index]!.replace(/\/$/, ''));
        this.preferred = index;
        return answer;
      } catch (error) {
        if ((error as Error).name === 'AbortError') throw error;
        lastError = error;
      }
    }
    throw lastError;
  }
}

function postStreaming(url: string, body: string, signal: AbortSignal): Promise<IncomingMessage> {
  const request = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, signal }, resolve);
    outgoing.on('error', reject); // also the AbortError of a later close, which must not go unhandled
    outgoing.end(body);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

function toEtcdError(json: unknown, status: number): EtcdError {
  const parsed = ErrorResponse.safeParse(json);
  const body = parsed.success ? parsed.data : {};
  return new EtcdError(body.code ?? 0, body.message ?? body.error ?? `etcd answered HTTP ${status}`);
}

/** Keys and values travel base64-encoded. */
export function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** etcd's range_end for "every key starting with prefix": the prefix with its last byte incremented. */
export function prefixRangeEnd(prefix: string): string {
  const bytes = Buffer.from(prefix, 'utf8');
  for (let i = bytes.length - 1; i >= 0; i--) {
    if (bytes[i]! < 0xff) {
      const end = Buffer.from(bytes.subarray(0, i + 1));
      end[i] = bytes[i]! + 1;
      return end.toString('base64');
    }
  }
  return Buffer.from([0]).toString('base64'); // "\0" as range_end: every key
}
