/**
 * The adversary commands both schemes share, as io-ts codecs (each scheme's adversary.ts joins them into its own
 * union): field edits (and how a report says them), and an honest node's owner asking it for what it must refuse.
 */
import * as t from 'io-ts';

/** Field edits: a number moves a field by that much, any other value sets it (each stutter says how it reads them). */
export const Edits = t.record(t.string, t.union([t.number, t.string]));

/** Edits as a stutter's report says them (`amountSat +1, payee = B`); text values cut to `width` characters. */
export function describeEdits(edits: t.TypeOf<typeof Edits>, width = Number.POSITIVE_INFINITY): string {
  return Object.entries(edits)
    .map(([k, v]) => `${k} ${typeof v === 'number' ? `${v >= 0 ? '+' : ''}${v}` : `= ${v.slice(0, width)}`}`)
    .join(', ');
}

/** The `owner` stutter: node A, S or B gets a local command from its owner (fields as edits of a template). */
export const OwnerCommand = t.type({
  kind: t.literal('owner'),
  node: t.keyof({ A: null, S: null, B: null }),
  command: Edits,
});
