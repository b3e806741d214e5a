/**
 * Scheme 2's `tamper` and `resend` stutters (../tamper.ts): a deviating party's message to an honest one with one
 * field altered, or sent again; the honest receiver must refuse it, and an accepted one is a divergence.
 */
import { describe, expect, it } from 'vitest';
import { withoutGuard } from '../without-guard.ts';
import { buildScheme2Variant } from '../../variants/index.ts';
import { SCHEME2 } from '../../model/scheme2/variants.ts';
import { payeeRole } from '../../impl/node/payee.ts';
import { stepsForLabels } from '../paths.ts';
import { describeFailure, runOracle, type OracleStep } from '../run.ts';
import type { AdversaryCommand } from './adversary.ts';
import { SCHEME2_BINDING } from './binding.ts';
import { HONEST_ROLES } from './driver.ts';
import type { Mutant } from './mutants.ts';

const aS = buildScheme2Variant({ ...SCHEME2.defaults, deviating: ['A', 'S'] });
const SALE = ['PayeeHubSignSettlement', 'PayeeSendBundle', 'PayerComeOnline', 'MailboxDeliver', 'PayerOfferPtlc'];

/** After S's co-signature, S (deviating) sends B its SettlementSig again, `cmd` of it; then the rest of the sale. */
function afterSigning(cmd: AdversaryCommand): OracleStep<AdversaryCommand>[] {
  const path = stepsForLabels(SCHEME2_BINDING, aS, SALE);
  return [...path.slice(0, 1), { kind: 'adversary', cmd }, ...path.slice(1)];
}
const outcome = (r: { failure?: Parameters<typeof describeFailure>[0] }) =>
  r.failure === undefined ? 'ok' : describeFailure(r.failure);

describe('scheme 2: a deviating S alters or resends its SettlementSig to the honest B', () => {
  it.each([
    [
      { kind: 'tamper', field: 0 } as const,
      'S sends B its SettlementSig with partialSig altered',
      'channel-protocol:party-settlement-sig-forged',
    ],
    [
      { kind: 'tamper', field: 1 } as const,
      'S sends B its SettlementSig with state altered',
      'channel-protocol:party-settlement-sig-no-proposal',
    ],
    [
      { kind: 'resend', back: 0, field: -1 } as const,
      'S sends B its AcceptState of 1 again',
      'channel-protocol:accept-no-proposal',
    ],
  ])('%j: B refuses it (%s, guard %s), and the sale goes on', (cmd, note, guard) => {
    const r = runOracle(SCHEME2_BINDING, { model: aS, seed: 10 }, afterSigning(cmd));
    expect(outcome(r)).toBe('ok');
    expect(r.records.find((x) => x.label.startsWith('Oracle'))?.note).toBe(note);
    expect(r.guards).toEqual([guard]);
    expect(r.records.at(-1)?.label).toBe('PayerOfferPtlc');
  });

  // B without its check of S's settlement partial signature: a forged one is taken and answered with nothing.
  const takesForged: Mutant = {
    name: 'payee-takes-forged-settlement-sig',
    description: "B takes S's SettlementSig with a partial signature that does not verify",
    roles: () => ({
      ...HONEST_ROLES,
      payee: withoutGuard(payeeRole, 'channel-protocol:party-settlement-sig-forged'),
    }),
  };

  it('B taking the altered partial signature is a divergence at the tamper, naming the field', () => {
    const r = runOracle(
      SCHEME2_BINDING,
      { model: aS, seed: 10, mutant: takesForged },
      afterSigning({ kind: 'tamper', field: 0 }),
    );
    expect(outcome(r)).toBe(
      'divergence after step 2 (OracleTamper): stutter is refused (the model stutters) in the model, B accepted it (S sends B its SettlementSig with partialSig altered): SettlementSig.partialSig is a field it can check in the implementation',
    );
  });
});
