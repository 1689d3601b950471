// Discovery as kubectl 1.30+ reads it: aggregated v2 in two requests when asked for, legacy documents otherwise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl } from '../../support/kubectl.js';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver.js';
import { rawRequest, rawTarget } from '../../support/raw-request.js';
import { testTempDir } from '../../support/temp-dir.js';

let api: TestApiServer;
beforeAll(async () => {
  api = await startTestApiServer();
});
afterAll(() => api.close());

async function get(path: string, accept: string): Promise<{ type: string; body: Record<string, unknown> }> {
  const answer = await rawRequest(rawTarget(api), path, { headers: { accept } });
  return { type: answer.headers['content-type'] ?? '', body: answer.body };
}

const AGGREGATED = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';

describe('discovery', () => {
  it('answers aggregated discovery v2 for /apis with every group, resource and subresource', async () => {
    const { type, body } = await get('/apis', AGGREGATED);
    expect(type).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    const apps = (
      body.items as {
        metadata: { name: string };
        versions: {
          resources: { resource: string; subresources?: { subresource: string; responseKind: object }[] }[];
        }[];
      }[]
    ).find((g) => g.metadata.name === 'apps')!;
    const deployments = apps.versions[0]!.resources.find((r) => r.resource === 'deployments')!;
    expect(deployments.subresources).toContainEqual({
      subresource: 'scale',
      responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
      verbs: ['get', 'patch', 'update'],
    });
  });

  it('answers legacy discovery with exactly application/json to clients that do not ask for v2', async () => {
    const { type, body } = await get('/api', 'application/json');
    expect(type).toBe('application/json');
    expect(body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
  });

  it('lets kubectl discover everything with the two aggregated requests', async () => {
    const result = await kubectl(api.kubeconfig, ['get', 'deploy', '-v=6'], {
      env: { HOME: testTempDir('kubelab-home-') },
    });
    const discovery = result.stderr
      .split('\n')
      .filter(
        (line) =>
          / GET https:\/\/\S+\/apis?(\/[^?]*)?(\?timeout=\S+)? 200/.test(line) && !line.includes('/deployments'),
      );
    expect(discovery.map((line) => /GET https:\/\/[^/]+(\/\S*?)(\?|\s)/.exec(line)?.[1])).toEqual(['/api', '/apis']);
  });
});
