/** The models a command sees: the global registry, or a fixed list (tests). */
import { findModel, listModels, type ModelEntry } from '../checker/registry.ts';
import { InputError } from '../util/input-error.ts';

export interface Registry {
  readonly find: (name: string) => ModelEntry<unknown> | undefined;
  /** In registration order. */
  readonly list: () => readonly ModelEntry<unknown>[];
}

/** Everything registered through `registerModel` (examples/, model/). */
export const globalRegistry: Registry = { find: findModel, list: listModels };

/** A registry of exactly these entries. */
export function registryOf(entries: readonly ModelEntry<unknown>[]): Registry {
  return { find: (name) => entries.find((e) => e.name === name), list: () => entries };
}

/** The entry called `name`, or an InputError listing the known names. */
export function requireModel(registry: Registry, name: string): ModelEntry<unknown> {
  const entry = registry.find(name);
  if (entry === undefined) {
    const known = registry.list().map((e) => e.name);
    throw new InputError(
      name,
      `unknown model (known: ${known.length === 0 ? 'none' : known.join(', ')}; see apln list)`,
    );
  }
  return entry;
}

/** What commands receive besides their arguments and Io. */
export interface Env {
  readonly registry: Registry;
}
