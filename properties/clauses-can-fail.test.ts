/**
 * Issue 9, point 5: each clause that held by construction is shown able to fail where the protocol can fail,
 * with the shortest counterexample the checker finds (so none of them holds vacuously).
 */
import { describe, expect, it } from 'vitest';
import { check } from '../checker/index.ts';
import { decodeConfig } from '../model/config.ts';
import { VARIANTS } from '../model/scheme1/variants.ts';
import { buildVariant } from '../variants/index.ts';

function run(variant: string, deviating: string[]) {
  const v = VARIANTS.find((x) => x.name === variant)!;
  const m = buildVariant(v.name, decodeConfig({ ...v.defaults, deviating }));
  const r = check(m, { links: 'memory' });
  const prop = (name: string) => r.properties.find((p) => p.name === name)!;
  const labels = (name: string): string[] => prop(name).path?.actions.map((a) => m.describe(a).label) ?? [];
  return { r, prop, labels };
}

describe('proofOfPayment.proofImpliesPaid (06 §2.4)', () => {
  it('fails for A + S in the receipt variant: they complete the receipt with s_A + s_S before B is paid (6 steps)', () => {
    const { r, prop, labels } = run('scheme1-receipt', ['A', 'S']);
    expect([prop('proofOfPayment.proofImpliesPaid').verdict, prop('proofOfPayment.proofImpliesPaid').expected]).toEqual(
      ['violated', 'violated'],
    );
    expect(labels('proofOfPayment.proofImpliesPaid')).toEqual([
      'PayerHubSignSettlement',
      'PayerSendBundle',
      'PayeeComeOnline',
      'MailboxDeliver',
      'PayeeSendInvoice',
      'CoalitionShare',
    ]);
    expect(r.properties.filter((p) => !p.meetsExpectation).map((p) => p.name)).toEqual([]);
  });

  it.each([[['S']], [['A']], [['B']], [['A', 'B']], [['S', 'B']]])(
    "holds against %j: A alone lacks s_S, S alone s_A until B is paid, and a deviating B's receipt is its own word",
    (deviating) => {
      const { prop } = run('scheme1-receipt', deviating);
      expect(prop('proofOfPayment.proofImpliesPaid').verdict).toBe('holds');
      expect(prop('proofOfPayment.witnessPayerHoldsProof').verdict).toBe('reached');
    },
  );
});

describe('honestHubLosesNothing.onlyMatchingPoint judges what S bought, not the flag its check tests', () => {
  it('fails when S skips the point check and a deviating A forges the bundle: S pays for a secret that completes nothing', () => {
    const { prop, labels } = run('flaw-hub-skips-point-check', ['A']);
    expect(prop('honestHubLosesNothing.onlyMatchingPoint').verdict).toBe('violated');
    expect(labels('honestHubLosesNothing.onlyMatchingPoint')).toContain('PayeeClaimPtlc');
  });
});
