// Pod priority from PriorityClass objects, as upstream's Priority admission plugin sets it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl } from '../../support/kubectl.js';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver.js';

let api: TestApiServer;
const k = (...args: string[]) => kubectl(api.kubeconfig, args);
const create = (yaml: string) => kubectl(api.kubeconfig, ['create', '-f', '-'], { input: yaml });
const pod = (name: string, className?: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n${className ? `  priorityClassName: ${className}\n` : ''}  containers:\n  - name: c\n    image: busybox\n`;

beforeAll(async () => {
  api = await startTestApiServer();
});
afterAll(() => api.close());

describe('pod priority', () => {
  it('gives a pod the value of its PriorityClass, and refuses an unknown class', async () => {
    await create(
      'apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: high\nvalue: 1000\npreemptionPolicy: Never\n',
    );
    await create(pod('important', 'high'));
    expect(
      (await k('get', 'pod', 'important', '-o', 'jsonpath={.spec.priority} {.spec.preemptionPolicy}')).stdout,
    ).toBe('1000 Never');
    const unknown = await create(pod('lost', 'nope'));
    expect(unknown.stderr).toContain('no PriorityClass with name nope was found');
  });

  it('gives pods without a class the globalDefault one, and 0 when there is none', async () => {
    await create(pod('plain'));
    expect((await k('get', 'pod', 'plain', '-o', 'jsonpath={.spec.priority}')).stdout).toBe('0');
    await create(
      'apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: usual\nvalue: 10\nglobalDefault: true\n',
    );
    await create(pod('defaulted'));
    expect(
      (await k('get', 'pod', 'defaulted', '-o', 'jsonpath={.spec.priorityClassName} {.spec.priority}')).stdout,
    ).toBe('usual 10');
    expect((await k('get', 'priorityclass', 'usual')).stdout).toMatch(/usual\s+10\s+true/);
  });
});
