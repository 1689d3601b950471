// Bad input gets a 4xx Status that says what is wrong, never a 5xx, and the server keeps serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver.js';
import { rawRequest, rawTarget } from '../../support/raw-request.js';

let api: TestApiServer;
beforeAll(async () => {
  api = await startTestApiServer();
});
afterAll(() => api.close());

const send = (method: string, path: string, body?: string | Buffer, contentType = 'application/json') =>
  rawRequest(rawTarget(api), path, { method, body, headers: { 'content-type': contentType } });

const PODS = '/api/v1/namespaces/default/pods';
const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';
const goodPod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'ok' },
  spec: { containers: [{ name: 'c', image: 'busybox' }] },
};

describe('bad input', () => {
  it.each<[string, string, string, string | Buffer | undefined, string, number, RegExp]>([
    ['malformed JSON', 'POST', PODS, '{"apiVersion": "v1", ', 'application/json', 400, /not valid JSON/],
    ['malformed YAML', 'POST', PODS, 'kind: Pod\n  - : [', 'application/yaml', 400, /not valid YAML/],
    ['an array body', 'POST', PODS, '[1,2]', 'application/json', 400, /must be a JSON object/],
    ['an empty body', 'POST', PODS, '', 'application/json', 400, /empty/],
    [
      'a wrong kind',
      'POST',
      PODS,
      JSON.stringify({ ...goodPod, kind: 'Service' }),
      'application/json',
      400,
      /kind in the data \(Service\)/,
    ],
    [
      'a wrong apiVersion',
      'POST',
      DEPLOYMENTS,
      JSON.stringify({ apiVersion: 'extensions/v1beta1', kind: 'Deployment', metadata: { name: 'x' } }),
      'application/json',
      400,
      /API version in the data \(extensions\/v1beta1\)/,
    ],
    [
      'a missing name',
      'POST',
      PODS,
      JSON.stringify({ ...goodPod, metadata: {} }),
      'application/json',
      422,
      /name or generateName is required/,
    ],
    [
      'a bad name',
      'POST',
      PODS,
      JSON.stringify({ ...goodPod, metadata: { name: 'Bad_Name' } }),
      'application/json',
      422,
      /RFC 1123/,
    ],
    [
      'no containers',
      'POST',
      PODS,
      JSON.stringify({ ...goodPod, spec: { containers: [] } }),
      'application/json',
      422,
      /spec\.containers: Required value/,
    ],
    [
      'containers of the wrong type',
      'POST',
      PODS,
      JSON.stringify({ ...goodPod, spec: { containers: 'nginx' } }),
      'application/json',
      400,
      /wrong type|containers/,
    ],
    [
      'replicas of the wrong type',
      'POST',
      DEPLOYMENTS,
      JSON.stringify({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'd' },
        spec: {
          replicas: 'three',
          selector: { matchLabels: { a: 'b' } },
          template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
        },
      }),
      'application/json',
      400,
      /cannot unmarshal string into Go struct field spec\.replicas of type int32/,
    ],
    [
      'a namespace that does not exist',
      'POST',
      '/api/v1/namespaces/nowhere/pods',
      JSON.stringify(goodPod),
      'application/json',
      404,
      /namespaces "nowhere" not found/,
    ],
    [
      'a body in protobuf we cannot read',
      'POST',
      '/api/v1/namespaces/default/configmaps',
      Buffer.from('k8s\0garbage'),
      'application/vnd.kubernetes.protobuf',
      400,
      /protobuf|415|unknown format/,
    ],
    ['an unknown patch type', 'PATCH', `${PODS}/ok`, '{}', 'text/plain', 415, /unknown format|media type/],
    ['a malformed JSON patch', 'PATCH', `${PODS}/ok`, '{"op":"add"}', 'application/json-patch+json', 400, /patch/i],
    [
      'a bad label selector',
      'GET',
      `${PODS}?labelSelector=a%20in%20(`,
      undefined,
      'application/json',
      400,
      /unable to parse requirement/,
    ],
    [
      'an unsupported field selector',
      'GET',
      `${PODS}?fieldSelector=spec.foo%3Dbar`,
      undefined,
      'application/json',
      400,
      /field label not supported: spec.foo/,
    ],
    ['a bad limit', 'GET', `${PODS}?limit=-5`, undefined, 'application/json', 400, /limit/],
    [
      'a forged continue token',
      'GET',
      `${PODS}?limit=1&continue=forged`,
      undefined,
      'application/json',
      400,
      /continue/,
    ],
    [
      'a bad resourceVersion',
      'GET',
      `${PODS}?watch=1&resourceVersion=abc`,
      undefined,
      'application/json',
      400,
      /resource version/,
    ],
    [
      'an unknown resource',
      'GET',
      '/api/v1/namespaces/default/widgets',
      undefined,
      'application/json',
      404,
      /could not find the requested resource/,
    ],
    ['an unknown subresource', 'GET', `${PODS}/ok/bogus`, undefined, 'application/json', 404, /not found/],
    [
      'a malformed %-escape in the path',
      'GET',
      '/api/v1/namespaces/%E0%A4%A/pods',
      undefined,
      'application/json',
      400,
      /malformed %-escape/,
    ],
    [
      'a verb the resource lacks',
      'DELETE',
      '/api/v1/namespaces/default/bindings/x',
      undefined,
      'application/json',
      405,
      /does not allow/,
    ],
  ])('answers %s with a Status', async (_name, method, path, body, type, status, message) => {
    if (method === 'PATCH') await send('POST', PODS, JSON.stringify(goodPod));
    const answer = await send(method, path, body, type);
    expect(answer.status, JSON.stringify(answer.body)).toBe(status);
    expect(answer.body).toMatchObject({ kind: 'Status', code: status });
    expect(answer.body.message).toMatch(message);
  });

  it('refuses a body over 3 MiB with 413', async () => {
    const huge = JSON.stringify({
      ...goodPod,
      metadata: { name: 'huge', annotations: { a: 'x'.repeat(4 * 1024 * 1024) } },
    });
    const answer = await send('POST', PODS, huge);
    expect(answer.status).toBe(413);
    expect(answer.body.reason).toBe('RequestEntityTooLarge');
  });

  it('refuses requests without a token, and read-only users writing', async () => {
    const anonymous = await rawRequest(rawTarget(api, null), PODS);
    expect(anonymous.status).toBe(401);
    const body = JSON.stringify(goodPod);
    const reader = await rawRequest(rawTarget(api, 'reader'), PODS, { method: 'POST', body });
    expect(reader.status).toBe(403);
    expect(reader.body.message).toContain('User "kubelab-grader" cannot create resource "pods"');
  });

  it('survives a randomised run of mangled objects with only 4xx answers', async () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const junk = () => [null, 0, -1, 'x', true, [], {}, [1, 'a'], { a: { b: [] } }, 1e300][Math.floor(random() * 10)];
    const base = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'fuzz', labels: { a: 'b' } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { a: 'b' } },
        template: {
          metadata: { labels: { a: 'b' } },
          spec: {
            containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80 }], env: [{ name: 'E', value: 'v' }] }],
          },
        },
      },
    };
    const paths = (value: unknown, prefix: string[] = []): string[][] =>
      value && typeof value === 'object'
        ? [prefix, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, k]))]
        : [prefix];
    const all = paths(base).filter((p) => p.length > 0);
    const statuses = new Set<number>();
    for (let i = 0; i < 150; i++) {
      const object = structuredClone(base) as Record<string, unknown>;
      const path = all[Math.floor(random() * all.length)]!;
      let target = object as Record<string, unknown>;
      for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
      target[path.at(-1)!] = junk();
      const metadata = object.metadata && typeof object.metadata === 'object' ? object.metadata : {};
      object.metadata = { ...metadata, name: `fuzz-${i}` };
      const answer = await send('POST', DEPLOYMENTS, JSON.stringify(object));
      statuses.add(answer.status);
      expect(
        answer.status,
        `${path.join('.')} = ${JSON.stringify(target[path.at(-1)!])}: ${JSON.stringify(answer.body)}`,
      ).toBeLessThan(500);
    }
    expect((await send('GET', PODS)).status).toBe(200);
    expect([...statuses].some((status) => status >= 400)).toBe(true);
  });
});
