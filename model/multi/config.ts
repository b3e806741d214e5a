/**
 * The two-payment variants' config: the same keys and codecs as model/config.ts (same object shape), with
 * `payments` 1..2, `hops` 0 only (direct payments), `hubMayCrash` false only (no crashes here), and the
 * coalition drawn from A, S, B1, B2 (the mailbox is honest and sealed; there are no routing nodes).
 */
import type * as t from 'io-ts';
import type { ProtocolConfig } from '../config.ts';
import {
  configKeys,
  exactConfigCodec,
  fidelityProblem,
  flawSwitchProblem,
  intIn,
  partyListOf,
  timingProblem,
  type ConfigProblem,
} from '../config.ts';
import { MULTI_PARTIES, type MultiParty } from './state.ts';

export type MultiConfig = Omit<ProtocolConfig, 'deviating'> & { readonly deviating: readonly MultiParty[] };

function multiCheck(c: MultiConfig): ConfigProblem<MultiConfig> | undefined {
  if (c.hops !== 0)
    return {
      key: 'hops',
      problem: `the two-payment variants model direct payments only (S pays each payee itself): expected 0, got ${c.hops}`,
    };
  if (c.hubMayCrash)
    return { key: 'hubMayCrash', problem: 'the two-payment variants do not model crashes: expected false' };
  return (
    timingProblem(c) ?? fidelityProblem(c, 'the two-payment machine') ?? flawSwitchProblem(c, 'the two-payment machine')
  );
}

export const multiConfigCodec: t.Type<MultiConfig, unknown, unknown> = exactConfigCodec<MultiConfig>(
  'two-payment config',
  configKeys({
    payments: intIn(1, 2),
    deviating: partyListOf(MULTI_PARTIES, 'A, S, B1, B2; the mailbox is honest here'),
  }),
  multiCheck,
);

/** Bitmask of the config's coalition over MULTI_PARTIES. */
export function multiDeviating(c: MultiConfig): number {
  let m = 0;
  for (const p of c.deviating) m |= 1 << MULTI_PARTIES.indexOf(p);
  return m;
}
