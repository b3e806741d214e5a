/**
 * Every variant on its defaults: the exhaustive BFS completes without deadlock, the distinct-state count is
 * pinned, every property gives the verdict the variant declares (so every witness it expects is reached),
 * and each violation's shortest counterexample length is pinned.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../checker/index.ts';
import type { AnyModel } from '../checker/model.ts';
import { buildScheme2Variant, buildVariant } from './index.ts';
import { NO_PENDING } from '../model/scheme1/state.ts';
import { decodeConfig } from '../model/config.ts';
import { VARIANTS } from '../model/scheme1/variants.ts';
import { SCHEME2 } from '../model/scheme2/variants.ts';
import { PAID, TO_OFFER } from '../model/scheme1/paths.ts';

function build(name: string): AnyModel {
  return name === SCHEME2.name ? buildScheme2Variant() : buildVariant(name);
}

/** distinct states on defaults, and the BFS length of each violated property's counterexample. */
const PINNED: Record<string, { states: number; violations: Record<string, number> }> = {
  'scheme1-direct': {
    states: 1366,
    violations: { 'liveness.payerLockBounded': 8, 'proofOfPayment.payerHoldsProof': 9 },
  },
  'scheme1-split-same-point': {
    states: 10363,
    violations: {
      'honestIntermediaryPaid.earnsFeeOnCompletion': 10,
      'linkability.coalitionCannotLink': 8,
      'liveness.payerLockBounded': 7,
      'proofOfPayment.payerHoldsProof': 12,
    },
  },
  'scheme1-split-decorrelated': {
    states: 10030,
    violations: { 'liveness.payerLockBounded': 7, 'proofOfPayment.payerHoldsProof': 13 },
  },
  'scheme1-timeout': { states: 14292, violations: { 'proofOfPayment.payerHoldsProof': 9 } },
  'scheme1-receipt': { states: 1366, violations: { 'liveness.payerLockBounded': 8 } },
  'flaw-update-before-settlement': {
    states: 2268,
    violations: {
      'hubCannotSteal.payerBalanceFloor': 6,
      'hubCannotSteal.noStrandedUpdate': 7,
      'liveness.payerLockBounded': 7,
      'proofOfPayment.payerHoldsProof': 8,
    },
  },
  'flaw-hub-skips-state-check': {
    states: 17040,
    violations: {
      'honestHubLosesNothing.notSuperseded': 9,
      'honestHubLosesNothing.notTwice': 9,
      'liveness.payerLockBounded': 7,
    },
  },
  'flaw-hub-skips-point-check': {
    states: 400,
    violations: {
      'honestHubLosesNothing.onlyMatchingPoint': 7,
      'liveness.payerLockBounded': 8,
      'proofOfPayment.payerHoldsProof': 9,
    },
  },
  'flaw-plaintext-mailbox': {
    states: 441,
    violations: {
      'hubCannotSteal.paidOnlyIfPayeePaid': 5,
      'payeeNotCheated.secretOnlyForPayment': 2,
      'secrecy.mailboxLearnsNothing': 2,
      'secrecy.onlyPayersLearn': 2,
      'liveness.payerLockBounded': 8,
      'proofOfPayment.payerHoldsProof': 7,
    },
  },
  'scheme2-payee-presigned': { states: 759, violations: {} },
  'flaw-nonce-reuse-on-resign': {
    states: 103,
    violations: { 'nonceSafety.noReuse': 8, 'liveness.payerLockBounded': 8, 'proofOfPayment.payerHoldsProof': 9 },
  },
};

describe.each([...VARIANTS.map((v) => v.name), SCHEME2.name])('%s on its defaults', (name) => {
  const model = build(name);
  const result = check(model, { links: 'memory' });
  const pinned = PINNED[name];

  it('is explored exhaustively without a deadlock, to the pinned number of distinct states', () => {
    expect(result.complete).toBe(true);
    expect(result.deadlock).toBeUndefined();
    expect(result.distinctStates).toBe(pinned?.states);
  });

  it('gives every property the verdict the variant declares', () => {
    const misses = result.properties
      .filter((p) => !p.meetsExpectation)
      .map((p) => `${p.name}: ${p.verdict}, expected ${p.expected}`);
    expect(misses).toEqual([]);
  });

  it('reaches every witness it expects', () => {
    for (const p of result.properties.filter((x) => x.kind === 'sometimes' && x.expected === 'reached'))
      expect(p.verdict, p.name).toBe('reached');
  });

  it('finds each violation with its pinned shortest counterexample', () => {
    const found = Object.fromEntries(
      result.properties.filter((p) => p.verdict === 'violated').map((p) => [p.name, p.path?.choices.length]),
    );
    expect(found).toEqual(pinned?.violations);
  });

  it('is deterministic: a second run gives the same counts and paths', () => {
    const again = check(build(name), { links: 'memory' });
    expect(again.distinctStates).toBe(result.distinctStates);
    expect(again.generatedStates).toBe(result.generatedStates);
    expect(again.properties.map((p) => p.path?.choices)).toEqual(result.properties.map((p) => p.path?.choices));
  });
});

