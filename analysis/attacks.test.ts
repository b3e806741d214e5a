/**
 * The designers' table's attacks, each with the coalitions that mount it: the coalition violates the clause and
 * every smaller one holds it (so it is a minimal violating coalition). Checked here on the empty coalition and
 * the single parties (seconds); with APLN_LONG=1 the whole table of each variant pins the full set of minimal
 * violating coalitions.
 */
import { describe, expect, it } from 'vitest';
import { coalitionResult, coalitionTasks } from './coalitions.ts';
import { variantParties } from './parties.ts';
import { runTasks } from './pool.ts';
import '../variants/index.ts';
import { findModel } from '../checker/registry.ts';

async function table(variant: string, set: Record<string, unknown> = {}, only?: string[][]) {
  const entry = findModel(variant)!;
  const base = { ...(entry.codec.encode(entry.defaults) as Record<string, unknown>), ...set };
  delete base.deviating;
  const parties = variantParties(entry, base);
  const small = only ?? [[], ...parties.map((p) => [p])];
  const { coalitions, tasks } = coalitionTasks(variant, base, parties, { only: small });
  const run = await runTasks(tasks, { workers: 1 });
  return coalitionResult(variant, base, parties, coalitions, run.outcomes);
}

function minimal(r: Awaited<ReturnType<typeof table>>, clause: string): string[][] {
  const c = r.clauses.find((x) => x.clause === clause);
  expect(c, clause).toBeDefined();
  return (c?.minimalViolating ?? []).map((x) => [...x]);
}

/** The shortest counterexample's length in `coalition`'s row of `clause` (undefined when it holds there). */
function steps(r: Awaited<ReturnType<typeof table>>, clause: string, coalition: string[]): number | undefined {
  const row = r.rows.find((x) => x.clause === clause && x.coalition.join(',') === coalition.join(','));
  expect(row, `${clause} ${coalition.join(',')}`).toBeDefined();
  return row?.steps;
}

const long = process.env.APLN_LONG === '1';

describe("the designers' attacks and the coalitions that mount them (empty and single-party coalitions)", () => {
  it("signing the update before the settlement: S alone holds A's funds hostage", async () => {
    const r = await table('flaw-update-before-settlement');
    expect(minimal(r, 'hubCannotSteal.payerBalanceFloor')).toEqual([['S']]);
    expect(minimal(r, 'hubCannotSteal.noStrandedUpdate')).toEqual([['S']]);
    expect(steps(r, 'hubCannotSteal.payerBalanceFloor', ['S'])).toBe(6);
  });

  it('a hub that skips the state check: A alone (superseded) and A or B alone (paid twice)', async () => {
    const r = await table('flaw-hub-skips-state-check');
    expect(minimal(r, 'honestHubLosesNothing.notSuperseded')).toEqual([['A']]);
    expect(minimal(r, 'honestHubLosesNothing.notTwice')).toEqual([['A'], ['B']]);
  });

  it('a hub that skips the point check: A or B alone makes S pay for a point whose secret completes nothing', async () => {
    const r = await table('flaw-hub-skips-point-check');
    expect(minimal(r, 'honestHubLosesNothing.onlyMatchingPoint')).toEqual([['A'], ['B']]);
  });

  it('a plaintext mailbox: M alone sells s_A (B unpaid); M learns the bundle even when nobody deviates', async () => {
    const r = await table('flaw-plaintext-mailbox');
    expect(minimal(r, 'hubCannotSteal.paidOnlyIfPayeePaid')).toEqual([['M']]);
    expect(minimal(r, 'secrecy.mailboxLearnsNothing')).toEqual([[]]);
    // M reads the bundle in 2 steps; selling s_A to S takes 5.
    expect(steps(r, 'secrecy.mailboxLearnsNothing', [])).toBe(2);
    expect(steps(r, 'hubCannotSteal.paidOnlyIfPayeePaid', ['M'])).toBe(5);
  });

  it("nonce reuse on re-signing reveals A's key with nobody deviating", async () => {
    const r = await table('flaw-nonce-reuse-on-resign');
    expect(minimal(r, 'nonceSafety.noReuse')).toEqual([[]]);
    expect(steps(r, 'nonceSafety.noReuse', [])).toBe(8);
  });

  it('stacked payments charge A for an unpaid B1 with nobody deviating', async () => {
    const r = await table('flaw-stacked-payments');
    expect(minimal(r, 'hubCannotSteal.paidOnlyIfPayeePaid1')).toEqual([[]]);
    expect(steps(r, 'hubCannotSteal.paidOnlyIfPayeePaid1', [])).toBe(9);
  });

  it('the same-point split: S and P2 together route around P1, which loses its fee; neither alone does', async () => {
    const r = await table('scheme1-split-same-point', {}, [[], ['S'], ['P2'], ['S', 'P2']]);
    expect(minimal(r, 'honestIntermediaryPaid.earnsFeeOnCompletion')).toEqual([['S', 'P2']]);
    expect(steps(r, 'honestIntermediaryPaid.earnsFeeOnCompletion', ['S', 'P2'])).toBe(10);
  });

  it('the timeout variant: an honest S that crashes loses what it paid with nobody deviating (A sweeps the timeout leaf)', async () => {
    const r = await table('scheme1-timeout', { hubMayCrash: true }, [[], ['A']]);
    expect(minimal(r, 'honestHubLosesNothing.notTooLate')).toEqual([[]]);
    const row = r.rows.find((x) => x.clause === 'honestHubLosesNothing.notTooLate' && x.coalition.length === 0);
    expect(row?.steps).toBe(21);
  });
});

describe.runIf(long)('the whole coalition table of each flaw variant (APLN_LONG=1)', () => {
  it('gives exactly these minimal violating coalitions', { timeout: 1_800_000 }, async () => {
    const all = async (v: string) => {
      const entry = findModel(v)!;
      const base = { ...(entry.codec.encode(entry.defaults) as Record<string, unknown>) };
      delete base.deviating;
      const parties = variantParties(entry, base);
      const { coalitions, tasks } = coalitionTasks(v, base, parties);
      return coalitionResult(v, base, parties, coalitions, (await runTasks(tasks, { workers: 2 })).outcomes);
    };
    const plaintext = await all('flaw-plaintext-mailbox');
    const stateCheck = await all('flaw-hub-skips-state-check');
    const reversed = await all('flaw-update-before-settlement');
    expect(minimal(plaintext, 'atomicSale.hubLearnsOnlyIfClaimed')).toEqual([['S', 'M']]);
    expect(minimal(stateCheck, 'honestHubLosesNothing.notTwice')).toEqual([['A'], ['B']]);
    expect(minimal(reversed, 'honestHubLosesNothing.notTooLate')).toEqual([[]]);
    // The README: no variant shows a non-monotone coalition (here: these three whole tables).
    for (const r of [plaintext, stateCheck, reversed])
      expect(r.clauses.flatMap((c) => c.nonMonotone.map((n) => `${c.clause}: ${n.violatedBy} / ${n.heldBy}`))).toEqual(
        [],
      );
  });
});
