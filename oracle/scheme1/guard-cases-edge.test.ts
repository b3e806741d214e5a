/**
 * The edge guard cases (guard-cases-edge.ts): each refuses its stutter with its guard on the honest
 * implementation, and fails its run on nodes without that guard.
 */
import { describe, expect, it } from 'vitest';
import { GUARD_IDS } from '../../impl/node/guards.ts';
import { hubRole } from '../../impl/node/hub.ts';
import { payeeRole } from '../../impl/node/payee.ts';
import { payerRole } from '../../impl/node/payer.ts';
import { routerRole } from '../../impl/node/router.ts';
import { suiteModel } from '../conform.ts';
import type { GuardCase } from '../binding.ts';
import { caseSuite, guardCasesOf, runGuardCase } from '../guard-directed.ts';
import { describeFailure } from '../run.ts';
import { withoutGuard } from '../without-guard.ts';
import type { AdversaryCommand } from './adversary.ts';
import { SCHEME1_BINDING } from './binding.ts';
import { HONEST_ROLES } from './driver.ts';
import { SCHEME1_EDGE_GUARD_CASES } from './guard-cases-edge.ts';
import type { Mutant } from './mutants/mutant.ts';

const suiteNamed = (name: string) => {
  const s = SCHEME1_BINDING.suites.find((x) => x.name === name);
  if (s === undefined) throw new Error(`no suite ${name}`);
  return s;
};

const run = (c: GuardCase<AdversaryCommand>, mutant?: Mutant) => {
  const { model } = suiteModel(caseSuite(suiteNamed(c.suite), c));
  const seed = SCHEME1_BINDING.suites.indexOf(suiteNamed(c.suite));
  return runGuardCase(SCHEME1_BINDING, { model, seed, ...(mutant === undefined ? {} : { mutant }) }, c);
};

describe('edge guard cases', () => {
  it.each(SCHEME1_EDGE_GUARD_CASES.map((c) => [c.guard, c] as const))(
    '%s refuses its case on the honest implementation, and refuses only the stutter',
    (_g, c) => {
      const { outcome, failure } = run(c);
      expect(failure === undefined ? 'ok' : describeFailure(failure)).toBe('ok');
      const d = outcome.driver;
      // A stutter's message refused, or an owner's command refused (the driver's own commands are never refused).
      const byStutter = d.world.transcript.flatMap((e) =>
        (e.kind === 'message' && e.error !== undefined && d.stutters.has(e.envelope.sig)) ||
        (e.kind === 'command' && e.error !== undefined)
          ? [e.error.guard]
          : [],
      );
      expect(byStutter).toContain(c.guard);
      expect(outcome.guards.filter((g) => g === c.guard)).toHaveLength(byStutter.filter((g) => g === c.guard).length);
    },
  );

  it('every case names a guard of impl/node and a suite of its binding, and is registered', () => {
    for (const c of SCHEME1_EDGE_GUARD_CASES) {
      expect(GUARD_IDS).toContain(c.guard);
      expect(guardCasesOf(SCHEME1_BINDING, suiteNamed(c.suite))).toContain(c);
    }
  });

  it.each(SCHEME1_EDGE_GUARD_CASES.map((c) => [c.guard, c] as const))('a node without %s fails its case', (_g, c) => {
    const skips: Mutant = {
      name: `skips-${c.guard}`,
      description: `every node without ${c.guard}`,
      roles: () => ({
        payer: withoutGuard(payerRole, c.guard),
        hub: withoutGuard(hubRole, c.guard),
        payee: withoutGuard(payeeRole, c.guard),
        router: withoutGuard(routerRole, c.guard),
        mailbox: HONEST_ROLES.mailbox,
      }),
    };
    const { failure } = run(c, skips);
    // The guard's refusal missing, or the resent message taken where the model stutters.
    expect(failure === undefined ? 'passed' : describeFailure(failure)).toMatch(
      new RegExp(`refused by ${c.guard}|stutter is refused`),
    );
  });

  it('a B that invoices an expired bundle fails the run, and the model state is put back after the stutter', () => {
    const c = SCHEME1_EDGE_GUARD_CASES.find((x) => x.guard === 'payee:bundle-expired');
    if (c === undefined) throw new Error('no bundle-expired case');
    const skips: Mutant = {
      name: 'payee-invoices-expired',
      description: 'B invoices a bundle at or after its expiry',
      roles: () => ({ ...HONEST_ROLES, payee: withoutGuard(payeeRole, 'payee:bundle-expired') }),
    };
    const { outcome, failure } = run(c, skips);
    expect(failure === undefined ? 'passed' : describeFailure(failure)).toBe(
      'divergence after step 2 (OracleBundle): refusal is refused by payee:bundle-expired (R-02-11, R-07-09) in the model, accepted in the implementation',
    );
    const honest = run(c).outcome.records;
    expect(honest.at(-1)?.impl).toEqual(honest.at(-2)?.impl);
    expect(outcome.records.at(-1)?.note).toContain('A stores at M, in place of its bundle for B');
  });
});