describe('every variant', () => {
  it('pairs every always property of its own bullet with a sometimes witness', () => {
    for (const v of [...VARIANTS.map((x) => x.name), SCHEME2.name]) {
      const props = build(v).properties;
      for (const p of props.filter((x) => x.kind === 'always' && x.name !== 'typeOk')) {
        const bullet = p.name.split('.')[0];
        expect(
          props.some((w) => w.kind === 'sometimes' && w.name.startsWith(`${bullet}.`)),
          `${v}: ${p.name}`,
        ).toBe(true);
      }
    }
  });
});

describe('with S allowed to crash (hubMayCrash)', () => {
  function run(name: string, deviating: string[], over: Record<string, unknown> = {}) {
    const v = VARIANTS.find((x) => x.name === name)!;
    const m = buildVariant(name, decodeConfig({ ...v.defaults, deviating, hubMayCrash: true, ...over }));
    return { m, r: check(m, { links: 'memory' }) };
  }

  it('scheme1-timeout, all honest: S closes at pending timeout − D (R-06-04), crashes, and A sweeps the timeout leaf before S is back (21 steps)', () => {
    const { m, r } = run('scheme1-timeout', []);
    expect(r.distinctStates).toBe(2373);
    const p = r.properties.find((x) => x.name === 'honestHubLosesNothing.notTooLate')!;
    expect([p.verdict, p.message, p.meetsExpectation]).toEqual([
      'violated',
      'S paid for s_A but A swept the pending amount through the timeout leaf',
      true,
    ]);
    expect(p.path?.actions.map((a) => m.describe(a).label)).toEqual([
      ...PAID,
      'ChainAdvance',
      'ChainAdvance',
      'ChainAdvance',
      'PayerComeBack',
      'HubPublishUpdate',
      'HubCrash',
      'ChainAdvance',
      'ChainAdvance',
      'PayerPublishSettlement',
      'ChainAdvance',
      'ChainAdvance',
      'ChainAdvance',
      'ChainAdvance',
      'PayerSweepTimeoutLeaf',
    ]);
  });

  it('scheme1-direct with a deviating A: a stale U(n) published while S is down settles before S can rebind (13 steps)', () => {
    const { r } = run('scheme1-direct', ['A']);
    expect(r.distinctStates).toBe(5496);
    expect(r.properties.find((x) => x.name === 'honestHubLosesNothing.notTooLate')?.path?.choices.length).toBe(13);
    expect(r.properties.every((p) => p.meetsExpectation)).toBe(true);
  });

  it('scheme1-direct, all honest: a crashed S can stall the payment past the expiry (paymentCompletes violated)', () => {
    const { r } = run('scheme1-direct', []);
    expect(r.distinctStates).toBe(359);
    expect(r.properties.find((x) => x.name === 'liveness.paymentCompletes')?.verdict).toBe('violated');
    expect(r.properties.every((p) => p.meetsExpectation)).toBe(true);
  });
});

describe('a second invoice for the same state (R-02-18, R-09-11)', () => {
  it('makes the flawed S pay twice: B presents the bundle again after S bought (9 steps)', () => {
    const m = buildVariant('flaw-hub-skips-state-check');
    const p = check(m, { links: 'memory' }).properties.find((x) => x.name === 'honestHubLosesNothing.notTwice')!;
    expect([p.verdict, p.expected, p.message]).toEqual(['violated', 'violated', 'S paid for s_A of state n+1 2 times']);
    expect(p.path?.actions.map((a) => m.describe(a).label)).toEqual([
      ...TO_OFFER,
      'PayeeResellSecret',
      'HubPayResale',
      'PayeeClaimPtlc',
    ]);
  });

  it('is refused by an honest S, which the same coalition then cannot make pay twice', () => {
    const v = VARIANTS.find((x) => x.name === 'scheme1-direct')!;
    const r = check(buildVariant(v.name, decodeConfig({ ...v.defaults, deviating: ['A', 'B'] })), { links: 'memory' });
    expect(r.properties.find((x) => x.name === 'honestHubLosesNothing.witnessSecondInvoice')?.verdict).toBe('reached');
    expect(r.properties.find((x) => x.name === 'honestHubLosesNothing.notTwice')?.verdict).toBe('holds');
    expect(r.properties.every((x) => x.meetsExpectation)).toBe(true);
  });
});

