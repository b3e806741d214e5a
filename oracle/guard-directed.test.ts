/**
 * Guard-directed runs: each drives the implementation into one refusal guard with a deviating party's message,
 * and passes only if that guard refuses it.
 */
import { describe, expect, it } from 'vitest';
import { hubRole } from '../impl/node/hub.ts';
import { payerRole } from '../impl/node/payer.ts';
import { GUARD_IDS, type GuardId } from '../impl/node/guards.ts';
import { suiteModel } from './conform.ts';
import type { GuardCase } from './binding.ts';
import { caseSuite, guardCasesOf, runGuardCase } from './guard-directed.ts';
import { describeFailure } from './run.ts';
import type { AdversaryCommand } from './scheme1/adversary.ts';
import { SCHEME1_BINDING } from './scheme1/binding.ts';
import { HONEST_ROLES } from './scheme1/driver.ts';
import { SCHEME1_GUARD_CASES } from './scheme1/guard-cases.ts';
import { MUTANTS } from './scheme1/mutants/index.ts';
import type { Mutant } from './scheme1/mutants/mutant.ts';
import { withoutGuard } from './without-guard.ts';

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

/** B's invoice to S with its payment point altered (re-signed by B): S must refuse it by R-02-16. */
const BAD_POINT: GuardCase<AdversaryCommand> = {
  guard: 'hub:invoice-bad-point',
  suite: 'direct, B deviating',
  prefix: ['PayerHubSignSettlement', 'PayerSendBundle', 'PayeeComeOnline', 'MailboxDeliver', 'PayeeSendInvoice'],
  cmd: { kind: 'tamper', field: 5 },
};

describe('guard-directed runs', () => {
  it.each(SCHEME1_GUARD_CASES.map((c) => [c.guard, c] as const))(
    '%s refuses its case on the honest implementation, and refuses only the stutter (or the late honest message)',
    (_g, c) => {
      const { outcome, failure } = run(c);
      expect(failure === undefined ? 'ok' : describeFailure(failure)).toBe('ok');
      const d = outcome.driver;
      // A case with a stutter: only the stutter is refused by the guard; without one, an honest message of the prefix.
      const refused = d.world.transcript.flatMap((e) =>
        e.kind === 'message' && e.error !== undefined && d.stutters.has(e.envelope.sig) === (c.cmd !== undefined)
          ? [e.error.guard]
          : [],
      );
      expect(refused).toContain(c.guard);
      expect(outcome.guards.filter((g) => g === c.guard)).toHaveLength(refused.filter((g) => g === c.guard).length);
    },
  );

  /** S with its guard `g` dropped: the message that guard refuses is taken and answered with nothing. */
  const hubWithout = (g: GuardId): Mutant => ({
    name: `without ${g}`,
    description: `${g} dropped`,
    roles: () => ({ ...HONEST_ROLES, hub: withoutGuard(hubRole, g) }),
  });
  it.each(SCHEME1_GUARD_CASES.filter((c) => c.guard.startsWith('hub:')).map((c) => [c.guard, c] as const))(
    '%s: the run fails on an S without that guard',
    (_g, c) => {
      const broken = run(c, hubWithout(c.guard)).failure;
      expect(broken === undefined ? 'passed' : describeFailure(broken)).toMatch(
        new RegExp(`refused by ${c.guard}|divergence`),
      );
    },
  );

  it('an A that takes an AcceptState under another session while its proposal is open fails the run (midExchange)', () => {
    const c = SCHEME1_GUARD_CASES.find((x) => x.guard === 'channel-protocol:accept-wrong-session');
    if (c === undefined) throw new Error('no accept-wrong-session case');
    const takes: Mutant = {
      name: 'payer-takes-other-session',
      description: "A takes an AcceptState whose session is not its proposal's",
      roles: () => ({ ...HONEST_ROLES, payer: withoutGuard(payerRole, 'channel-protocol:accept-wrong-session') }),
    };
    const broken = run(c, takes);
    expect(broken.failure === undefined ? 'passed' : describeFailure(broken.failure)).toContain(
      'refused by channel-protocol:accept-wrong-session',
    );
    // The stutter is undone: A's record of the channel is what it was before it.
    const honest = run(c).outcome.records;
    expect(honest.at(-1)?.impl).toEqual(honest.at(-2)?.impl);
  });

  it('every case names a guard of impl/node and a suite of its binding', () => {
    for (const c of SCHEME1_GUARD_CASES) {
      expect(GUARD_IDS).toContain(c.guard);
      expect(guardCasesOf(SCHEME1_BINDING, suiteNamed(c.suite))).toContain(c);
    }
  });

  it('a node without the guard fails the run', () => {
    expect(run(BAD_POINT).failure).toBeUndefined();
    const skips = MUTANTS.find((m) => m.name === 'hub-skips-point-check');
    expect(skips).toBeDefined();
    expect(run(BAD_POINT, skips).failure).toBeDefined();
  });

  it('a refusal by another guard than the expected one fails the run, naming the requirement the guard implements', () => {
    const { failure } = run({ ...BAD_POINT, guard: 'hub:invoice-amount' });
    expect(failure === undefined ? 'passed' : describeFailure(failure)).toContain(
      'refused by hub:invoice-amount (R-02-15) in the model, refused by hub:invoice-bad-point in the implementation',
    );
  });
});
