// Requests to the API server over HTTPS with the cluster CA and a bearer token, on kept-alive connections. JSON in
// and out; every non-2xx answer becomes an ApiStatusError carrying the Status the server sent (as client-go's
// StatusError), so callers test `isNotFound(error)` rather than parse messages.
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import type { Status } from '../api/meta.js';
import type { ClientConfig } from './config.js';

export type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Absolute path on the server, e.g. `/api/v1/namespaces/default/pods`. */
  path: string;
  query?: Query;
  /** Serialised as JSON unless already a string. */
  body?: unknown;
  /** Default `application/json`. */
  contentType?: string;
}

/** A failed API call: the server's Status (or one made up from the HTTP status when the body was not a Status). */
export class ApiStatusError extends Error {
  constructor(readonly status: Status) {
    super(status.message ?? `${status.code ?? 0} ${status.reason ?? 'Unknown'}`);
    this.name = 'ApiStatusError';
  }
  get code(): number {
    return this.status.code ?? 0;
  }
  get reason(): string {
    return this.status.reason ?? '';
  }
}

const statusOf = (error: unknown) => (error instanceof ApiStatusError ? error : undefined);
/** 404 NotFound: for a controller's sync, "nothing to do". */
export const isNotFound = (error: unknown) => statusOf(error)?.code === 404;
/** 409 AlreadyExists (a create of a name that is taken). */
export const isAlreadyExists = (error: unknown) => statusOf(error)?.reason === 'AlreadyExists';
/** 409 Conflict: a stale resourceVersion or failed precondition; re-read and retry. */
export const isConflict = (error: unknown) => statusOf(error)?.code === 409 && !isAlreadyExists(error);
/** 410 Gone / Expired: the resourceVersion asked for has been compacted; relist. */
export const isGone = (error: unknown) => {
  const status = statusOf(error);
  return status !== undefined && (status.code === 410 || status.reason === 'Expired' || status.reason === 'Gone');
};
export const isExpired = isGone;
/** 422 Invalid: the object failed validation; `status.details.causes` says which fields. */
export const isInvalid = (error: unknown) => statusOf(error)?.code === 422;
export const isForbidden = (error: unknown) => statusOf(error)?.code === 403;

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  410: 'Gone',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** The Status in an error body, or one built from the HTTP code when the body is something else. */
export function statusFromResponse(code: number, text: string): Status {
  try {
    const body = JSON.parse(text) as Partial<Status>;
    if (body && body.kind === 'Status') return { ...body, code: body.code ?? code } as Status;
  } catch {
    // Not JSON: fall through.
  }
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    code,
    reason: REASONS[code] ?? 'Unknown',
    message: text.trim() || `the server answered ${code}`,
  };
}

/** How many connections ordinary requests share; more wait their turn (client-go multiplexes one HTTP/2 one). */
const MAX_REQUEST_CONNECTIONS = 16;

/**
 * The connections to one API server: a pool of at most MAX_REQUEST_CONNECTIONS kept-alive ones for requests, so a
 * burst of thousands of writes neither opens thousands of TLS sessions nor floods the server, and one pool for
 * streams (each watch holds its connection for as long as it runs). The CA is parsed once for all of them.
 */
export class HttpClient {
  private readonly base: URL;
  private readonly requests: http.Agent;
  private readonly streams: http.Agent;

  constructor(readonly config: ClientConfig) {
    this.base = new URL(config.server);
    const secure = this.base.protocol === 'https:';
    const secureContext = secure ? tls.createSecureContext({ ca: config.caCert }) : undefined;
    const agent = (maxSockets: number) =>
      secure
        ? new https.Agent({ keepAlive: true, maxSockets, secureContext })
        : new http.Agent({ keepAlive: true, maxSockets });
    this.requests = agent(MAX_REQUEST_CONNECTIONS);
    this.streams = agent(Infinity);
  }

  /** Sends a request and parses the JSON answer; non-2xx rejects with ApiStatusError. */
  async request<T>(options: RequestOptions): Promise<T> {
    const res = await this.send(options, this.requests, this.config.requestTimeoutMs ?? 60_000);
    const text = await readBody(res);
    const code = res.statusCode ?? 0;
    if (code < 200 || code > 299) throw new ApiStatusError(statusFromResponse(code, text));
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /**
   * Sends a request whose answer is a stream (watch, logs) and resolves with the response once its headers are in;
   * non-2xx rejects with ApiStatusError. Destroy the response to end the stream.
   */
  async stream(options: RequestOptions): Promise<IncomingMessage> {
    const res = await this.send(options, this.streams, 0);
    const code = res.statusCode ?? 0;
    if (code >= 200 && code <= 299) return res;
    throw new ApiStatusError(statusFromResponse(code, await readBody(res)));
  }

  /** Closes idle connections; requests in flight finish. */
  close(): void {
    this.requests.destroy();
    this.streams.destroy();
  }

  private send(options: RequestOptions, agent: http.Agent, timeoutMs: number): Promise<IncomingMessage> {
    const url = new URL(options.path, this.base);
    for (const [name, value] of Object.entries(options.query ?? {}))
      if (value !== undefined && value !== '') url.searchParams.set(name, String(value));
    const body =
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body);
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'User-Agent': this.config.userAgent ?? 'kubelab-client',
    };
    if (this.config.token) headers.Authorization = `Bearer ${this.config.token}`;
    if (body !== undefined) {
      headers['Content-Type'] = options.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(body));
    }
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = transport.request(url, { method: options.method, headers, agent }, resolve);
      req.on('error', reject);
      if (timeoutMs > 0)
        req.setTimeout(timeoutMs, () => req.destroy(new Error(`${options.method} ${url.pathname} timed out`)));
      req.end(body);
    });
  }
}

/** The whole body as text (listening for chunks: cheaper than `for await`, which counts with thousands of calls). */
function readBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}

/**
 * A watch: the events of a streaming newline-delimited JSON response, as an async iterator (`for await`) that ends
 * when the server closes the stream or `close()` is called. Lines split across chunks are put back together.
 */
export class WatchStream<E> implements AsyncIterable<E> {
  private readonly events: E[] = [];
  private waiting: (() => void) | undefined;
  private ended = false;
  private failure: Error | undefined;

  constructor(private readonly res: IncomingMessage) {
    let partial = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) this.push(line);
    });
    res.on('end', () => {
      if (partial.trim()) this.push(partial);
      this.finish();
    });
    res.on('error', (error) => this.finish(error));
    res.on('close', () => this.finish());
  }

  /** Ends the watch; the iterator finishes after the events already received. */
  close(): void {
    this.finish();
    this.res.destroy();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<E> {
    for (;;) {
      const event = this.events.shift();
      if (event !== undefined) {
        yield event;
        continue;
      }
      if (this.failure) throw this.failure;
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }

  private push(line: string) {
    try {
      this.events.push(JSON.parse(line) as E);
    } catch {
      this.finish(new Error(`watch: the server sent a line that is not JSON: ${line.slice(0, 200)}`));
      this.res.destroy();
    }
    this.wake();
  }

  private finish(error?: Error) {
    if (this.ended) return;
    this.ended = true;
    this.failure = error;
    this.wake();
  }

  private wake() {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
  }
}