describe("equivocation: a point that is not s_A's (R-09-14, R-02-16)", () => {
  it('makes the point-check flaw pay B for a point of its own, a secret that completes nothing (7 steps, the shortest)', () => {
    const m = buildVariant('flaw-hub-skips-point-check');
    const p = check(m, { links: 'memory' }).properties.find(
      (x) => x.name === 'honestHubLosesNothing.onlyMatchingPoint',
    )!;
    expect([p.verdict, p.expected, p.message]).toEqual([
      'violated',
      'violated',
      "S paid for a secret that does not complete U(n+1) (its point is not s_A's point)",
    ]);
    expect(p.path?.actions.map((a) => m.describe(a).label)).toEqual([
      'PayerHubSignSettlement',
      'PayerSendBundle',
      'PayeeComeOnline',
      'MailboxDeliver',
      'PayeeForgeInvoice',
      'HubCheckAndOfferPtlc',
      'PayeeClaimPtlc',
    ]);
  });

  it.each([[['A']], [['B']], [['A', 'B']]])(
    'is refused by an honest S, coalition %j: the witness is reached and onlyMatchingPoint holds',
    (deviating) => {
      const v = VARIANTS.find((x) => x.name === 'scheme1-direct')!;
      const r = check(buildVariant(v.name, decodeConfig({ ...v.defaults, deviating })), { links: 'memory' });
      expect(r.properties.find((x) => x.name === 'honestHubLosesNothing.witnessRefusedMismatch')?.verdict).toBe(
        'reached',
      );
      expect(r.properties.find((x) => x.name === 'honestHubLosesNothing.onlyMatchingPoint')?.verdict).toBe('holds');
      expect(r.properties.filter((x) => !x.meetsExpectation).map((x) => x.name)).toEqual([]);
    },
  );
});

describe('the rebind margin (R-02-20, R-02-21)', () => {
  function run(margin: number) {
    const v = VARIANTS.find((x) => x.name === 'scheme1-direct')!;
    const m = buildVariant(v.name, decodeConfig({ ...v.defaults, deviating: ['A', 'B'], rebindMarginBlocks: margin }));
    return { m, r: check(m, { links: 'memory' }) };
  }

  it('at 0 lets A and B race S: U(n) on chain, a last-block on-chain claim, St(n) settles first (12 steps)', () => {
    const { m, r } = run(0);
    expect(r.distinctStates).toBe(10118);
    const p = r.properties.find((x) => x.name === 'honestHubLosesNothing.notTooLate')!;
    expect([p.verdict, p.expected]).toEqual(['violated', 'violated']);
    expect(p.path?.actions.map((a) => m.describe(a).label)).toEqual([
      'PayerHubSignSettlement',
      'PayerSendBundle',
      'PayerComeBack',
      'PayeeComeOnline',
      'MailboxDeliver',
      'PayerPublishUpdate',
      'ChainAdvance',
      'PayeeSendInvoice',
      'HubCheckAndOfferPtlc',
      'PayeeClaimPtlcOnChain',
      'ChainAdvance',
      'PayerPublishSettlement',
    ]);
  });

  it('at 1 leaves S a block to rebind', () => {
    const { r } = run(1);
    expect(r.distinctStates).toBe(9455);
    expect(r.properties.find((x) => x.name === 'honestHubLosesNothing.notTooLate')?.verdict).toBe('holds');
    expect(r.properties.every((p) => p.meetsExpectation)).toBe(true);
  });
});

describe('equal hop timeouts (hopDeltaBlocks 0, against R-04-02)', () => {
  it('let a deviating B claim on chain in the last block and leave an honest P2 unpaid (11 steps)', () => {
    const v = VARIANTS.find((x) => x.name === 'scheme1-split-decorrelated')!;
    const m = buildVariant(v.name, decodeConfig({ ...v.defaults, deviating: ['B'], hopDeltaBlocks: 0 }));
    const r = check(m, { links: 'memory' });
    const p = r.properties.find((x) => x.name === 'honestIntermediaryPaid.canClaimUpstream')!;
    expect([p.verdict, p.expected, p.message]).toEqual([
      'violated',
      'violated',
      'P2 paid downstream but cannot claim upstream',
    ]);
    expect(p.path?.choices.length).toBe(11);
    expect(p.path?.actions.map((a) => m.describe(a).label)).toContain('PayeeClaimPtlcOnChain');
    expect(r.properties.every((x) => x.meetsExpectation)).toBe(true);
  });
});

