/** typeOk: every field of the state is in its range (STYLE.md 7: first). */
import type { Ctx } from '../model/scheme1/context.ts';
import { anchorOf } from '../model/scheme1/context.ts';
import { K_SA, closeKnowledge } from '../model/scheme1/knowledge.ts';
import { PARTY_COUNT } from '../model/parties.ts';
import { FORGED_BUNDLE, HOP_STATUSES, MAILBOXES, PHASES } from '../model/scheme1/state.ts';
import { typeOkClauses } from './shared-clauses.ts';
import type { ProtocolProperty } from './types.ts';

export function typeOkProperties(ctx: Ctx): ProtocolProperty[] {
  return typeOkClauses(
    ctx.config.maxHeight,
    'Every field of the state is in its range and knowledge is closed under derivation (and knows no s_A that was never made).',
    (s) => {
      if (!Number.isInteger(s.height) || s.height < 0 || s.height > ctx.config.maxHeight)
        return `height ${s.height} out of 0..${ctx.config.maxHeight}`;
      if (!PHASES.includes(s.phase) || !MAILBOXES.includes(s.mailbox)) return 'bad phase or mailbox';
      if (s.knows.length !== PARTY_COUNT || s.wallet.length !== PARTY_COUNT)
        return 'per-party arrays of the wrong length';
      // Plain loops (no closure per state: every new state is checked).
      if (s.hops.length !== ctx.hops + 1) return 'bad hops';
      for (const h of s.hops) if (!HOP_STATUSES.includes(h.status)) return 'bad hops';
      const anchor = anchorOf(s);
      for (const k of s.knows) if (closeKnowledge(k, ctx.hops, anchor) !== k) return 'knowledge not closed';
      // Sound: when A forged its bundle (R-09-14), s_A was never made, so nobody can know it (nor complete U(n+1)).
      if ((s.forged & FORGED_BUNDLE) !== 0)
        for (const k of s.knows) if ((k & K_SA) !== 0) return 'someone knows s_A, which a forged bundle never carried';
      if (s.chain.update < -1 || s.chain.update > 2) return `bad chain update ${s.chain.update}`;
      return true;
    },
  );
}
