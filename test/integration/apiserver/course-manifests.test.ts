// The manifests of the course material behave as on a current real cluster: accepted unchanged, except the
// Deployment written for extensions/v1beta1, which fails as it does on real Kubernetes until it is updated.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../support/lab-server.js';
import { kubectl } from '../../support/kubectl.js';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver.js';

const MANIFESTS = join(ROOT_DIR, 'test/fixtures/course-manifests');
let api: TestApiServer;
beforeAll(async () => {
  api = await startTestApiServer();
});
afterAll(() => api.close());

const apply = async (file: string) => kubectl(api.kubeconfig, ['apply', '-f', join(MANIFESTS, file)]);

describe('the course manifests', () => {
  it.each([
    ['nginx-deployment.yaml', 'deployment.apps/nginx created\nservice/nginx created\n'],
    ['lifecycle-demo.yaml', 'pod/lifecycle-demo created\n'],
    ['javaweb.yaml', 'pod/javaweb-2 created\n'],
    ['host-namespaces.yaml', 'pod/nginx created\n'],
  ])('accepts %s unchanged', async (file, printed) => {
    const result = await apply(file);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(printed);
  });

  it('gives the LoadBalancer Service a ClusterIP and a NodePort, as a cluster without a cloud does', async () => {
    const svc = await kubectl(api.kubeconfig, ['get', 'svc', 'nginx']);
    expect(svc.stdout).toMatch(/nginx\s+LoadBalancer\s+10\.96\.\d+\.\d+\s+<pending>\s+80:3\d{4}\/TCP/);
  });

  it('refuses the extensions/v1beta1 Deployment as real Kubernetes does', async () => {
    const result = await apply('nginx-healthcheck.yaml');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('no matches for kind "Deployment" in version "extensions/v1beta1"');
  });

  it('accepts that Deployment once it is apps/v1 without the fields the server sets', async () => {
    const manifest = parse(await readFile(join(MANIFESTS, 'nginx-healthcheck.yaml'), 'utf8')) as {
      apiVersion: string;
      metadata: Record<string, unknown>;
      status?: unknown;
    };
    manifest.apiVersion = 'apps/v1';
    for (const field of ['resourceVersion', 'uid', 'selfLink', 'creationTimestamp']) delete manifest.metadata[field];
    delete manifest.status;
    const result = await kubectl(api.kubeconfig, ['apply', '-f', '-'], { input: stringify(manifest) });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('deployment.apps/nginx-with-healthcheck created\n');
    const probe = await kubectl(api.kubeconfig, [
      'get',
      'deploy',
      'nginx-with-healthcheck',
      '-o',
      'jsonpath={.spec.template.spec.containers[0].livenessProbe.httpGet.port}',
    ]);
    expect(probe.stdout).toBe('http');
  });
});