describe("scheme1-timeout is the spec's timeout design (06 §1: the pending output, R-06-01..05, R-06-13)", () => {
  function run(deviating: string[]) {
    const v = VARIANTS.find((x) => x.name === 'scheme1-timeout')!;
    const m = buildVariant(v.name, decodeConfig({ ...v.defaults, deviating }));
    return { m, r: check(m, { links: 'memory' }) };
  }
  function walk(m: ReturnType<typeof run>['m'], labels: readonly string[]) {
    let s = m.init()[0]!;
    // `label:j` picks PublishUpdate of state n+j.
    const take = (spec: string): void => {
      const [label, j] = spec.split(':');
      const a = m
        .actions(s)
        .find(
          (x) =>
            m.describe(x).label === label && (j === undefined || (x.kind === 'PublishUpdate' && x.state === Number(j))),
        );
      if (a === undefined) throw new Error(`${spec} is not enabled at height ${s.height}`);
      s = m.next(s, a);
    };
    labels.forEach(take);
    return { state: () => s, take };
  }

  it('keeps an honest S whole against a deviating A once step 9 moved the pending amount to S (R-06-13)', () => {
    const { r } = run(['A']);
    expect(r.distinctStates).toBe(3891);
    expect(r.properties.find((x) => x.name === 'honestHubLosesNothing.notTooLate')?.verdict).toBe('holds');
    expect(r.properties.filter((p) => !p.meetsExpectation).map((p) => p.name)).toEqual([]);
  });

  it("pays S through the claim leaf when nobody deviates and A stays away (R-06-01, R-06-04); A's lock is released once U(n+1) confirms with St(n+1) in A's hands", () => {
    const { m, r } = run([]);
    expect(r.distinctStates).toBe(297);
    expect(r.properties.filter((p) => !p.meetsExpectation).map((p) => p.name)).toEqual([]);
    const w = walk(m, [...PAID, 'ChainAdvance', 'ChainAdvance', 'ChainAdvance']);
    expect(w.state().lockReleased).toBe(false);
    w.take('HubPublishUpdate');
    expect([w.state().height, w.state().chain.update, w.state().lockReleased]).toEqual([3, 1, true]);
    ['ChainAdvance', 'ChainAdvance', 'HubPublishSettlement'].forEach(w.take);
    expect([w.state().pending, w.state().wallet[0], w.state().wallet[1]]).toEqual([
      { status: 'unspent', since: 5 },
      6,
      17,
    ]);
    w.take('ChainAdvance');
    w.take('HubSweepClaimLeaf');
    expect([w.state().pending.status, w.state().wallet[1], w.state().lockReleased]).toEqual(['claimedByHub', 21, true]);
  });

  it("bounds A's lock against a deviating S that puts U(n+1) on chain in the horizon's last blocks: the chain alone decides from then on", () => {
    const { m, r } = run(['S']);
    expect(r.properties.find((p) => p.name === 'liveness.payerLockBounded')?.verdict).toBe('holds');
    // A stays away; R-06-04 binds only an honest S: this one waits until height 11, when St(n+1) could confirm only at 13.
    const w = walk(m, [...PAID, ...Array<string>(11).fill('ChainAdvance')]);
    expect([w.state().height, w.state().lockReleased]).toEqual([11, false]);
    w.take('HubPublishUpdate:1');
    expect([w.state().chain.update, w.state().pending, w.state().lockReleased]).toEqual([1, NO_PENDING, true]);
  });

  it('no longer lets A close with U(n) before the pending timeout (A waits for expiry + D = 9)', () => {
    const { m } = run(['S']);
    const w = walk(m, [
      'PayerHubSignSettlement',
      'PayerSendBundle',
      'PayerComeBack',
      ...Array<string>(8).fill('ChainAdvance'),
    ]);
    // (S deviates and withholds the cancellation: the bundle expired at 3, yet A's close waits.)
    const labels = (): string[] => m.actions(w.state()).map((a) => m.describe(a).label);
    expect([w.state().height, labels().includes('PayerTimeoutClose')]).toEqual([8, false]);
    w.take('ChainAdvance');
    expect(labels()).toContain('PayerTimeoutClose');
  });
});
