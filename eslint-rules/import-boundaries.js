// kubelab/import-boundaries: who may import whom, as DESIGN.md states it. The boundaries are a table in
// eslint.config.js; each has a name in words, the folders it applies to (`from`, less `except`) and the folders they
// may not import (`to`). An import is checked against the table in order and reported under the first boundary it
// crosses, so the message names one rule. Type-only imports count: they couple the folders all the same.
import { relative, sep } from 'node:path';
import { importTarget, importVisitors } from './resolve.js';

/** True when `path` (relative, with /) is one of `prefixes`: a folder ending in / or an exact file. */
function within(path, prefixes = []) {
  return prefixes.some((prefix) => (prefix.endsWith('/') ? path.startsWith(prefix) : path === prefix));
}

export default {
  meta: {
    type: 'problem',
    docs: { description: "Forbid imports that cross DESIGN.md's boundaries between folders" },
    schema: [
      {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            name: { type: 'string' },
            from: { type: 'array', items: { type: 'string' } },
            except: { type: 'array', items: { type: 'string' } },
            to: { type: 'array', items: { type: 'string' } },
            toExcept: { type: 'array', items: { type: 'string' } },
          },
          required: ['name', 'from', 'to'],
          additionalProperties: false,
        },
      },
    ],
    messages: {
      crossed: "Import boundary '{{name}}' (DESIGN.md): {{file}} may not import {{target}}.",
    },
  },
  create(context) {
    const boundaries = context.options[0] ?? [];
    const root = context.cwd;
    const toPosix = (path) => relative(root, path).split(sep).join('/');
    const file = toPosix(context.filename);
    const applying = boundaries.filter((b) => within(file, b.from) && !within(file, b.except));
    if (applying.length === 0) return {};
    return importVisitors((node, specifier) => {
      const resolved = importTarget(context.filename, specifier);
      if (!resolved) return;
      const target = toPosix(resolved);
      const crossed = applying.find((b) => within(target, b.to) && !within(target, b.toExcept));
      if (crossed)
        context.report({ node: node.source, messageId: 'crossed', data: { name: crossed.name, file, target } });
    });
  },
};
