// Bodies that nest too deeply, or alias too much, are refused with a 400 before any parser recurses into them, on
// every path that decodes a body; the server keeps serving. (A YAML body of 3,000 nested brackets used to answer
// 400 twenty times and kill the process the 21st; 10,000 nested levels in a patch answered 500.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver.js';
import { rawRequest, rawTarget, type RawAnswer } from '../../support/raw-request.js';

let api: TestApiServer;
beforeAll(async () => {
  api = await startTestApiServer();
});
afterAll(() => api.close());

const send = (method: string, path: string, body: string, contentType: string) =>
  rawRequest(rawTarget(api), path, { method, body, headers: { 'content-type': contentType } });

const CONFIGMAPS = '/api/v1/namespaces/default/configmaps';
const brackets = (depth: number) => 'x: ' + '['.repeat(depth) + ']'.repeat(depth);
const nestedJson = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const configMap = (name: string) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });

function expectTooDeep(answer: RawAnswer): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(400);
  expect(answer.body).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 });
  expect(answer.body.message).toMatch(/nests objects and arrays more than 100 levels deep/);
}

describe('bounded decoding', () => {
  it('refuses 3,000 nested YAML brackets thirty times over and still serves a normal request', async () => {
    for (let i = 0; i < 30; i++) expectTooDeep(await send('POST', CONFIGMAPS, brackets(3000), 'application/yaml'));
    const created = await send('POST', CONFIGMAPS, configMap('alive'), 'application/json');
    expect(created.status).toBe(201);
  });

  it('refuses a deeply nested JSON body on create and update', async () => {
    expectTooDeep(await send('POST', CONFIGMAPS, nestedJson(10_000), 'application/json'));
    await send('POST', CONFIGMAPS, configMap('updated'), 'application/json');
    expectTooDeep(await send('PUT', `${CONFIGMAPS}/updated`, nestedJson(10_000), 'application/json'));
  });

  it.each([
    ['merge patch', 'application/merge-patch+json', nestedJson(10_000)],
    ['strategic merge patch', 'application/strategic-merge-patch+json', nestedJson(10_000)],
    ['JSON patch', 'application/json-patch+json', `[{"op":"add","path":"/data","value":${nestedJson(10_000)}}]`],
    ['apply patch', 'application/apply-patch+yaml', brackets(3000)],
  ])('refuses a 10,000-level %s with 400, not 500', async (_name, type, body) => {
    await send('POST', CONFIGMAPS, configMap('patched'), 'application/json');
    expectTooDeep(await send('PATCH', `${CONFIGMAPS}/patched?fieldManager=test`, body, type));
  });

  it('refuses a JSON patch that deepens an object op by op past the limit', async () => {
    await send('POST', CONFIGMAPS, configMap('deepened'), 'application/json');
    const level = nestedJson(60);
    const inner = '/a'.repeat(60);
    const ops = [
      { op: 'add', path: '/metadata/annotations', value: {} },
      { op: 'add', path: '/x', value: JSON.parse(level) as unknown },
      { op: 'add', path: `/x${inner}`, value: JSON.parse(level) as unknown },
    ];
    const answer = await send('PATCH', `${CONFIGMAPS}/deepened`, JSON.stringify(ops), 'application/json-patch+json');
    expectTooDeep(answer);
  });

  it('refuses nesting past the limit on DeleteOptions and subresource bodies', async () => {
    await send('POST', CONFIGMAPS, configMap('kept'), 'application/json');
    expectTooDeep(await send('DELETE', `${CONFIGMAPS}/kept`, nestedJson(500), 'application/json'));
    const deployments = '/apis/apps/v1/namespaces/default/deployments';
    const labels = { app: 'd' };
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: {
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'i' }] } },
      },
    };
    expect((await send('POST', deployments, JSON.stringify(deployment), 'application/json')).status).toBe(201);
    expectTooDeep(await send('PUT', `${deployments}/d/scale`, nestedJson(500), 'application/json'));
  });

  it('accepts an object nested exactly to the limit', async () => {
    // metadata.annotations can hold no nesting, so the depth goes into an unknown field the server ignores.
    const body = `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep-ok"},"x":${nestedJson(99)}}`;
    const answer = await send('POST', `${CONFIGMAPS}?fieldValidation=Ignore`, body, 'application/json');
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  });

  it('refuses a YAML alias bomb with 400', async () => {
    let bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (const [previous, name] of ['ab', 'bc', 'cd', 'de', 'ef', 'fg', 'gh', 'hi']) {
      bomb += `${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]\n`;
    }
    const answer = await send('POST', CONFIGMAPS, bomb, 'application/yaml');
    expect(answer.status, JSON.stringify(answer.body)).toBe(400);
    expect(answer.body.message).toMatch(/alias/);
  });
});
