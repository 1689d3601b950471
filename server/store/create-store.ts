// Chooses the Store backend from the API server's configuration: the embedded SQLite file by default, a real etcd
// cluster with --etcd-servers, or plain memory for tests.
import { EtcdStore } from './etcd/etcd-store.js';
import { MemoryStore } from './memory/memory-store.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

export type StoreConfig = { kind: 'sqlite'; path: string } | { kind: 'etcd'; servers: string[] } | { kind: 'memory' };

export function createStore(config: StoreConfig): Store {
  switch (config.kind) {
    case 'sqlite':
      return new SqliteStore({ path: config.path });
    case 'etcd':
      return new EtcdStore({ servers: config.servers });
    case 'memory':
      return new MemoryStore();
  }
}
