// The lab server hands out a root shell, so every request needs the lab token (as Jupyter does): `?token=` once,
// answered with an HttpOnly cookie, then the cookie; or `Authorization: Bearer`. WebSocket upgrades also need an
// Origin that matches the Host, so another site open in the student's browser cannot drive the shell.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { TOKEN_COOKIE } from '../../protocol/http.js';

const REFUSED_PAGE = `<!doctype html><meta charset="utf-8"><title>kubelab: token needed</title>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>This workbook needs its token</h1>
<p>Open the link that <code>./kubelab up</code> (or <code>vagrant up</code>) printed: it ends in <code>?token=…</code>.
Run <code>./kubelab status</code> on the machine to see it again.</p></body>`;

export class LabAuth {
  private readonly expected: Buffer;

  constructor(token: string) {
    if (token.length < 16) throw new Error('the lab token must be at least 16 characters');
    this.expected = Buffer.from(token);
  }

  /** The token the request carries (query, bearer header, or cookie), if any. */
  presented(req: IncomingMessage): string | undefined {
    const url = new URL(req.url ?? '/', 'http://lab');
    const query = url.searchParams.get('token');
    if (query) return query;
    const header = req.headers.authorization;
    if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
    return readCookie(req.headers.cookie, TOKEN_COOKIE);
  }

  isAuthorized(req: IncomingMessage): boolean {
    const token = this.presented(req);
    if (!token) return false;
    const given = Buffer.from(token);
    return given.length === this.expected.length && timingSafeEqual(given, this.expected);
  }

  /** True when a browser's Origin names this same server. Requests without an Origin are refused. */
  sameOrigin(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (!origin || !req.headers.host) return false;
    try {
      return new URL(origin).host === req.headers.host;
    } catch {
      return false;
    }
  }

  /** Express middleware: 401 without the token; sets the cookie when the token came in the query. */
  middleware() {
    const requireToken = (req: Request, res: Response, next: NextFunction) => {
      if (!this.isAuthorized(req)) {
        res.status(401);
        if (req.path.startsWith('/api/')) res.json({ error: 'unauthorized: the lab token is missing or wrong' });
        else res.type('html').send(REFUSED_PAGE);
        return;
      }
      if (typeof req.query.token === 'string') {
        res.cookie(TOKEN_COOKIE, req.query.token, { httpOnly: true, sameSite: 'strict', path: '/' });
      }
      next();
    };
    return requireToken;
  }
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}
