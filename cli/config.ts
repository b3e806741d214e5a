/**
 * `--set key=value` overrides: the value is JSON when it parses as JSON, else a plain string; the
 * overrides are merged into the model's defaults and the whole config is decoded with the entry's io-ts
 * codec. A bad key or value is an InputError naming it (`--set hops: expected an integer ≥ 0, got -1`).
 */
import type { ModelEntry } from '../checker/registry.ts';
import { firstProblem } from '../traces/json-path.ts';
import { InputError } from '../util/input-error.ts';
import { checkJsonText } from '../util/json-input.ts';

export interface ResolvedConfig {
  /** The decoded config, what `entry.build` takes. */
  readonly config: unknown;
  /** Its JSON form (the codec's `encode`), for reports and trace `#meta`. */
  readonly json: unknown;
}

/** `key=value` → [key, parsed value]. */
export function parseSetting(raw: string): [string, unknown] {
  const eq = raw.indexOf('=');
  if (eq <= 0) throw new InputError('--set', `expected key=value, got '${raw}'`);
  const key = raw.slice(0, eq);
  const text = raw.slice(eq + 1);
  checkJsonText(text, `--set ${key}`);
  try {
    return [key, JSON.parse(text) as unknown];
  } catch {
    return [key, text];
  }
}

function knownParams(entry: ModelEntry<unknown>, defaults: Record<string, unknown>): string[] {
  return entry.params.length > 0 ? entry.params.map((p) => p.name) : Object.keys(defaults);
}

/** The config for `entry` with `settings` (the raw `--set` values) applied. */
export function resolveConfig(entry: ModelEntry<unknown>, settings: readonly string[] = []): ResolvedConfig {
  const base = entry.codec.encode(entry.defaults);
  const defaults =
    typeof base === 'object' && base !== null && !Array.isArray(base) ? (base as Record<string, unknown>) : {};
  // A null-prototype copy and own-property lookups: `toString`, `constructor`, `__proto__` are not parameters.
  const merged: Record<string, unknown> = Object.assign(Object.create(null) as Record<string, unknown>, defaults);
  const known = knownParams(entry, defaults);
  for (const raw of settings) {
    const [key, value] = parseSetting(raw);
    if (!known.includes(key) && !Object.hasOwn(defaults, key)) {
      throw new InputError(
        `--set ${key}`,
        `unknown parameter of ${entry.name} (known: ${known.length === 0 ? 'none' : known.join(', ')})`,
      );
    }
    merged[key] = value;
  }
  const decoded = entry.codec.decode({ ...merged });
  if (decoded._tag === 'Left') {
    const p = firstProblem(decoded.left);
    throw new InputError(p.path === '' ? `${entry.name} config` : `--set ${p.path}`, p.problem);
  }
  return { config: decoded.right, json: entry.codec.encode(decoded.right) };
}
