// The compiled CLI, as ./kubelab runs it (build/server/main.js, no TypeScript loader): the other integration tests
// spawn the sources under tsx, so this is where the build itself, and the places that still need TypeScript at run
// time (a chapter's checks.ts, a student's scheduler plugin), are proven.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createClient, loadKubeconfig, type Client } from '../../../server/client/index.js';
import type { Pod } from '../../../server/api/types/core.js';
import { stopProcess } from '../../../bench/child-process.js';
import { createNodes } from '../../support/cluster.js';
import { freePort } from '../../support/etcd.js';
import { kubectl } from '../../support/kubectl.js';
import { ROOT_DIR } from '../../support/lab-server.js';

const run = promisify(execFile);
const MAIN = join(ROOT_DIR, 'build/server/main.js');
const children: ChildProcess[] = [];
let env: NodeJS.ProcessEnv;
let stateDir: string;
let client: Client;

function kubelab(...args: string[]): ChildProcess {
  const child = spawn(process.execPath, [MAIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.resume();
  child.stderr?.resume();
  children.push(child);
  return child;
}

beforeAll(async () => {
  // What ./kubelab does before it runs a command: the build, made or found current.
  const setup = `set -euo pipefail; ROOT='${ROOT_DIR}'; source vagrant/setup.sh; setup_server_build`;
  await run('bash', ['-c', setup], { cwd: ROOT_DIR, env: { ...process.env, KUBELAB_STATE_DIR: tmpdir() } });
  stateDir = await mkdtemp(join(tmpdir(), 'kubelab-compiled-'));
  env = {
    ...process.env,
    KUBELAB_STATE_DIR: stateDir,
    KUBELAB_APISERVER_PORT: String(await freePort()),
    KUBELAB_LAB_PORT: String(await freePort()),
    KUBELAB_LEASE_DURATION_SECONDS: '3',
  };
}, 120_000);

afterAll(async () => {
  client?.close();
  // Every process gone before its state dir: the API server's SQLite store and the lab server's database live there.
  await Promise.all(children.map((child) => stopProcess(child, 'SIGKILL')));
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

describe('the compiled kubelab CLI', () => {
  it('says what runs, from the build, when nothing does', async () => {
    const result = await run(process.execPath, [MAIN, 'status'], { env }).catch(
      (error: { code: number; stdout: string }) => error,
    );
    expect('code' in result ? result.code : 0).toBe(1);
    expect(result.stdout).toMatch(/^apiserver +stopped$/m);
    expect(result.stdout).toMatch(/^cluster +not answering$/m);
  });

  it('runs an API server that kubectl talks to', async () => {
    kubelab('apiserver');
    const kubeconfig = join(stateDir, 'admin.kubeconfig');
    await vi.waitFor(
      async () => {
        client = createClient(await loadKubeconfig(kubeconfig));
        await client.namespaces().get('default');
      },
      { timeout: 60_000, interval: 200 },
    );
    const result = await kubectl(kubeconfig, ['get', 'ns', 'default', '-o', 'name']);
    expect(result.stdout.trim()).toBe('namespace/default');
  });

  it("runs a scheduler that loads the student's TypeScript plugin through tsx", async () => {
    await createNodes(client, ['node-1', 'node-2', 'node-3']);
    const plugin = join(stateDir, 'prefer-node-2.ts');
    await writeFile(
      plugin,
      'export function score(_state: unknown, _pod: unknown, node: { name: string }): number {\n' +
        "  return node.name === 'node-2' ? 100 : 0;\n}\n",
    );
    await writeFile(
      join(stateDir, 'scheduler-config.yaml'),
      `profiles: [{customPlugins: [{name: PreferNode2, path: ${plugin}, weight: 50}]}]\n`,
    );
    kubelab('scheduler');
    await client.pods('default').create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'placed' },
      spec: { containers: [{ name: 'main', image: 'busybox' }] },
    } as Pod);
    await expect
      .poll(async () => ((await client.pods('default').get('placed')).spec as { nodeName?: string }).nodeName, {
        timeout: 60_000,
        interval: 250,
      })
      .toBe('node-2');
  });

  it('runs a lab server that loads every chapter with its checks.ts', async () => {
    kubelab('lab');
    const token = async () => (await readFile(join(stateDir, 'lab-token'), 'utf8')).trim();
    const chapters = await vi.waitFor(
      async () => {
        const response = await fetch(`http://127.0.0.1:${env.KUBELAB_LAB_PORT}/api/chapters`, {
          headers: { authorization: `Bearer ${await token()}` },
        });
        if (!response.ok) throw new Error(`lab server answered ${response.status}`);
        return (await response.json()) as { id: string; errors: number; checks: { total: number } }[];
      },
      { timeout: 60_000, interval: 200 },
    );
    expect(chapters.length).toBeGreaterThan(0);
    for (const chapter of chapters) expect(chapter, chapter.id).toMatchObject({ errors: 0 });
    expect(chapters.every((chapter) => chapter.checks.total > 0)).toBe(true);
  });
});
