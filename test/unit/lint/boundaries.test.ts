// DESIGN.md's import boundaries bite: ESLint, run as `npx eslint` runs it (this repository's eslint.config.js),
// reports a deliberate crossing of each boundary under that boundary's name, and lets a legal import through.
// The files are fake paths inside the folders; nothing is written to disk.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** The messages of the boundary rules for `code` as the file at `path` (relative to the repository). */
async function boundaryMessages(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId?.startsWith('kubelab/') || m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

const CROSSINGS: { boundary: string; path: string; imports: string }[] = [
  {
    boundary: 'components reach the cluster only through server/client/',
    path: 'server/scheduler/fake.ts',
    imports: '../store/store.js',
  },
  {
    boundary: 'components reach the cluster only through server/client/',
    path: 'server/controllers/fake.ts',
    imports: '../apiserver/status.js',
  },
  {
    boundary: 'components reach the cluster only through server/client/',
    path: 'server/kubelet/fake.ts',
    imports: '../apiserver/api-server.js',
  },
  {
    boundary: 'components reach the cluster only through server/client/',
    path: 'server/lab/cluster/fake.ts',
    imports: '../../store/store.js',
  },
  { boundary: 'server/api/ imports nothing above it', path: 'server/api/fake.ts', imports: '../client/index.js' },
  {
    boundary: 'server/api/ imports nothing above it',
    path: 'server/api/types/fake.ts',
    imports: '../../apiserver/validation/index.js',
  },
  {
    boundary: 'only server/apiserver/ (and the command that starts it) imports server/store/',
    path: 'server/cli/fake-command.ts',
    imports: '../store/create-store.js',
  },
  {
    boundary: "no component imports another component's internals",
    path: 'server/controllers/fake.ts',
    imports: '../scheduler/plugins/node-affinity.js',
  },
  {
    boundary: "no component imports another component's internals",
    path: 'server/scheduler/fake.ts',
    imports: '../controllers/lib/controller.js',
  },
  {
    boundary: "no component imports another component's internals",
    path: 'server/kubelet/fake.ts',
    imports: '../proxy/rules.js',
  },
  {
    boundary: "no component imports another component's internals",
    path: 'server/lab/fake.ts',
    imports: '../scheduler/scheduler.js',
  },
  {
    boundary: 'server/client/ imports no component (components stand on it)',
    path: 'server/client/fake.ts',
    imports: '../scheduler/queue.js',
  },
  { boundary: 'bench/ does not import test/', path: 'bench/fake.ts', imports: '../test/support/apiserver.js' },
  { boundary: 'web/ imports only server/protocol/', path: 'web/src/fake.ts', imports: '../../server/api/meta.js' },
];

describe('import boundaries', () => {
  it.each(CROSSINGS)('reports $path importing $imports under $boundary', async ({ boundary, path, imports }) => {
    const messages = await boundaryMessages(path, `import { x } from '${imports}';\nexport const y = x;\n`);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(`Import boundary '${boundary}'`);
  });

  it('reports a type-only import that crosses a boundary as well', async () => {
    const messages = await boundaryMessages('server/api/fake.ts', "import type { Client } from '../client/index.js';");
    expect(messages).toEqual([expect.stringContaining("'server/api/ imports nothing above it'")]);
  });

  it.each([
    { path: 'server/scheduler/fake.ts', imports: ['../client/index.js', '../api/types/core.js', '../log.js'] },
    {
      path: 'server/controllers/fake.ts',
      imports: ['../api/taints.js', '../api/node-affinity.js', './lib/controller.js'],
    },
    { path: 'server/apiserver/fake.ts', imports: ['../store/store.js', '../api/field-error.js'] },
    { path: 'server/cli/apiserver-command.ts', imports: ['../store/create-store.js', '../apiserver/api-server.js'] },
    { path: 'server/cli/fake-command.ts', imports: ['../scheduler/scheduler.js', '../controllers/replicaset.js'] },
    { path: 'server/lab/fake.ts', imports: ['../client/index.js', '../protocol/cluster.js'] },
    { path: 'bench/fake.ts', imports: ['./stats.js', '../server/store/store.js'] },
    { path: 'web/src/fake.ts', imports: ['../../server/protocol/cluster.js'] },
  ])('lets $path import $imports', async ({ path, imports }) => {
    const code = imports.map((from, i) => `import * as m${i} from '${from}';\nexport { m${i} };`).join('\n');
    expect(await boundaryMessages(path, code)).toEqual([]);
  });

  it('reports an import that closes a cycle, naming the modules round it', async () => {
    // index.ts re-exports clock.ts: clock.ts importing index.ts closes the loop.
    const clock = await readFile(join(ROOT, 'server/client/clock.ts'), 'utf8');
    const messages = await boundaryMessages('server/client/clock.ts', `${clock}\nexport * from './index.js';\n`);
    expect(messages).toEqual([
      "Import boundary 'no import cycles': server/client/clock.ts → server/client/index.ts → server/client/clock.ts.",
    ]);
  });

  it.each([
    'server/client/index.ts',
    'server/client/event-recorder.ts',
    'server/controllers/daemonset.ts',
    'server/api/labels.ts',
    'bench/store-throughput.ts',
  ])('finds %s, as it is now, within every boundary and in no cycle', async (path) => {
    const code = await readFile(join(ROOT, path), 'utf8');
    expect(await boundaryMessages(path, code)).toEqual([]);
  });
});
