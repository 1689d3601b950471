// `kubectl auth can-i` and `kubectl auth whoami` for the server's three roles: SelfSubjectAccessReview,
// SelfSubjectRulesReview and SelfSubjectReview are created (never stored) and answered from the same authorizer
// that judges real requests; an admin may ask as another known user with --as.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl } from '../../support/kubectl.js';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver.js';

let api: TestApiServer;
const admin = (...args: string[]) => kubectl(api.kubeconfig, args);
const reader = (...args: string[]) => kubectl(api.readerKubeconfig, args);

beforeAll(async () => {
  api = await startTestApiServer();
});
afterAll(() => api.close());

describe('kubectl auth', () => {
  it('answers yes to an admin asking to delete pods', async () => {
    expect(await admin('auth', 'can-i', 'delete', 'pods')).toMatchObject({ code: 0, stdout: 'yes\n' });
  });

  it('answers no (exit 1) to a reader asking to create pods, and yes to listing them', async () => {
    expect(await reader('auth', 'can-i', 'create', 'pods')).toMatchObject({ code: 1, stdout: 'no\n' });
    expect(await reader('auth', 'can-i', 'list', 'pods')).toMatchObject({ code: 0, stdout: 'yes\n' });
  });

  it('keeps Secrets from a reader, also when an admin asks as the reader with --as', async () => {
    expect(await reader('auth', 'can-i', 'get', 'secrets')).toMatchObject({ code: 1, stdout: 'no\n' });
    expect(await admin('auth', 'can-i', 'get', 'secrets', '--as', 'kubelab-grader')).toMatchObject({
      code: 1,
      stdout: 'no\n',
    });
    expect(await admin('auth', 'can-i', 'update', 'nodes/status', '--as', 'system:node')).toMatchObject({
      code: 0,
      stdout: 'yes\n',
    });
  });

  it('refuses --as from a user who is not an admin', async () => {
    const asked = await reader('auth', 'can-i', 'get', 'pods', '--as', 'kubelab-admin');
    expect(asked.code).toBe(1);
    expect(asked.stderr).toContain('cannot impersonate resource "users"');
  });

  it('prints the username and groups with auth whoami', async () => {
    const mine = await admin('auth', 'whoami');
    expect(mine.code).toBe(0);
    expect(mine.stdout).toMatch(/Username\s+kubelab-admin\n/);
    expect(mine.stdout).toMatch(/Groups\s+\[system:masters system:authenticated\]/);
    expect((await reader('auth', 'whoami')).stdout).toMatch(/Username\s+kubelab-grader\n/);
  });

  it("lists a reader's rules with can-i --list: reads of everything but Secrets", async () => {
    const listed = await reader('auth', 'can-i', '--list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/pods\.\*\s+\[\]\s+\[\]\s+\[get list watch\]/);
    expect(listed.stdout).not.toContain('secrets');
  });

  it('lists the reviews in legacy discovery, create only and cluster-scoped', async () => {
    const raw = await admin('get', '--raw', '/apis/authorization.k8s.io/v1');
    const resources = (
      JSON.parse(raw.stdout) as { resources: { name: string; namespaced: boolean; verbs: string[] }[] }
    ).resources;
    expect(resources).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'selfsubjectaccessreviews', namespaced: false, verbs: ['create'] }),
        expect.objectContaining({ name: 'selfsubjectrulesreviews', namespaced: false, verbs: ['create'] }),
      ]),
    );
    const authn = await admin('get', '--raw', '/apis/authentication.k8s.io/v1');
    expect(authn.stdout).toContain('"name":"selfsubjectreviews"');
  });
});
