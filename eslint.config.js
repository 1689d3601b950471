// Lint: typescript-eslint's recommended rules, plus the import boundaries of DESIGN.md ("Who may import whom"),
// enforced by two small local rules (eslint-rules/): kubelab/import-boundaries over the table below, and
// kubelab/no-import-cycle. A crossing is reported under the first boundary of the table it breaks, by name.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import kubelab from './eslint-rules/index.js';

/** The processes' code that talks to the cluster: each is a component, none reaches into another. */
const COMPONENTS = ['apiserver', 'scheduler', 'controllers', 'kubelet', 'proxy', 'dns', 'lab'];
/** The components that, as in Kubernetes, see the cluster only through the API (list + watch + write). */
const API_CLIENTS = ['scheduler', 'controllers', 'kubelet', 'proxy', 'dns', 'lab'];
const folder = (name) => `server/${name}/`;

/** DESIGN.md's boundaries, in the order an import is checked against them. */
export const BOUNDARIES = [
  {
    name: 'components reach the cluster only through server/client/',
    from: API_CLIENTS.map(folder),
    to: [folder('apiserver'), folder('store')],
  },
  {
    name: 'server/api/ imports nothing above it',
    from: [folder('api')],
    to: ['server/'],
    toExcept: [folder('api')],
  },
  {
    name: 'only server/apiserver/ (and the command that starts it) imports server/store/',
    from: ['server/'],
    except: [folder('apiserver'), folder('store'), 'server/cli/apiserver-command.ts'],
    to: [folder('store')],
  },
  ...COMPONENTS.map((component) => ({
    name: "no component imports another component's internals",
    from: [folder(component)],
    to: [...COMPONENTS.filter((other) => other !== component).map(folder), folder('cli')],
  })),
  {
    name: 'server/client/ imports no component (components stand on it)',
    from: [folder('client')],
    to: [...COMPONENTS.map(folder), folder('cli'), folder('store')],
  },
  {
    name: 'bench/ does not import test/',
    from: ['bench/'],
    to: ['test/'],
  },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'web/dist/**', 'bench/results/**', 'build/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.ts', '**/*.js'],
    plugins: { kubelab },
    rules: {
      'kubelab/import-boundaries': ['error', BOUNDARIES],
      'kubelab/no-import-cycle': 'error',
    },
  },
  {
    files: ['web/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./.*server/(?!protocol/)',
              message: "Import boundary 'web/ imports only server/protocol/' (DESIGN.md).",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(node:|express|ws|node-pty|better-sqlite3)',
              message: "Import boundary 'server/protocol/ is shared with the browser' (DESIGN.md).",
            },
          ],
        },
      ],
    },
  },
);
