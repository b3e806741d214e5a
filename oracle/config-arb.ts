/**
 * A sampled suite's configurations (`Suite.sample`): a fast-check arbitrary over the variant's config, each
 * sampled key drawn from the range its codec gives (model/config.ts `configKeyDomain`) and the coalition from
 * the suite's list, every draw passed through the binding's decoder (`binding.model`), so no run gets a config
 * the model would refuse. Each key shrinks toward the suite's own value, the coalition toward the suite's, so a
 * failure shrinks to the fewest changes from the suite's default.
 */
import fc from 'fast-check';
import { configKeyDomain } from '../model/config.ts';
import { InputError } from '../util/input-error.ts';
import type { AnyBinding, Suite } from './binding.ts';

/** An integer of [min, max] that shrinks toward `home` (fast-check's integers shrink toward 0). */
function intToward(min: number, max: number, home: number): fc.Arbitrary<number> {
  return fc.integer({ min: min - home, max: max - home }).map(
    (x) => x + home,
    (y) => (y as number) - home,
  );
}

/** A switch that shrinks toward `home`. */
function boolToward(home: boolean): fc.Arbitrary<boolean> {
  return home
    ? fc.boolean().map(
        (b) => !b,
        (b) => !(b as boolean),
      )
    : fc.boolean();
}

/** One key's arbitrary, shrinking toward the suite's value (or the value the key's absence means). */
function keyArb(key: string, home: unknown): fc.Arbitrary<unknown> {
  const domain = configKeyDomain(key);
  if (domain === undefined) throw new Error(`config-arb: ${key} is neither an integer nor a switch key`);
  const value = home === undefined ? domain.absent : home;
  if (domain.kind === 'boolean') return boolToward(value === true);
  if (typeof value !== 'number') throw new Error(`config-arb: ${key} has no integer default`);
  return intToward(domain.min, domain.max, value);
}

/**
 * The configs of sampled suite `suite` (its `sample` keys and coalitions over the suite's config), each one the
 * binding decodes; drawn as the JSON the decoder takes (a trace's `#meta.config`, `apln conform --replay`).
 */
export function configArb(
  binding: AnyBinding,
  suite: Suite,
  models: SampledModels = sampledModels(binding, suite.variant),
): fc.Arbitrary<Readonly<Record<string, unknown>>> {
  const sample = suite.sample;
  if (sample === undefined) throw new Error(`config-arb: suite ${suite.name} samples nothing`);
  const home = binding.suiteConfig(suite) as Readonly<Record<string, unknown>>;
  const keys = Object.fromEntries(sample.keys.map((k) => [k, keyArb(k, home[k])]));
  const coalitions = [suite.deviating, ...sample.coalitions.filter((c) => !sameParties(c, suite.deviating))];
  return fc
    .record({ keys: fc.record(keys), deviating: fc.constantFrom(...coalitions) })
    .map(({ keys: drawn, deviating }) => {
      const out: Record<string, unknown> = { ...home, deviating: [...deviating] };
      for (const [k, v] of Object.entries(drawn)) {
        // As the decoder does: an optional key at the value its absence means is left out.
        if (k in home || v !== configKeyDomain(k)?.absent) out[k] = v;
        else delete out[k];
      }
      return out;
    })
    .filter((c) => models(c) !== undefined);
}

function sameParties(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((p) => b.includes(p));
}

/** The binding's model of a drawn config, or undefined when its decoder refuses the config (memoized). */
export type SampledModels = (config: Readonly<Record<string, unknown>>) => unknown;

/** `binding.model(variant, ·)` memoized by config; a config the decoder refuses (an InputError) gives undefined. */
export function sampledModels(binding: AnyBinding, variant: string): SampledModels {
  const memo = new Map<string, unknown>();
  return (config) => {
    const key = JSON.stringify(config);
    if (memo.has(key)) return memo.get(key);
    let model: unknown;
    try {
      model = binding.model(variant, config);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
    }
    memo.set(key, model);
    return model;
  };
}

/** The keys of `config` that differ from the suite's own config (how a report names a sampled run's config). */
export function configChanges(
  binding: AnyBinding,
  suite: Suite,
  config: Readonly<Record<string, unknown>>,
): Readonly<Record<string, unknown>> {
  const home = binding.suiteConfig(suite) as Readonly<Record<string, unknown>>;
  return Object.fromEntries(Object.entries(config).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(home[k])));
}
