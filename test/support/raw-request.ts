// One HTTPS request to an API server with exactly the bytes a test gives, for what a typed client would not send:
// malformed bodies, odd content types, query parameters as another client writes them, no token at all.
import { request, type Agent } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import type { Role } from '../../server/apiserver/auth.js';
import type { ClientConfig } from '../../server/client/index.js';
import type { TestApiServer } from './apiserver.js';

/** Where a raw request goes and as whom: a ClientConfig's server, CA and token (no token: anonymous). */
export type RawTarget = Pick<ClientConfig, 'server' | 'caCert' | 'token'>;

/** A test API server as `role` (the admin unless told) reaches it; `null` for an anonymous request. */
export function rawTarget(api: TestApiServer, role: Role | null = 'admin'): RawTarget {
  return { server: api.url, caCert: api.pki.caCert, token: role ? api.pki.tokenFor(role) : undefined };
}

/** What a raw request sends besides its method and path. */
export interface RawRequest {
  method?: string;
  body?: string | Buffer;
  /** Added to (or replacing) the defaults: `content-type: application/json` and the body's content-length. */
  headers?: Record<string, string>;
  agent?: Agent;
}

/** The answer to a raw request: its status, headers and text, and the text as JSON (`{ message: text }` if not). */
export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  body: Record<string, unknown> & {
    kind?: string;
    reason?: string;
    message?: string;
    code?: number;
    details?: Record<string, unknown>;
  };
}

/**
 * Sends one request and reads the whole answer. The body goes with its content-length (Node would send a DELETE's
 * body unframed otherwise). Rejects only when the connection fails; any status is an answer.
 */
export function rawRequest(to: RawTarget, path: string, options: RawRequest = {}): Promise<RawAnswer> {
  const body = options.body ?? '';
  const headers: Record<string, string | number> = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...(to.token ? { authorization: `Bearer ${to.token}` } : {}),
    ...options.headers,
  };
  return new Promise((resolve, reject) => {
    const req = request(
      `${to.server}${path}`,
      { method: options.method ?? 'GET', ca: to.caCert, agent: options.agent, headers },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: asJson(text) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function asJson(text: string): RawAnswer['body'] {
  try {
    return JSON.parse(text) as RawAnswer['body'];
  } catch {
    return { message: text };
  }
}
