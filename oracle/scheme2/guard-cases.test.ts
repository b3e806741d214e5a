/**
 * Scheme 2's guard-directed runs: each drives S or B into one scheme-2 refusal guard with a deviating A's
 * message (crafted, sent again, forged), passes on the honest implementation, and fails on one whose node lacks
 * that guard.
 */
import { describe, expect, it } from 'vitest';
import { hubRole } from '../../impl/node/hub.ts';
import { payerRole } from '../../impl/node/payer.ts';
import { GUARD_IDS, type GuardId } from '../../impl/node/guards.ts';
import { SUITES, suiteModel, suiteSeedOffset } from '../conform.ts';
import type { GuardCase } from '../binding.ts';
import { caseSuite, guardCasesOf, runGuardCase } from '../guard-directed.ts';
import { describeFailure } from '../run.ts';
import { withoutGuard } from '../without-guard.ts';
import type { AdversaryCommand } from './adversary.ts';
import { SCHEME2_BINDING } from './binding.ts';
import { HONEST_ROLES } from './driver.ts';
import { A_DEVIATING, SALE, SCHEME2_GUARD_CASES } from './guard-cases.ts';
import type { Mutant } from './mutants.ts';
import { payeeWithUpdate } from './payee-update.ts';

const suiteNamed = (name: string) => {
  const s = SCHEME2_BINDING.suites.find((x) => x.name === name);
  if (s === undefined) throw new Error(`no suite ${name}`);
  return s;
};

const run = (c: GuardCase<AdversaryCommand>, mutant?: Mutant) => {
  const suite = suiteNamed(c.suite);
  // The case's own coalition, if it names one (a deviating S claiming from an honest A).
  const { model } = suiteModel(caseSuite(suite, c));
  const seed = suiteSeedOffset(SUITES, suite, 0);
  return runGuardCase(SCHEME2_BINDING, { model, seed, ...(mutant === undefined ? {} : { mutant }) }, c);
};

/** The honest roles, with S's, A's or B's guard `g` dropped (the message it refuses is taken and not answered). */
const without = (g: GuardId): Mutant => ({
  name: `without ${g}`,
  description: `${g} dropped`,
  roles: () =>
    g.startsWith('hub:')
      ? { ...HONEST_ROLES, hub: withoutGuard(hubRole, g) }
      : g.startsWith('payer:')
        ? { ...HONEST_ROLES, payer: withoutGuard(payerRole, g) }
        : { ...HONEST_ROLES, payee: withoutGuard(payeeWithUpdate(), g) },
});

describe('scheme-2 guard-directed runs', () => {
  it.each(SCHEME2_GUARD_CASES.map((c) => [`${c.guard} (${JSON.stringify(c.cmd)})`, c] as const))(
    '%s refuses its case on the honest implementation, and fails the run once dropped',
    (_g, c) => {
      const { failure } = run(c);
      expect(failure === undefined ? 'ok' : describeFailure(failure)).toBe('ok');
      const broken = run(c, without(c.guard)).failure;
      expect(broken === undefined ? 'passed' : describeFailure(broken)).toMatch(
        new RegExp(`refused by ${c.guard}|divergence`),
      );
    },
  );

  it('every case names a guard of impl/node and a suite of scheme 2', () => {
    for (const c of SCHEME2_GUARD_CASES) {
      expect(GUARD_IDS).toContain(c.guard);
      expect(guardCasesOf(SCHEME2_BINDING, suiteNamed(c.suite))).toContain(c);
    }
  });

  it("the crafted offer is signed anew with A's keys: unchanged terms after the sale reach S's own check, not the signature checks", () => {
    const c = SCHEME2_GUARD_CASES.find((x) => x.guard === 'hub:s2-offer-already-sold');
    expect(c?.prefix).toEqual(SALE);
    const { outcome } = run({ ...(c as GuardCase<AdversaryCommand>) });
    expect(outcome.guards).toEqual(['hub:s2-offer-already-sold']);
    expect(outcome.guards.some((g) => g.startsWith('ptlc:'))).toBe(false);
  });

  it('the craft does nothing where A is honest (the suite where B deviates)', () => {
    const c = SCHEME2_GUARD_CASES.find((x) => x.guard === 'hub:s2-offer-amount') as GuardCase<AdversaryCommand>;
    expect(c.suite).toBe(A_DEVIATING);
    const { failure } = run({ ...c, suite: 'scheme 2, B deviating' });
    expect(failure === undefined ? 'passed' : describeFailure(failure)).toContain(
      'refused by hub:s2-offer-amount (R-05-07) in the model, accepted',
    );
  });
});
