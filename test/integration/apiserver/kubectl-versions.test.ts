// kubectl 1.30 to 1.33 (the versions beside the default one on our machines) all work against kubelab for the
// everyday commands: discovery, create (protobuf), apply with server-side validation, get with Tables, describe,
// scale, explain, delete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, kubectlVersions } from '../../support/kubectl.js';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver.js';
import { testTempDir } from '../../support/temp-dir.js';

const WANTED = ['1.30', '1.31', '1.32', '1.33'];
const binaries = kubectlVersions();
let api: TestApiServer;
beforeAll(async () => {
  api = await startTestApiServer();
});
afterAll(() => api.close());

describe('kubectl versions', () => {
  it('has kubectl 1.30 to 1.33 on this machine', () => {
    expect(Object.keys(binaries)).toEqual(expect.arrayContaining(WANTED));
  });

  it.each(WANTED)('kubectl %s runs the everyday commands', async (version) => {
    // A HOME of its own: kubectl's discovery cache is this run's, and goes with the test.
    const home = testTempDir(`kubelab-kubectl-${version}-`);
    const run = (...args: string[]) =>
      kubectl(api.kubeconfig, args, { binary: binaries[version], env: { HOME: home } });
    const name = `v${version.replace('.', '-')}`;
    expect((await run('version', '--client', '-o', 'json')).stdout).toContain(`"minor": "${version.split('.')[1]}"`);
    expect((await run('get', 'ns')).stdout).toMatch(/default\s+Active/);
    expect((await run('create', 'deployment', name, '--image=nginx')).stdout).toBe(`deployment.apps/${name} created\n`);
    const manifest = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  a: b\n`;
    expect(
      (await kubectl(api.kubeconfig, ['apply', '-f', '-'], { input: manifest, binary: binaries[version] })).stdout,
    ).toBe(`configmap/${name} created\n`);
    expect((await run('get', 'deploy', name)).stdout).toMatch(new RegExp(`${name}\\s+0/1\\s+0\\s+0`));
    expect((await run('describe', 'deploy', name)).stdout).toMatch(/StrategyType:\s+RollingUpdate/);
    expect((await run('scale', 'deploy', name, '--replicas=2')).stdout).toBe(`deployment.apps/${name} scaled\n`);
    expect((await run('explain', 'deployment.spec.replicas')).stdout).toMatch(/replicas\s+<integer>/);
    expect((await run('delete', 'deploy', name)).stdout).toBe(`deployment.apps "${name}" deleted\n`);
  });
});
