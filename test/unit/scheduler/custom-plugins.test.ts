import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCustomPlugins } from '../../../server/scheduler/custom-plugins.js';
import { runCycle } from '../../../server/scheduler/cycle.js';
import { defaultRegistry, parseSchedulerConfig, resolvePlugins } from '../../../server/scheduler/profile.js';
import { makeNode, makePod, nodeInfo } from './helpers.js';

let dir: string;
const files: Record<string, string> = {
  // named score export, TypeScript: prefers nodes labelled fast=true
  'prefer-fast.ts': `
    export function score(_state: unknown, _pod: unknown, node: { node: { metadata: { labels?: Record<string, string> } } }): number {
      return node.node.metadata.labels?.fast === 'true' ? 100 : 0;
    }`,
  // default export object with a filter: a string is the reason
  'no-odd.mjs': `
    export default {
      filter(_state, _pod, node) {
        return node.name.endsWith('1') ? 'node(s) have an odd name' : true;
      },
    };`,
  // default export factory receiving args
  'factory.mjs': `
    export default (args) => ({ score: (_s, _p, node) => (node.name === args.favourite ? 100 : 0) });`,
  'nothing.mjs': `export const answer = 42;`,
  'broken.ts': `export const = ;`,
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubelab-custom-plugins-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Parses a YAML config, loads its custom plugins and resolves its first profile. */
async function frameworkFrom(yaml: string) {
  const parsed = parseSchedulerConfig(yaml);
  if (!parsed.ok) throw new Error(parsed.error);
  const loaded = await loadCustomPlugins(parsed.config.profiles, defaultRegistry(), dir);
  if (!loaded.ok) return loaded;
  return resolvePlugins(parsed.config.profiles[0]!, loaded.registry);
}

const nodes = () => [
  nodeInfo(makeNode('node-1')),
  nodeInfo(makeNode('node-2', { metadata: { name: 'node-2', labels: { fast: 'true' } } })),
  nodeInfo(makeNode('node-3')),
];

describe('custom plugins', () => {
  it('a TypeScript score plugin with a weight steers placement', async () => {
    const resolved = await frameworkFrom(
      `profiles: [{customPlugins: [{name: PreferFast, path: prefer-fast.ts, weight: 5}]}]`,
    );
    if (!resolved.ok) throw new Error(resolved.error);
    expect(resolved.framework.score.at(-1)).toMatchObject({ plugin: { name: 'PreferFast' }, weight: 5 });
    const result = runCycle(resolved.framework, makePod('p'), nodes(), { random: () => 0 });
    expect(result.ok && result.nodeName).toBe('node-2');
    const node2 = result.trace.scored.indexOf('node-2');
    const preferFast = result.trace.scores.find((s) => s.plugin === 'PreferFast');
    expect([preferFast?.raw[node2], preferFast?.normalized[node2]]).toEqual([100, 100]);
  });

  it('a filter plugin rejects nodes with its reason', async () => {
    const resolved = await frameworkFrom(`profiles: [{customPlugins: [{name: NoOdd, path: ${dir}/no-odd.mjs}]}]`);
    if (!resolved.ok) throw new Error(resolved.error);
    const result = runCycle(resolved.framework, makePod('p'), nodes().slice(0, 1));
    expect(result.trace.message).toBe(
      '0/1 nodes are available: 1 node(s) have an odd name. ' +
        'preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..',
    );
    expect(result.trace.rejected[0]?.filters.at(-1)).toEqual({
      plugin: 'NoOdd',
      code: 'Unschedulable',
      reasons: ['node(s) have an odd name'],
    });
  });

  it('a default-export factory gets the args from the config', async () => {
    const resolved = await frameworkFrom(
      `profiles: [{customPlugins: [{name: Fav, path: factory.mjs, weight: 50, args: {favourite: node-3}}]}]`,
    );
    if (!resolved.ok) throw new Error(resolved.error);
    const result = runCycle(resolved.framework, makePod('p'), nodes(), { random: () => 0 });
    expect(result.ok && result.nodeName).toBe('node-3');
  });

  const errors: { name: string; yaml: string; error: RegExp }[] = [
    {
      name: 'a file that does not exist',
      yaml: `profiles: [{customPlugins: [{name: Gone, path: missing.ts}]}]`,
      error: /^custom plugin Gone: cannot load .*missing\.ts: /,
    },
    {
      name: 'a file that does not compile',
      yaml: `profiles: [{customPlugins: [{name: Broken, path: broken.ts}]}]`,
      error: /^custom plugin Broken: cannot load .*broken\.ts: /,
    },
    {
      name: 'a file with neither filter nor score',
      yaml: `profiles: [{customPlugins: [{name: Nothing, path: nothing.mjs}]}]`,
      error: /^custom plugin Nothing \(.*nothing\.mjs\): exports no filter or score function$/,
    },
    {
      name: 'a name taken by a built-in plugin',
      yaml: `profiles: [{customPlugins: [{name: NodeName, path: prefer-fast.ts}]}]`,
      error: /a built-in plugin has that name/,
    },
  ];
  for (const c of errors)
    it(`reports ${c.name} as an error naming the file`, async () => {
      const result = await frameworkFrom(c.yaml);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error).toMatch(c.error);
    });

  it('rejects a custom plugin entry without a path', () => {
    expect(parseSchedulerConfig(`profiles: [{customPlugins: [{name: X}]}]`).ok).toBe(false);
  });
});
