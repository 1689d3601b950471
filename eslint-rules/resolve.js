// Where a relative import leads: the file on disk a specifier names, as TypeScript resolves our imports (`./x.js`
// is ./x.ts). Shared by the boundary and cycle rules; packages (no leading dot) resolve to nothing.
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The absolute path `specifier`, written in `fromFile`, would load; undefined for packages and missing files. */
export function resolveImport(fromFile, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(fromFile), specifier);
  const candidates = [
    base,
    base.replace(/\.js$/, '.ts'),
    base.replace(/\.mjs$/, '.mts'),
    `${base}.ts`,
    `${base}/index.ts`,
  ];
  return candidates.find(isFile);
}

/** Like resolveImport, but a file that does not exist (yet) still resolves, to its .ts name: for boundaries. */
export function importTarget(fromFile, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  return resolveImport(fromFile, specifier) ?? resolve(dirname(fromFile), specifier).replace(/\.js$/, '.ts');
}

function isFile(path) {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

/**
 * Rule visitors that hand `onImport(node, specifier)` every import, re-export and dynamic import with a literal
 * source in the file being linted.
 */
export function importVisitors(onImport) {
  const visit = (node) => {
    if (node.source?.type === 'Literal' && typeof node.source.value === 'string') onImport(node, node.source.value);
  };
  return {
    ImportDeclaration: visit,
    ExportAllDeclaration: visit,
    ExportNamedDeclaration: visit,
    ImportExpression: visit,
  };
}
