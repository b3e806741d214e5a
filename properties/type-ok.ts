/** typeOk: every field of the state is in its range (STYLE.md 7: first). */
import type { Ctx } from '../model/scheme1/context.ts';
import { anchorOf } from '../model/scheme1/context.ts';
import { K_SA, closeKnowledge } from '../model/scheme1/knowledge.ts';
import { PARTY_COUNT } from '../model/parties.ts';
import { FORGED_BUNDLE, HOP_STATUSES, MAILBOXES, PHASES } from '../model/scheme1/state.ts';
import { typeOkClauses } from './shared-clauses.ts';
import type { ProtocolProperty } from './types.ts';

/** `x` is one of `values` (a plain loop: `includes` is a builtin call, several per new state). */
function oneOf<T>(values: readonly T[], x: T): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] === x) return true;
  return false;
}

export function typeOkProperties(ctx: Ctx): ProtocolProperty[] {
  const maxHeight = ctx.config.maxHeight;
  return typeOkClauses(
    maxHeight,
    'Every field of the state is in its range and knowledge is closed under derivation (and knows no s_A that was never made).',
    // Plain indexed loops, no closure per state: every new state is checked.
    (s) => {
      if (!Number.isInteger(s.height) || s.height < 0 || s.height > maxHeight)
        return `height ${s.height} out of 0..${maxHeight}`;
      if (!oneOf(PHASES, s.phase) || !oneOf(MAILBOXES, s.mailbox)) return 'bad phase or mailbox';
      const knows = s.knows;
      if (knows.length !== PARTY_COUNT || s.wallet.length !== PARTY_COUNT)
        return 'per-party arrays of the wrong length';
      const hops = s.hops;
      if (hops.length !== ctx.hops + 1) return 'bad hops';
      for (let i = 0; i < hops.length; i++) if (!oneOf(HOP_STATUSES, hops[i]!.status)) return 'bad hops';
      const anchor = anchorOf(s);
      for (let p = 0; p < knows.length; p++)
        if (closeKnowledge(knows[p]!, ctx.hops, anchor) !== knows[p]!) return 'knowledge not closed';
      // Sound: when A forged its bundle (R-09-14), s_A was never made, so nobody can know it (nor complete U(n+1)).
      if ((s.forged & FORGED_BUNDLE) !== 0)
        for (let p = 0; p < knows.length; p++)
          if ((knows[p]! & K_SA) !== 0) return 'someone knows s_A, which a forged bundle never carried';
      if (s.chain.update < -1 || s.chain.update > 2) return `bad chain update ${s.chain.update}`;
      return true;
    },
  );
}
