// What another client library's end-to-end suite and a new user found on the wire, answered as upstream does:
// booleans parsed one way, dryRun / resourceVersionMatch / fieldValidation checked, a watch from a future
// resourceVersion timing out with 504, Status details without empty fields, a newline after every JSON body.
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver.js';
import { rawRequest, rawTarget } from '../../support/raw-request.js';

let api: TestApiServer;
beforeAll(async () => {
  api = await startTestApiServer();
});
afterAll(() => api.close());

const send = (method: string, path: string, body = '', headers: Record<string, string> = {}) =>
  rawRequest(rawTarget(api), path, { method, body, headers });

/** The first line a GET streams, then the connection is dropped: tells a watch from a list. */
function firstLine(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${api.url}${path}`,
      { ca: api.pki.caCert, headers: { authorization: `Bearer ${api.pki.tokenFor('admin')}` } },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (text.includes('\n')) {
            resolve(text.slice(0, text.indexOf('\n')));
            req.destroy();
          }
        });
        res.on('end', () => resolve(text));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const CONFIGMAPS = '/api/v1/namespaces/default/configmaps';
const configMap = (name: string, extra = '') =>
  `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"${name}"}${extra}}`;

describe('boolean query parameters', () => {
  it.each(['True', '1', 'yes', ''])('treats watch=%s as a watch, as upstream', async (value) => {
    const line = await firstLine(`${CONFIGMAPS}?watch=${value}&timeoutSeconds=5`);
    expect(JSON.parse(line)).toMatchObject({ type: 'ADDED', object: { kind: 'ConfigMap' } });
  });

  it.each(['false', 'FALSE', '0'])('treats watch=%s as a list', async (value) => {
    const answer = await send('GET', `${CONFIGMAPS}?watch=${value}`);
    expect(answer.body.kind).toBe('ConfigMapList');
  });

  it('sends bookmarks for allowWatchBookmarks=True, ending a watch-list', async () => {
    const path = `${CONFIGMAPS}?watch=true&allowWatchBookmarks=True&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&timeoutSeconds=1`;
    const { text } = await send('GET', path);
    const events = text
      .trim()
      .split('\n')
      .map(
        (line) => JSON.parse(line) as { type: string; object: { metadata: { annotations?: Record<string, string> } } },
      );
    const end = events.findIndex((event) => event.object.metadata.annotations?.['k8s.io/initial-events-end']);
    expect(end).toBeGreaterThan(0);
    expect(events.slice(0, end).every((event) => event.type === 'ADDED')).toBe(true);
    expect(events[end]!.type).toBe('BOOKMARK');
  });

  it('takes force=True on a server-side apply as a forced apply', async () => {
    const apply = (manager: string, value: string, force: string) =>
      send(
        'PATCH',
        `${CONFIGMAPS}/forced?fieldManager=${manager}${force}`,
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: forced\ndata:\n  key: ${value}\n`,
        { 'content-type': 'application/apply-patch+yaml' },
      );
    expect((await apply('first', 'one', '')).status).toBe(201);
    expect((await apply('second', 'two', '')).status).toBe(409);
    const forced = await apply('second', 'two', '&force=True');
    expect(forced.status).toBe(200);
    expect(forced.body).toMatchObject({ data: { key: 'two' } });
  });
});

describe('query parameters upstream refuses', () => {
  it('refuses dryRun=Bogus with 422 and writes nothing', async () => {
    const answer = await send('POST', `${CONFIGMAPS}?dryRun=Bogus`, configMap('bogus-dry-run'));
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({
      reason: 'Invalid',
      message:
        'CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"Bogus"}: supported values: "All"',
      details: {
        group: 'meta.k8s.io',
        kind: 'CreateOptions',
        causes: [{ reason: 'FieldValueNotSupported', field: 'dryRun' }],
      },
    });
    expect((await send('GET', `${CONFIGMAPS}/bogus-dry-run`)).status).toBe(404);
  });

  it('takes a repeated dryRun=All as a dry run', async () => {
    const answer = await send('POST', `${CONFIGMAPS}?dryRun=All&dryRun=All`, configMap('dry'));
    expect(answer.status).toBe(201);
    expect((await send('GET', `${CONFIGMAPS}/dry`)).status).toBe(404);
  });

  it.each([
    [
      'resourceVersionMatch=Bogus&resourceVersion=1',
      /resourceVersionMatch: Unsupported value: "Bogus": supported values: "Exact", "NotOlderThan", ""/,
    ],
    ['resourceVersionMatch=NotOlderThan', /resourceVersionMatch is forbidden unless resourceVersion is provided/],
    [
      'resourceVersionMatch=Exact&resourceVersion=0',
      /resourceVersionMatch "exact" is forbidden for resourceVersion "0"/,
    ],
    [
      'watch=1&resourceVersionMatch=NotOlderThan',
      /resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided/,
    ],
  ])('refuses a list with %s', async (query, message) => {
    const answer = await send('GET', `${CONFIGMAPS}?${query}`);
    expect(answer.status).toBe(422);
    expect(answer.body.reason).toBe('Invalid');
    expect(answer.body.message).toMatch(/^ListOptions\.meta\.k8s\.io "" is invalid: /);
    expect(answer.body.message).toMatch(message);
  });

  it('lists the state at an Exact resourceVersion', async () => {
    const created = await send('POST', CONFIGMAPS, configMap('exact'));
    const revision = (created.body.metadata as { resourceVersion: string }).resourceVersion;
    await send('DELETE', `${CONFIGMAPS}/exact`);
    const answer = await send('GET', `${CONFIGMAPS}?resourceVersion=${revision}&resourceVersionMatch=Exact`);
    expect(answer.status).toBe(200);
    expect((answer.body.items as Array<{ metadata: { name: string } }>).map((item) => item.metadata.name)).toContain(
      'exact',
    );
  });
});

