import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { LabAuth } from '../../../server/lab/http/auth.js';

const TOKEN = 'a-lab-token-of-24-chars!';
const request = (url: string, headers: Record<string, string> = {}) => ({ url, headers }) as unknown as IncomingMessage;

describe('LabAuth', () => {
  const auth = new LabAuth(TOKEN);

  it.each([
    ['the query', request(`/?token=${TOKEN}`), true],
    ['a bearer header', request('/', { authorization: `Bearer ${TOKEN}` }), true],
    ['the cookie', request('/', { cookie: `theme=dark; kubelab_token=${TOKEN}` }), true],
    ['nothing', request('/'), false],
    ['a wrong token', request('/?token=a-lab-token-of-24-chars?'), false],
    ['a prefix of the token', request(`/?token=${TOKEN.slice(0, 10)}`), false],
    ['another cookie', request('/', { cookie: `other=${TOKEN}` }), false],
  ])('authorizes a request carrying %s: %s', (_name, req, expected) => {
    expect(auth.isAuthorized(req)).toBe(expected);
  });

  it.each([
    [{ host: 'localhost:8080', origin: 'http://localhost:8080' }, true],
    [{ host: 'localhost:8080', origin: 'http://localhost:9999' }, false],
    [{ host: 'localhost:8080', origin: 'http://evil.example' }, false],
    [{ host: 'localhost:8080', origin: 'null' }, false],
    [{ host: 'localhost:8080' }, false],
  ])('accepts a socket from %o only when Origin names the same host: %s', (headers, expected) => {
    expect(auth.sameOrigin(request('/ws/cells', headers))).toBe(expected);
  });

  it('refuses a token too short to be safe', () => {
    expect(() => new LabAuth('short')).toThrow('at least 16 characters');
  });
});
