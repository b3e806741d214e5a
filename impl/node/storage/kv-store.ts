/**
 * Where a node keeps its state, in the style of LDK's `KVStore`: values (bytes) by namespace and key, with
 * read, write, remove and list. A `write` is durable when it returns (the filesystem store has synced the file
 * and its directory), and replaces the old value whole or not at all. Namespaces and keys are short names of
 * letters, digits, `_` and `-` (they become file names).
 */
import { InputError } from '../../../util/input-error.ts';

export interface KVStore {
  /** The value at `namespace`/`key`, or undefined when there is none. */
  read(namespace: string, key: string): Uint8Array | undefined;
  /** Stores `value` at `namespace`/`key` durably and atomically (replacing any old value). */
  write(namespace: string, key: string, value: Uint8Array): void;
  /** Removes `namespace`/`key` (nothing happens when it is absent). */
  remove(namespace: string, key: string): void;
  /** The keys present in `namespace`, sorted. */
  list(namespace: string): string[];
}

const NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** Throws InputError unless `name` is a valid namespace or key. */
export function checkStoreName(what: 'namespace' | 'key', name: string): void {
  if (!NAME.test(name))
    throw new InputError(
      `store ${what}`,
      `expected 1 to 64 of A-Z a-z 0-9 _ -, got ${JSON.stringify(name.slice(0, 70))}`,
    );
}
