// Quantities written as YAML numbers (`cpu: 1`, as many users write them) are stored as their canonical strings, as
// upstream decodes a number into a Quantity: a Pod is created, a Deployment's template holds strings its
// ReplicaSet can copy, a Node's capacity reads as strings. A quantity that is not one is refused, never a 5xx.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl } from '../../support/kubectl.js';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver.js';

let api: TestApiServer;
const k = (...args: string[]) => kubectl(api.kubeconfig, args);
const apply = (yaml: string, ...args: string[]) =>
  kubectl(api.kubeconfig, ['apply', '-f', '-', ...args], { input: yaml });

beforeAll(async () => {
  api = await startTestApiServer();
});
afterAll(() => api.close());

const container = (resources: string) => `      - name: web
        image: nginx
        resources:
${resources}`;

describe('numeric quantities', () => {
  it('stores a Deployment applied with cpu: 1 and memory: 128 as the strings "1" and "128"', async () => {
    const applied = await apply(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: numbers
spec:
  selector:
    matchLabels: {app: numbers}
  template:
    metadata:
      labels: {app: numbers}
    spec:
      containers:
${container('          requests:\n            cpu: 1\n            memory: 128\n          limits:\n            cpu: 2')}
`);
    expect(applied.stderr).toBe('');
    expect(applied.stdout).toContain('deployment.apps/numbers created');
    const got = await k('get', 'deployment', 'numbers', '-o', 'json');
    const stored = JSON.parse(got.stdout) as {
      spec: { template: { spec: { containers: { resources: unknown }[] } } };
    };
    expect(stored.spec.template.spec.containers[0]?.resources).toEqual({
      requests: { cpu: '1', memory: '128' },
      limits: { cpu: '2' },
    });
  });

  it('creates a Pod with cpu: 0.5 and shows its canonical 500m', async () => {
    const applied = await apply(`apiVersion: v1
kind: Pod
metadata:
  name: half
spec:
  containers:
${container('          requests:\n            cpu: 0.5')}
`);
    expect(applied.stderr).toBe('');
    const got = await k('get', 'pod', 'half', '-o', 'jsonpath={.spec.containers[0].resources.requests.cpu}');
    expect(got.stdout).toBe('500m');
  });

  it("stores a Node's numeric capacity as strings, and its allocatable follows", async () => {
    const applied = await apply(`apiVersion: v1
kind: Node
metadata:
  name: counted
status:
  capacity:
    cpu: 4
    pods: 110
`);
    expect(applied.stderr).toBe('');
    const got = await k('get', 'node', 'counted', '-o', 'jsonpath={.status.capacity} {.status.allocatable}');
    expect(got.stdout).toBe('{"cpu":"4","pods":"110"} {"cpu":"4","pods":"110"}');
  });

  it('refuses a quantity that is neither a number nor a string with a 4xx naming the field', async () => {
    const applied = await apply(
      `apiVersion: v1
kind: Pod
metadata:
  name: wrong
spec:
  containers:
${container('          requests:\n            cpu: true')}
`,
      '--validate=false',
    );
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain('resources.requests.cpu');
    expect(applied.stderr).not.toMatch(/InternalError|is not a function/);
  });
});
