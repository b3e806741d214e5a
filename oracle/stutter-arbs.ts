/**
 * The tamper and resend stutters a random run draws, for every scheme's adversary (the commands are run by
 * oracle/scheme1/tamper.ts): one field of a deviating party's message altered (field 0–15), or its back-th latest
 * message again (back 0–7), unaltered (field −1) or with one field altered.
 */
import fc from 'fast-check';

export const TAMPER_ARB = fc.record({ kind: fc.constant('tamper' as const), field: fc.nat({ max: 15 }) });

export const RESEND_ARB = fc.record({
  kind: fc.constant('resend' as const),
  back: fc.nat({ max: 7 }),
  field: fc.integer({ min: -1, max: 15 }),
});
