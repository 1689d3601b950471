// kubelab's own ESLint rules, loaded by eslint.config.js as the plugin `kubelab` (no npm package needed).
import importBoundaries from './import-boundaries.js';
import noImportCycle from './no-import-cycle.js';

export default {
  meta: { name: 'kubelab' },
  rules: { 'import-boundaries': importBoundaries, 'no-import-cycle': noImportCycle },
};
