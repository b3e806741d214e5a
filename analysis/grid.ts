/**
 * The grid of `apln synth`: `--range KEY=LO..HI` over a variant's integer parameters, checked against the
 * ranges the registry states for them (`integer 1..6`); every point of the cartesian product, first key slowest.
 */
import type { ModelEntry } from '../checker/registry.ts';
import { InputError } from '../util/input-error.ts';

export interface Range {
  readonly key: string;
  readonly lo: number;
  readonly hi: number;
}

/** `KEY=LO..HI` (or `KEY=V`) checked against the entry's parameter list and the key's codec range. */
export function parseRange(raw: string, entry: ModelEntry<unknown>): Range {
  const where = `--range ${raw}`;
  const m = /^([A-Za-z][A-Za-z0-9]*)=(-?[0-9]+)(?:\.\.(-?[0-9]+))?$/.exec(raw);
  if (m === null) throw new InputError(where, 'expected KEY=LO..HI (integers, e.g. csvDelayBlocks=1..6)');
  const key = m[1]!;
  const lo = Number(m[2]);
  const hi = Number(m[3] ?? m[2]);
  const spec = entry.params.find((p) => p.name === key);
  if (spec === undefined)
    throw new InputError(
      where,
      `unknown parameter '${key}' of ${entry.name} (known: ${entry.params.map((p) => p.name).join(', ')})`,
    );
  const type = /^integer (-?[0-9]+)\.\.(-?[0-9]+)(?: \(.*\))?$/.exec(spec.type);
  if (type === null)
    throw new InputError(where, `'${key}' is not an integer parameter (${spec.type}): it cannot be ranged`);
  const min = Number(type[1]);
  const max = Number(type[2]);
  if (lo > hi) throw new InputError(where, `empty range: ${lo} > ${hi}`);
  if (lo < min || hi > max) throw new InputError(where, `${lo}..${hi} is outside ${key}'s range ${min}..${max}`);
  return { key, lo, hi };
}

/** Every point (values in range order), first range slowest. */
export function gridPoints(ranges: readonly Range[]): number[][] {
  let out: number[][] = [[]];
  for (const r of ranges) {
    const next: number[][] = [];
    for (const p of out) for (let v = r.lo; v <= r.hi; v++) next.push([...p, v]);
    out = next;
  }
  return out;
}

/** `csvDelayBlocks=2,ptlcTimeoutBlocks=1`. */
export function pointName(ranges: readonly Range[], values: readonly number[]): string {
  return ranges.map((r, i) => `${r.key}=${values[i]}`).join(',');
}
