/**
 * The parties a variant's coalition may name, read from its registry entry: the `deviating` parameter's type
 * lists them (`list of party names (A, S, B, M, P1..Pk)`; `P1..Pk` means the routing nodes up to the
 * config's `hops`). Nothing here looks inside the model.
 */
import type { ModelEntry } from '../checker/registry.ts';
import { InputError } from '../util/input-error.ts';

/** The parties of `entry` under `config` (its JSON form), in the registry's order. */
export function variantParties(entry: ModelEntry<unknown>, config: Readonly<Record<string, unknown>>): string[] {
  const spec = entry.params.find((p) => p.name === 'deviating');
  const listed = spec === undefined ? undefined : /\(([^)]*)\)/.exec(spec.type)?.[1];
  if (listed === undefined)
    throw new InputError(entry.name, 'has no coalition parameter (deviating): not a protocol variant');
  const out: string[] = [];
  for (const name of listed.split(',').map((s) => s.trim())) {
    const range = /^([A-Za-z]+)1\.\.\1k$/.exec(name);
    if (range === null) {
      out.push(name);
      continue;
    }
    const hops = typeof config.hops === 'number' ? config.hops : 0;
    for (let i = 1; i <= hops; i++) out.push(`${range[1]}${i}`);
  }
  return out;
}

/** Every subset of `parties`, in the order of their bitmasks (bit i = parties[i]): the empty coalition first. */
export function allCoalitions(parties: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let m = 0; m < 1 << parties.length; m++) out.push(parties.filter((_, i) => (m & (1 << i)) !== 0));
  return out;
}

/** `{A,S}`, or `{}` for nobody. */
export function coalitionName(c: readonly string[]): string {
  return `{${c.join(',')}}`;
}
