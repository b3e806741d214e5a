/**
 * Models registered by name, so the CLI (and anyone else) can find them.
 *
 * An entry carries an io-ts codec for its config and the defaults; `build` receives a config that has
 * already been decoded, so models never see unvalidated input. The checker itself never imports a model:
 * `model/` and the example models register themselves, and `cli/` imports those modules.
 */
import type * as t from 'io-ts';
import type { AnyModel } from './model.ts';

/** One configuration parameter, as `apln list` shows it. */
export interface ParamSpec {
  readonly name: string;
  /** e.g. `integer ≥ 1`, `list of party names`. */
  readonly type: string;
  readonly description: string;
}

export interface ModelEntry<C = unknown> {
  readonly name: string;
  /** One or two sentences for `apln list`. */
  readonly description: string;
  /** Grouping for reports, e.g. `classic`, `scheme1`, `flaw`. */
  readonly family: string;
  readonly params: readonly ParamSpec[];
  /** Decodes a full config object (defaults merged with overrides). Must reject unknown keys. */
  readonly codec: t.Type<C, unknown, unknown>;
  readonly defaults: C;
  readonly build: (config: C) => AnyModel;
  /**
   * What the model leaves out that a verdict depends on (one short name and a one-line summary each), shown
   * under the designers' table so a reader sees what a `holds` covers. Declared by the registering module.
   */
  readonly abstracts?: readonly Abstraction[];
}

/** One thing a model assumes away. */
export interface Abstraction {
  /** A few words, e.g. `one-step claim`. */
  readonly name: string;
  /** One line: what is left out and which verdicts it makes true by construction. */
  readonly summary: string;
}

const entries = new Map<string, ModelEntry<unknown>>();

/** Registers a model; registering the same name twice is a programming error. */
export function registerModel<C>(entry: ModelEntry<C>): void {
  if (entries.has(entry.name)) throw new Error(`model '${entry.name}' is registered twice`);
  entries.set(entry.name, entry as unknown as ModelEntry<unknown>);
}

export function findModel(name: string): ModelEntry<unknown> | undefined {
  return entries.get(name);
}

/** All registered models, in registration order. */
export function listModels(): readonly ModelEntry<unknown>[] {
  return [...entries.values()];
}
