// The real kubectl against a live API server: what a student types in the first Kubernetes chapters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, kubectlStream } from '../../support/kubectl.js';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver.js';

let api: TestApiServer;
const k = (...args: string[]) => kubectl(api.kubeconfig, args);
const apply = (yaml: string, ...args: string[]) =>
  kubectl(api.kubeconfig, ['apply', '-f', '-', ...args], { input: yaml });

const deployment = (replicas: number, extraLabel = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
${extraLabel ? `    ${extraLabel}\n` : ''}spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        ports:
        - containerPort: 80
`;

beforeAll(async () => {
  api = await startTestApiServer();
});
afterAll(() => api.close());

describe('kubectl against kubelab', () => {
  it('shows the bootstrap namespaces and the kubernetes Service', async () => {
    const ns = await k('get', 'ns');
    expect(ns.stderr).toBe('');
    expect(ns.stdout).toMatch(/^NAME\s+STATUS\s+AGE\n/);
    for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease'])
      expect(ns.stdout).toMatch(new RegExp(`${name}\\s+Active`));
    const svc = await k('get', 'svc', 'kubernetes');
    expect(svc.stdout).toMatch(/kubernetes\s+ClusterIP\s+10\.96\.0\.1\s+<none>\s+443\/TCP/);
    expect((await k('get', 'sa,cm', '-n', 'kube-system')).stdout).toMatch(
      /serviceaccount\/default[\s\S]*configmap\/kube-root-ca\.crt/,
    );
  });

  it('applies a Deployment, shows upstream columns and defaults, and re-applies changes', async () => {
    const created = await apply(deployment(2));
    expect(created.stderr).toBe('');
    expect(created.stdout).toBe('deployment.apps/web created\n');
    const wide = await k('get', 'deploy', 'web', '-o', 'wide');
    expect(wide.stdout).toMatch(
      /NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR\nweb\s+0\/2\s+0\s+0\s+\d+s\s+nginx\s+nginx:1\.25\s+app=web/,
    );
    const strategy = await k(
      'get',
      'deploy',
      'web',
      '-o',
      'jsonpath={.spec.strategy.rollingUpdate.maxSurge} {.spec.revisionHistoryLimit} {.spec.progressDeadlineSeconds} {.spec.template.spec.containers[0].imagePullPolicy}',
    );
    expect(strategy.stdout).toBe('25% 10 600 IfNotPresent');

    expect((await apply(deployment(3, 'tier: frontend'))).stdout).toBe('deployment.apps/web configured\n');
    const changed = JSON.parse((await k('get', 'deploy', 'web', '-o', 'json')).stdout);
    expect(changed.spec.replicas).toBe(3);
    expect(changed.metadata.generation).toBe(2);
    expect(changed.metadata.labels).toEqual({ app: 'web', tier: 'frontend' });

    expect((await apply(deployment(3))).stdout).toBe('deployment.apps/web configured\n');
    expect((await k('get', 'deploy', 'web', '-o', 'jsonpath={.metadata.labels}')).stdout).toBe('{"app":"web"}');
    expect((await apply(deployment(3))).stdout).toBe('deployment.apps/web unchanged\n');
  });

  it('scales, labels, annotates and patches with each patch type', async () => {
    expect((await k('scale', 'deploy', 'web', '--replicas=5')).stdout).toBe('deployment.apps/web scaled\n');
    expect((await k('label', 'deploy', 'web', 'team=blue')).stdout).toBe('deployment.apps/web labeled\n');
    expect((await k('annotate', 'deploy', 'web', 'note=hello')).stdout).toBe('deployment.apps/web annotated\n');
    await k('patch', 'deploy', 'web', '--type', 'merge', '-p', '{"spec":{"minReadySeconds":5}}');
    await k(
      'patch',
      'deploy',
      'web',
      '--type',
      'json',
      '-p',
      '[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"nginx:1.26"}]',
    );
    await k(
      'patch',
      'deploy',
      'web',
      '-p',
      '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox"}]}}}}',
    );
    const out = JSON.parse((await k('get', 'deploy', 'web', '-o', 'json')).stdout);
    expect(out.spec.replicas).toBe(5);
    expect(out.metadata.labels.team).toBe('blue');
    expect(out.metadata.annotations.note).toBe('hello');
    expect(out.spec.minReadySeconds).toBe(5);
    expect(
      out.spec.template.spec.containers.map((c: { name: string; image: string }) => `${c.name}=${c.image}`),
    ).toEqual(['sidecar=busybox', 'nginx=nginx:1.26']);
  });

  it('prints errors as kubectl users know them', async () => {
    const missing = await k('get', 'deploy', 'nope');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('Error from server (NotFound): deployments.apps "nope" not found');
    const twice = await kubectl(api.kubeconfig, ['create', '-f', '-'], { input: deployment(1) });
    expect(twice.stderr).toContain(
      'Error from server (AlreadyExists): error when creating "STDIN": deployments.apps "web" already exists',
    );
    const generator = await k('create', 'deployment', 'web', '--image=nginx');
    expect(generator.stderr).toContain('error: failed to create deployment: deployments.apps "web" already exists');
    const invalid = await apply(
      deployment(1)
        .replace('matchLabels:\n      app: web', 'matchLabels:\n      app: other')
        .replace('name: web', 'name: broken'),
    );
    expect(invalid.stderr).toMatch(/The Deployment "broken" is invalid: .*spec\.template\.metadata\.labels/);
    const stale = JSON.parse((await k('get', 'deploy', 'web', '-o', 'json')).stdout);
    stale.metadata.resourceVersion = '1';
    const conflict = await kubectl(api.kubeconfig, ['replace', '-f', '-'], { input: JSON.stringify(stale) });
    expect(conflict.stderr).toContain(
      'the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it('runs a server-side dry run without storing anything', async () => {
    const dry = await k(
      'create',
      'deployment',
      'dry',
      '--image=nginx',
      '--dry-run=server',
      '-o',
      'jsonpath={.spec.replicas}',
    );
    expect(dry.stdout).toBe('1');
    expect((await k('get', 'deploy', 'dry')).stderr).toContain('not found');
  });

  it('streams pod changes into kubectl get -w', async () => {
    const watch = kubectlStream(api.kubeconfig, ['get', 'pods', '-w']);
    await k('run', 'watched', '--image=nginx', '--restart=Never');
    const rows = () => watch.output().match(/^watched\s+0\/1\s+Pending\s+0\s+\d+s$/gm) ?? [];
    // The first row may come from kubectl's list or from the watch; a later change can only come from the watch.
    await expect.poll(() => rows().length, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    const before = rows().length;
    await k('label', 'pod', 'watched', 'seen=yes');
    await expect.poll(() => rows().length, { timeout: 15_000 }).toBe(before + 1);
    watch.stop();
  });

  it('serves discovery to kubectl get --raw and api-resources', async () => {
    const raw = JSON.parse((await k('get', '--raw', '/apis/apps/v1')).stdout);
    expect(raw.resources.map((r: { name: string }) => r.name)).toContain('deployments/scale');
    const resources = await k('api-resources');
    expect(resources.stdout).toMatch(/deployments\s+deploy\s+apps\/v1\s+true\s+Deployment/);
    expect(resources.stdout).toMatch(/pods\s+po\s+v1\s+true\s+Pod/);
  });

  it('taints and cordons a node', async () => {
    await kubectl(api.kubeconfig, ['create', '-f', '-'], {
      input: 'apiVersion: v1\nkind: Node\nmetadata:\n  name: node-1\n',
    });
    expect((await k('taint', 'nodes', 'node-1', 'dedicated=lab:NoSchedule')).stdout).toBe('node/node-1 tainted\n');
    expect((await k('cordon', 'node-1')).stdout).toBe('node/node-1 cordoned\n');
    const node = JSON.parse((await k('get', 'node', 'node-1', '-o', 'json')).stdout);
    expect(node.spec).toEqual({
      taints: [{ key: 'dedicated', value: 'lab', effect: 'NoSchedule' }],
      unschedulable: true,
    });
    expect((await k('uncordon', 'node-1')).stdout).toBe('node/node-1 uncordoned\n');
    expect((await k('get', 'node', 'node-1')).stdout).not.toContain('SchedulingDisabled');
  });

  it('edits an object through $EDITOR', async () => {
    const editor = `sed -i 's/minReadySeconds: 5/minReadySeconds: 7/'`;
    const edited = await kubectl(api.kubeconfig, ['edit', 'deploy', 'web'], {
      env: { EDITOR: editor, KUBE_EDITOR: editor },
    });
    expect(edited.stdout).toBe('deployment.apps/web edited\n');
    expect((await k('get', 'deploy', 'web', '-o', 'jsonpath={.spec.minReadySeconds}')).stdout).toBe('7');
  });

  it('deletes with each cascade policy', async () => {
    expect((await k('delete', 'deploy', 'web', '--cascade=background')).stdout).toBe('deployment.apps "web" deleted\n');
    await k('create', 'deployment', 'orphaned', '--image=nginx');
    const orphan = await k('delete', 'deploy', 'orphaned', '--cascade=orphan', '--wait=false');
    expect(orphan.stdout).toBe('deployment.apps "orphaned" deleted\n');
    const marked = JSON.parse((await k('get', 'deploy', 'orphaned', '-o', 'json')).stdout);
    expect(marked.metadata.finalizers).toEqual(['orphan']);
    expect(marked.metadata.deletionTimestamp).toBeTruthy();
  });
});
