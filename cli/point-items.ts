/**
 * The `data.items` of a coalitions or synth partial file: one checked point per item, tagged with its index in
 * the unsharded work list. Joining checks every index once and every outcome's shape.
 */
import type { PointOutcome } from '../analysis/point.ts';
import { InputError } from '../util/input-error.ts';

/** The outcomes by index (undefined where no shard had the point); `what` names the command in messages. */
export function joinPointItems(
  parts: readonly { file: string; data: unknown }[],
  count: number,
  what: string,
): (PointOutcome | undefined)[] {
  const outcomes: (PointOutcome | undefined)[] = Array.from({ length: count }, () => undefined);
  for (const { file, data } of parts) {
    const items = (data as { items?: unknown })?.items;
    if (!Array.isArray(items)) throw new InputError(file, `data.items is missing: not a ${what} partial`);
    for (const it of items as { index?: unknown; outcome?: unknown }[]) {
      const i = it?.index;
      const o = it?.outcome as PointOutcome | undefined;
      if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= outcomes.length)
        throw new InputError(file, `bad item index ${JSON.stringify(i)} (expected 0..${outcomes.length - 1})`);
      if (typeof o !== 'object' || o === null || typeof o.states !== 'number' || !Array.isArray(o.clauses))
        throw new InputError(file, `item ${i}: not a checked point (states, clauses)`);
      if (outcomes[i] !== undefined) throw new InputError(file, `item ${i} appears in two shards`);
      outcomes[i] = o;
    }
  }
  return outcomes;
}
