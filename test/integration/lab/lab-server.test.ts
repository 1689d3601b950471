import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ChapterView } from '../../../server/protocol/http.js';
import type { CellServerMessage } from '../../../server/protocol/messages.js';
import { FIXTURE_LABS, openCellsSocket, startLabServer, type TestLabServer } from '../../support/lab-server.js';
import { testTempDir } from '../../support/temp-dir.js';

const servers: TestLabServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function lab(stateDir?: string) {
  const server = await startLabServer({ labsDir: FIXTURE_LABS, stateDir });
  servers.push(server);
  return server;
}

function api(server: TestLabServer, path: string, init: RequestInit = {}) {
  return fetch(server.baseUrl + path, {
    ...init,
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json', ...init.headers },
  });
}

async function runCell(server: TestLabServer, cell: string, source: string) {
  const { socket, messages, send } = await openCellsSocket(server);
  send({ type: 'run', chapter: '01-demo', cell, source, requestId: 'r1' });
  await expect.poll(() => messages.find((m) => m.type === 'ended'), { timeout: 30_000 }).toBeTruthy();
  socket.close();
  return messages;
}

function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers });
    socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('error', () => {});
  });
}

describe('lab server', () => {
  it('refuses every route without the token, as JSON for the API and as a page for the workbook', async () => {
    const server = await lab();
    const apiResponse = await fetch(`${server.baseUrl}/api/chapters`);
    expect(apiResponse.status).toBe(401);
    expect(await apiResponse.json()).toEqual({ error: 'unauthorized: the lab token is missing or wrong' });
    const page = await fetch(`${server.baseUrl}/`);
    expect(page.status).toBe(401);
    expect(await page.text()).toContain('This workbook needs its token');
    expect((await fetch(`${server.baseUrl}/api/chapters?token=wrong-token-0123456789ab`)).status).toBe(401);
  });

  it('accepts the token once in the address and then the cookie it sets', async () => {
    const server = await lab();
    const first = await fetch(`${server.baseUrl}/api/chapters?token=${server.token}`);
    expect(first.status).toBe(200);
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/kubelab_token=.*HttpOnly.*SameSite=Strict/i);
    const again = await fetch(`${server.baseUrl}/api/chapters`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(again.status).toBe(200);
  });

  it.each([
    '/../package.json',
    '/%2e%2e/package.json',
    '/%2e%2e%2fpackage.json',
    '/%252e%252e/package.json',
    '/labs/../package.json',
    '/labs/%2e%2e/%2e%2e/package.json',
    '/labs/01-demo/..%2f..%2f..%2fpackage.json',
    '/labs/01-demo/checks.ts',
    '/labs/01-demo/lesson.md',
    '/labs/01-demo/assets/..%2f..%2f..%2f..%2fpackage.json',
    '/web/../../package.json',
    '/.git/config',
  ])('serves nothing outside labs assets and the web build for %s', async (path) => {
    const server = await lab();
    const { request } = await import('node:http');
    // fetch would normalise `..`; send the raw path as a client could.
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        `${server.baseUrl}/`,
        { path, headers: { authorization: `Bearer ${server.token}` } },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBeGreaterThanOrEqual(400);
    expect(body).not.toContain('"name": "kubelab"');
    expect(body).not.toContain('defineChecks');
  });

  it('lists chapters with their check progress and shows a malformed lesson as errors', async () => {
    const server = await lab();
    const chapters = (await (await api(server, '/api/chapters')).json()) as { id: string; errors: number }[];
    expect(chapters.map((c) => c.id)).toEqual(['01-demo', '02-broken']);
    const broken = (await (await api(server, '/api/chapters/02-broken')).json()) as ChapterView;
    const messages = broken.chapter.errors.map((e) => e.message).join('\n');
    expect(messages).toContain('front matter is not valid YAML');
    expect(messages).toContain('unknown or malformed cell option "colour=blue"');
    expect(messages).toContain('never closed');
    expect(messages).toContain('checks.ts cannot be loaded');
    expect((await api(server, '/api/chapters/01-demo')).status).toBe(200);
  });

  it('answers bad input with a readable error and keeps working', async () => {
    const server = await lab();
    const badBody = await api(server, '/api/chapters/01-demo/cells/cell-1', { method: 'PUT', body: '{"source": 5}' });
    expect(badBody.status).toBe(400);
    expect(((await badBody.json()) as { error: string }).error).toMatch(/bad request: source/);
    const notJson = await api(server, '/api/chapters/01-demo/cells/cell-1', { method: 'PUT', body: '{oops' });
    expect(notJson.status).toBe(400);
    expect((await api(server, '/api/chapters/nope')).status).toBe(404);
    expect((await api(server, '/api/chapters/01-demo/checks/nope', { method: 'POST' })).status).toBe(404);
    const { messages, send, socket } = await openCellsSocket(server);
    socket.send('not json');
    send({ type: 'run', chapter: '01-demo', cell: 'no-such-cell', source: 'true', requestId: 'x' });
    await expect
      .poll(() => messages.filter((m) => m.type === 'error').map((m) => m.message), { timeout: 10_000 })
      .toEqual(['malformed message', 'chapter 01-demo has no cell "no-such-cell"']);
    socket.close();
    expect((await api(server, '/api/chapters')).status).toBe(200);
  });

  it('refuses a cells socket without the token or from another origin', async () => {
    const server = await lab();
    const url = `${server.baseUrl.replace('http', 'ws')}/ws/cells`;
    expect(await upgradeStatus(url, { origin: server.baseUrl })).toBe(401);
    const cookie = `kubelab_token=${server.token}`;
    expect(await upgradeStatus(url, { cookie, origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(url, { cookie })).toBe(403);
    expect(await upgradeStatus(url, { cookie, origin: server.baseUrl })).toBe(101);
  });

  it('streams a cell run over the socket: started, output, ended with the exit code', async () => {
    const server = await lab();
    const messages = await runCell(server, 'cell-1', 'echo streamed; exit 4');
    const started = messages.find((m) => m.type === 'started') as Extract<CellServerMessage, { type: 'started' }>;
    expect(started.requestId).toBe('r1');
    const output = messages.flatMap((m) => (m.type === 'output' ? [m.data] : [])).join('');
    expect(output).toContain('streamed');
    expect(messages.at(-1)).toMatchObject({ type: 'ended', runId: started.runId, exitCode: 4, end: 'exited' });
  });

  it('keeps edits, outputs and check results across a lab server restart, and resets a cell', async () => {
    // The state dir is the test's: the first server's close leaves it for the second.
    const stateDir = testTempDir('kubelab-lab-');
    const first = await lab(stateDir);
    await api(first, '/api/chapters/01-demo/cells/cell-1', { method: 'PUT', body: '{"source":"echo edited"}' });
    await runCell(first, 'make-marker', 'echo done > marker.txt; echo wrote it');
    const check = await (await api(first, '/api/chapters/01-demo/checks/marker', { method: 'POST' })).json();
    expect(check).toMatchObject({ id: 'marker', passed: true });
    await first.close();
    servers.splice(0);

    const second = await lab(stateDir);
    const view = (await (await api(second, '/api/chapters/01-demo')).json()) as ChapterView;
    expect(view.progress.edits).toEqual({ 'cell-1': 'echo edited' });
    expect(view.progress.outputs['make-marker']).toMatchObject({ exitCode: 0, end: 'exited' });
    expect(view.progress.outputs['make-marker']?.output).toContain('wrote it');
    expect(view.progress.checks.marker).toMatchObject({ passed: true });
    const summary = (await (await api(second, '/api/chapters')).json()) as { checks: { passed: number } }[];
    expect(summary[0]?.checks.passed).toBe(1);

    expect((await api(second, '/api/chapters/01-demo/cells/cell-1', { method: 'DELETE' })).status).toBe(204);
    const reset = (await (await api(second, '/api/chapters/01-demo')).json()) as ChapterView;
    expect(reset.progress.edits).toEqual({});
  });

  it('fails the check when the state is not there', async () => {
    const server = await lab();
    const check = await (await api(server, '/api/chapters/01-demo/checks/marker', { method: 'POST' })).json();
    expect(check).toMatchObject({ passed: false, criteria: [{ expected: 'done', actual: 'nothing', passed: false }] });
  });
});
