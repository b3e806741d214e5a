/**
 * A successor's words written from its parent's, for the actions whose effect is one to three words of the encoding
 * (encode.ts, the word layout in `encodeWords`' comment) and whose successors are nearly all states seen before
 * (`CoalitionShare`, `HubRecover`, `HubCrash`, `PayerComeBack`, `PayerResign`, `ResellSecret`): the checker hashes
 * these words without building the successor (checker/model.ts `successorWords`). next.ts stays the specification:
 * for every action handled here the words equal `encodeWords(nextState(ctx, s, a))` (successor-words.test.ts checks
 * every reachable state of several variants); any other action, or a case these effects do not cover, gives −1.
 */
import type { ProtocolAction } from './actions.ts';
import type { Ctx } from './context.ts';
import { coalitionKnowledge } from './enabled.ts';
import { HEADER_WORDS, encodedLength } from './encode.ts';
import { MSG_U3, type ProtocolState } from './state.ts';
import { poolingTeaches } from '../coalition.ts';
import { A, S, inMask } from '../parties.ts';

/** Word 1's fields touched here: `online` (7 bits from bit 12), hubCrashed (bit 25), resale.paid (bit 27). */
const ONLINE_SHIFT = 12;
const HUB_CRASHED = 1 << 25;
const RESALE_PAID = 1 << 27;
/** Word 2's resale.from + 1 (4 bits from bit 16). */
const RESALE_FROM_SHIFT = 16;
/** Word 6: hubUnpersisted; word 7: nonceUses, 8 bits each. */
const UNPERSISTED_WORD = 5;
const NONCE_USES_WORD = 6;

/**
 * Writes the words of `s`'s successor under `a` into `out` from `outAt`, from `s`'s words at `parent[parentAt]`,
 * and returns where they end; −1 (nothing promised about `out`) for an action not handled here.
 */
export function successorWords(
  ctx: Ctx,
  s: ProtocolState,
  a: ProtocolAction,
  parent: Int32Array,
  parentAt: number,
  out: Int32Array,
  outAt: number,
): number {
  const kind = a.kind;
  if (
    kind !== 'CoalitionShare' &&
    kind !== 'HubRecover' &&
    kind !== 'HubCrash' &&
    kind !== 'PayerComeBack' &&
    kind !== 'PayerResign' &&
    kind !== 'ResellSecret'
  )
    return -1;
  // The cases next.ts would grow an array in (a length word changes): left to next.
  if (kind === 'HubCrash' && s.hubUnpersisted !== 0 && S >= s.knows.length) return -1;
  const resignAt = ctx.switches.flaw === 'nonceReuseOnResign' ? 0 : 1;
  if (kind === 'PayerResign' && resignAt >= s.nonceUses.length) return -1;
  const n = encodedLength(parent, parentAt);
  for (let k = 0; k < n; k++) out[outAt + k] = parent[parentAt + k]!;
  switch (a.kind) {
    case 'PayerComeBack':
      out[outAt] = out[outAt]! | ((1 << A) << ONLINE_SHIFT);
      break;
    case 'HubRecover':
      out[outAt] = out[outAt]! | ((1 << S) << ONLINE_SHIFT);
      break;
    case 'HubCrash':
      out[outAt] = (out[outAt]! & ~((1 << S) << ONLINE_SHIFT)) | HUB_CRASHED;
      if (s.hubUnpersisted !== 0) {
        out[outAt + HEADER_WORDS + S] = s.knows[S]! & ~s.hubUnpersisted;
        out[outAt + UNPERSISTED_WORD] = 0;
      }
      break;
    case 'PayerResign':
      out[outAt + NONCE_USES_WORD] = out[outAt + NONCE_USES_WORD]! | (MSG_U3 << (8 * resignAt));
      break;
    case 'ResellSecret':
      out[outAt] = out[outAt]! & ~RESALE_PAID;
      out[outAt + 1] = (out[outAt + 1]! & ~(15 << RESALE_FROM_SHIFT)) | ((a.party + 1) << RESALE_FROM_SHIFT);
      break;
    case 'CoalitionShare': {
      const union = coalitionKnowledge(ctx, s);
      const knows = s.knows;
      if (!poolingTeaches(ctx.deviating, knows, union)) break;
      for (let p = 0; p < knows.length; p++) if (inMask(ctx.deviating, p)) out[outAt + HEADER_WORDS + p] = union;
      break;
    }
  }
  return outAt + n;
}
