// The etcd the store contract tests and the etcd-backed API server tests start: bench/etcd.ts, which the store
// benchmark uses for its reference (bench/ does not import test/, so the code lives there).
export { freePort } from '../../bench/child-process.js';
export { startEtcd, type TestEtcd } from '../../bench/etcd.js';
