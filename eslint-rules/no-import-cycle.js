// kubelab/no-import-cycle: a module may not import, directly or through others, a module that imports it. Cycles
// make load order matter (a class used before its module has run) and blur which layer stands on which. The file
// being linted is read from its AST; the rest of the graph from disk, each file's imports parsed once per process
// with TypeScript's import scanner (cheap: no type checking) and kept until the file changes. Type-only imports
// count, as they tie the two modules together all the same.
import { readFileSync, statSync } from 'node:fs';
import { relative, sep } from 'node:path';
import ts from 'typescript';
import { importVisitors, resolveImport } from './resolve.js';

/** path -> { mtimeMs, imports: absolute paths }: the graph as last read from disk, for the whole lint run. */
const graph = new Map();

function importsOnDisk(path) {
  const mtimeMs = statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? -1;
  const cached = graph.get(path);
  if (cached?.mtimeMs === mtimeMs) return cached.imports;
  const text = mtimeMs < 0 ? '' : readFileSync(path, 'utf8');
  const imports = ts
    .preProcessFile(text, true, false)
    .importedFiles.map((f) => resolveImport(path, f.fileName))
    .filter(Boolean);
  graph.set(path, { mtimeMs, imports });
  return imports;
}

/** The shortest path of imports from `start` back to `file` (both ends included), or undefined: breadth first. */
function pathBack(start, file) {
  const cameFrom = new Map([[start, undefined]]);
  for (const queue = [start]; queue.length;) {
    const at = queue.shift();
    if (at === file) {
      const trail = [];
      for (let step = at; step !== undefined; step = cameFrom.get(step)) trail.unshift(step);
      return trail;
    }
    for (const next of importsOnDisk(at))
      if (!cameFrom.has(next)) {
        cameFrom.set(next, at);
        queue.push(next);
      }
  }
  return undefined;
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid import cycles between modules' },
    schema: [],
    messages: { cycle: "Import boundary 'no import cycles': {{cycle}}." },
  },
  create(context) {
    const file = context.filename;
    const show = (path) => relative(context.cwd, path).split(sep).join('/');
    return importVisitors((node, specifier) => {
      const target = resolveImport(file, specifier);
      if (!target || target === file) return;
      const trail = pathBack(target, file);
      if (trail)
        context.report({
          node: node.source,
          messageId: 'cycle',
          data: { cycle: [file, ...trail].map(show).join(' → ') },
        });
    });
  },
};
