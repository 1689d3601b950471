// ReplicationControllers are served as upstream serves them (v1, short name rc, status and scale subresources, in
// `kubectl get all`): the selector defaults to the template's labels, `kubectl get rc` prints the server's table
// and `kubectl scale rc` goes through the scale subresource. (The ReplicaSet controller reconciles them.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl } from '../../support/kubectl.js';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver.js';

let api: TestApiServer;
const k = (...args: string[]) => kubectl(api.kubeconfig, args);

const CONTROLLER = `apiVersion: v1
kind: ReplicationController
metadata:
  name: nginx
spec:
  replicas: 3
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
`;

beforeAll(async () => {
  api = await startTestApiServer();
});
afterAll(() => api.close());

describe('replicationcontrollers', () => {
  it('creates an rc whose selector and labels default to its template labels', async () => {
    const created = await kubectl(api.kubeconfig, ['create', '-f', '-'], { input: CONTROLLER });
    expect(created.stderr).toBe('');
    expect(created.stdout).toContain('replicationcontroller/nginx created');
    const got = await k('get', 'rc', 'nginx', '-o', 'jsonpath={.spec.selector} {.metadata.labels} {.status.replicas}');
    expect(got.stdout).toBe('{"app":"nginx"} {"app":"nginx"} 0');
  });

  it('prints NAME DESIRED CURRENT READY AGE, and CONTAINERS IMAGES SELECTOR with -o wide', async () => {
    const plain = await k('get', 'rc');
    expect(plain.stdout).toMatch(/^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\nnginx\s+3\s+0\s+0\s+\S+\n$/);
    const wide = await k('get', 'rc', '-o', 'wide');
    expect(wide.stdout).toMatch(/^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR\n/);
    expect(wide.stdout).toMatch(/nginx\s+3\s+0\s+0\s+\S+\s+nginx\s+nginx:1\.27\s+app=nginx\n$/);
  });

  it('is part of `kubectl get all`', async () => {
    expect((await k('get', 'all')).stdout).toContain('replicationcontroller/nginx');
  });

  it('scales with kubectl scale rc through the scale subresource', async () => {
    const scaled = await k('scale', 'rc', 'nginx', '--replicas=5');
    expect(scaled.stdout).toContain('replicationcontroller/nginx scaled');
    expect((await k('get', 'rc', 'nginx', '-o', 'jsonpath={.spec.replicas}')).stdout).toBe('5');
    const scale = await k('get', '--raw', '/api/v1/namespaces/default/replicationcontrollers/nginx/scale');
    expect(JSON.parse(scale.stdout)).toMatchObject({
      kind: 'Scale',
      spec: { replicas: 5 },
      status: { selector: 'app=nginx' },
    });
  });

  it('refuses an rc whose selector does not match its template, as upstream words it', async () => {
    const bad = CONTROLLER.replace('name: nginx\n', 'name: odd\n').replace(
      'spec:\n  replicas: 3\n',
      'spec:\n  replicas: 3\n  selector:\n    app: other\n',
    );
    const created = await kubectl(api.kubeconfig, ['create', '-f', '-'], { input: bad });
    expect(created.code).toBe(1);
    expect(created.stderr).toContain(
      'ReplicationController "odd" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"nginx"}: `selector` does not match template `labels`',
    );
  });
});