describe('strict field validation', () => {
  const repeated = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"twice"},"data":{"x":"1","x":"2"}}';

  it('refuses a repeated JSON key under fieldValidation=Strict', async () => {
    const answer = await send('POST', `${CONFIGMAPS}?fieldValidation=Strict`, repeated);
    expect(answer.status).toBe(400);
    expect(answer.body.message).toBe(
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: duplicate field "data.x"',
    );
  });

  it('refuses a repeated YAML key under fieldValidation=Strict', async () => {
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: twice\ndata:\n  x: "1"\n  x: "2"\n';
    const answer = await send('POST', `${CONFIGMAPS}?fieldValidation=Strict`, yaml, {
      'content-type': 'application/yaml',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/strict decoding error: line 7: key "x" already set in map$/);
  });

  it('warns of a repeated key under fieldValidation=Warn and keeps the last value', async () => {
    const answer = await send('POST', `${CONFIGMAPS}?fieldValidation=Warn`, repeated);
    expect(answer.status).toBe(201);
    expect(answer.headers.warning).toBe('299 - "duplicate field \\"data.x\\""');
    expect(answer.body.data).toEqual({ x: '2' });
  });
});

describe('a watch from a future resourceVersion', () => {
  it('waits for the store, then answers 504 Too large resource version, as upstream', async () => {
    const list = await send('GET', CONFIGMAPS);
    const current = Number((list.body.metadata as { resourceVersion: string }).resourceVersion);
    const answer = await send('GET', `${CONFIGMAPS}?watch=1&resourceVersion=${current + 1000}`);
    expect(answer.status).toBe(504);
    expect(answer.body).toMatchObject({
      kind: 'Status',
      reason: 'Timeout',
      code: 504,
      message: `Timeout: Too large resource version: ${current + 1000}, current: ${current}`,
      details: {
        causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
        retryAfterSeconds: 1,
      },
    });
  });

  it('starts once the store reaches it within the wait', async () => {
    const list = await send('GET', CONFIGMAPS);
    const next = Number((list.body.metadata as { resourceVersion: string }).resourceVersion) + 1;
    const line = firstLine(`${CONFIGMAPS}?watch=1&resourceVersion=${next}&timeoutSeconds=10`);
    await send('POST', CONFIGMAPS, configMap('first-after'));
    await send('POST', CONFIGMAPS, configMap('second-after'));
    expect(JSON.parse(await line)).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'second-after' } } });
  });
});

describe('Status details and bodies', () => {
  it('leaves an empty group out of a core resource 409, as upstream omits it', async () => {
    await send('POST', CONFIGMAPS, configMap('taken'));
    const answer = await send('POST', CONFIGMAPS, configMap('taken'));
    expect(answer.status).toBe(409);
    expect(answer.body.details).toEqual({ name: 'taken', kind: 'configmaps' });
  });

  it.each([
    ['an object', `${CONFIGMAPS}/taken`, {}],
    ['a list', CONFIGMAPS, {}],
    ['a Status', `${CONFIGMAPS}/missing`, {}],
    ['a table', CONFIGMAPS, { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' }],
    ['discovery', '/api/v1', {}],
    [
      'aggregated discovery',
      '/apis',
      { accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' },
    ],
    ['the version', '/version', {}],
  ])('ends %s with a newline, as upstream’s encoder', async (_name, path, headers) => {
    const answer = await send('GET', path, '', headers);
    expect(answer.text.endsWith('}\n')).toBe(true);
    expect(Number(answer.headers['content-length'])).toBe(Buffer.byteLength(answer.text));
  });

  it('answers /version/ as /version', async () => {
    const answer = await send('GET', '/version/');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual((await send('GET', '/version')).body);
  });
});
