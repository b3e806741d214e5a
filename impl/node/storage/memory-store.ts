/** A `KVStore` in memory, for tests: the same contract as the filesystem store, gone with the process. */
import { checkStoreName, type KVStore } from './kv-store.ts';

export class MemoryStore implements KVStore {
  readonly #values = new Map<string, Map<string, Uint8Array>>();

  read(namespace: string, key: string): Uint8Array | undefined {
    checkStoreName('namespace', namespace);
    checkStoreName('key', key);
    return this.#values.get(namespace)?.get(key)?.slice();
  }

  write(namespace: string, key: string, value: Uint8Array): void {
    checkStoreName('namespace', namespace);
    checkStoreName('key', key);
    let ns = this.#values.get(namespace);
    if (ns === undefined) this.#values.set(namespace, (ns = new Map()));
    ns.set(key, value.slice());
  }

  remove(namespace: string, key: string): void {
    checkStoreName('namespace', namespace);
    checkStoreName('key', key);
    this.#values.get(namespace)?.delete(key);
  }

  list(namespace: string): string[] {
    checkStoreName('namespace', namespace);
    return [...(this.#values.get(namespace)?.keys() ?? [])].sort();
  }
}
