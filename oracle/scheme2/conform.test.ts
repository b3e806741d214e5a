import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildScheme2Variant } from '../../variants/index.ts';
import { InputError } from '../../util/input-error.ts';
import { SCHEME2 } from '../../model/scheme2/variants.ts';
import type { Party } from '../../model/parties.ts';
import { conform, formatConformReport, type ConformOptions } from '../conform.ts';
import { fuzz } from '../fuzz.ts';
import { guardCasesOf } from '../guard-directed.ts';
import { stepsForActions, stepsForLabels, supportsOf } from '../paths.ts';
import { replayAgainstImpl } from '../replay-against-impl.ts';
import { runOracle, type OracleStep, type RunOutcome, type RunSetup } from '../run.ts';
import type { Mutant } from './mutants.ts';
import { MUTANTS } from './mutants.ts';
import { SUPPORTED_ACTIONS } from './step.ts';
import type { Scheme2Action } from '../../model/scheme2/actions.ts';
import { STATE_OFFSET } from './driver.ts';
import { SCHEME2_BINDING, type Scheme2Types } from './binding.ts';
import { SALE } from './guard-cases.ts';

const B2 = SCHEME2_BINDING;
type Setup = RunSetup<Scheme2Types>;
type Step = OracleStep<Scheme2Types['command']>;
const suite = (deviating: readonly string[]) => ({
  name: `scheme 2, ${deviating.length === 0 ? 'all honest' : `${deviating.join(' + ')} deviating`}`,
  variant: SCHEME2.name,
  deviating: deviating as Party[],
});
const model = (deviating: readonly string[]) =>
  buildScheme2Variant(B2.suiteConfig(suite(deviating)) as Parameters<typeof buildScheme2Variant>[0]);
const run = (setup: Setup, labels: readonly string[], extra: readonly Step[] = []) =>
  runOracle(B2, setup, [...stepsForLabels(B2, setup.model, labels), ...extra]);
const refusalsOf = (r: RunOutcome<Scheme2Types>) => r.driver.world.refusals().map((x) => `${x.node}:${x.error.kind}`);
const findMutant2 = (name: string): Mutant | undefined => MUTANTS.find((m) => m.name === name);
/** One scheme-2 suite through the generic conform (its coalition, its own seed). */
const conformScheme2 = (
  o: Omit<ConformOptions, 'maxSteps' | 'suites'> & { deviating?: readonly string[]; maxSteps?: number },
) => {
  const report = conform({ ...o, maxSteps: o.maxSteps ?? 30, suites: [suite(o.deviating ?? ['S'])] });
  const s = report.suites[0]!;
  const k = report.schemes[0]!;
  return { ...s, kindsCovered: k.kindsCovered, kindsNotCovered: k.kindsNotCovered, report };
};

/** Steps by label; `Label@j` picks the PublishUpdate of U_BS(m+j) (the label does not name the state). */
const path2 = (m: ReturnType<typeof model>, labels: readonly string[]): Step[] => {
  let s = m.init()[0];
  if (s === undefined) throw new Error('no initial state');
  const actions: Scheme2Action[] = [];
  for (const [i, l] of labels.entries()) {
    const [label, j] = l.split('@');
    const a = m
      .actions(s)
      .find(
        (x) =>
          m.describe(x).label === label && (j === undefined || (x.kind === 'PublishUpdate' && x.state === Number(j))),
      );
    if (a === undefined) throw new Error(`step ${i + 1}: no enabled action ${l}`);
    actions.push(a);
    s = m.next(s, a);
  }
  return stepsForActions(m, actions, supportsOf(B2, m));
};

describe('scheme-2 oracle: suites (seed 0)', () => {
  it('the honest run conforms: 0 divergences, every transition to depth 5 exercised, the whole payment and handoff on the impl', () => {
    const r = conformScheme2({ runs: 3, seed: 0, depth: 5, deviating: [] });
    expect(r.failures).toEqual([]);
    expect(r.coverage).toMatchObject({ transitions: 26, transitionsCovered: 26, states: 20 });
    expect(r.kindsCovered).toEqual([
      'ChainAdvance',
      'HubClaimPtlc',
      'MailboxDeliver',
      'PayeeComeBack',
      'PayeeHubSignSettlement',
      'PayeeSendBundle',
      'PayerComeOnline',
      'PayerForwardUpdate',
      'PayerOfferPtlc',
    ]);
    expect(formatConformReport(r.report)).toContain('scheme 2, all honest: ');
  });

  it('S deviating conforms: publishing U_BS(m), withholding its claim; every transition to depth 5 exercised', () => {
    const r = conformScheme2({ runs: 3, seed: 0, depth: 5, deviating: ['S'] });
    expect(r.failures).toEqual([]);
    expect(r.coverage).toMatchObject({ transitions: 106, transitionsCovered: 106 });
    expect(r.kindsCovered).toEqual(expect.arrayContaining(['PublishUpdate', 'PublishSettlement', 'HubClaimPtlc']));
    expect(r.kindsNotCovered.CoalitionShare).toBe('not reached within depth 5 nor in the random runs');
  });

  it('A and B deviating conforms with CoalitionShare exercised: every transition to depth 3 exercised, shares included', () => {
    const r = conformScheme2({ runs: 2, seed: 0, depth: 3, deviating: ['A', 'B'] });
    expect(r.failures).toEqual([]);
    expect(r.coverage.transitionsCovered).toBe(r.coverage.transitions);
    expect(r.coverage.labels.CoalitionShare).toBeGreaterThan(0);
    expect(r.kindsCovered).toContain('CoalitionShare');
    expect(r.coverage.skipped).toEqual({});
  });

  it('refuses a party scheme 2 does not have (InputError)', () => {
    expect(() => conformScheme2({ runs: 1, seed: 0, depth: 1, deviating: ['P1'] })).toThrow(InputError);
  });
});

describe('scheme-2 oracle: every supported action kind on the implementation, in step with the model', () => {
  it('S withholds its claim; A refunds its PTLC at the timeout', () => {
    const r = run({ model: model(['S']), seed: 1 }, [...SALE.slice(0, 5), 'ChainAdvance', 'PayerRefundPtlc']);
    expect(r.failure).toBeUndefined();
    expect(r.records.at(-1)?.impl.ptlc.status).toBe('refunded');
    expect(r.records.at(-1)?.impl.wallet[0]).toBe(10);
  });

  it('S puts U_BS(m) on chain after the sale: A, B’s watchtower, rebinds U_BS(m+1) and settles; B is paid on chain', () => {
    const r = run({ model: model(['S']), seed: 2 }, [
      ...SALE,
      'HubPublishUpdate',
      'PayerPublishUpdate',
      'ChainAdvance',
      'ChainAdvance',
      'PayerPublishSettlement',
    ]);
    expect(r.failure).toBeUndefined();
    expect(r.records.at(-1)?.impl).toMatchObject({
      chain: { update: 1, settled: true },
      channelSat: 0,
      wallet: [6, 4 + 7, 8, 0],
    });
  });

  it('B cancels with S (m+2) after A offered: the honest S refuses A’s stale offer (R-05-05), in step with the model', () => {
    const r = run({ model: model(['B']), seed: 3 }, [...SALE.slice(0, 5), 'PayeeComeBack', 'PayeeHubCancel']);
    expect(r.failure).toBeUndefined();
    expect(refusalsOf(r)).toContain('S:stale-state');
    expect(r.records.at(-1)?.impl).toMatchObject({ phase: 'cancelled', ptlc: { status: 'offered' } });
  });

  it('S and B deviating: S sells s_S for the superseded m+1 (driven through hubSellsStale); A pays for a dead state', () => {
    const r = run({ model: model(['S', 'B']), seed: 4 }, [
      ...SALE.slice(0, 5),
      'PayeeComeBack',
      'PayeeHubCancel',
      'HubClaimPtlc',
    ]);
    expect(r.failure).toBeUndefined();
    expect(r.records.at(-1)?.impl).toMatchObject({ phase: 'cancelled', ptlc: { status: 'claimed' } });
    expect(r.skipped).toEqual([]);
  });

  it('between them, the runs above and the suites exercise every supported kind', () => {
    const kinds = new Set<string>();
    const add = (r: RunOutcome<Scheme2Types>) =>
      r.records.forEach((x) => x.action !== undefined && kinds.add(x.action.kind));
    add(run({ model: model([]), seed: 5 }, [...SALE, 'PayeeComeBack', 'PayerForwardUpdate']));
    add(run({ model: model(['S']), seed: 5 }, [...SALE.slice(0, 5), 'ChainAdvance', 'PayerRefundPtlc']));
    add(
      run({ model: model(['S']), seed: 5 }, [
        ...SALE,
        'HubPublishUpdate',
        'PayerPublishUpdate',
        'ChainAdvance',
        'ChainAdvance',
        'PayerPublishSettlement',
      ]),
    );
    add(run({ model: model(['B']), seed: 5 }, [...SALE.slice(0, 5), 'PayeeComeBack', 'PayeeHubCancel']));
    add(run({ model: model(['S', 'B']), seed: 5 }, ['PayeeHubSignSettlement', 'PayeeSendBundle', 'CoalitionShare']));
    expect([...kinds].sort()).toEqual([...SUPPORTED_ACTIONS].sort());
  });
});

describe('scheme-2 oracle: the coalition pools what it knows (CoalitionShare, R-09-05, R-09-07), and members act on it', () => {
  it('A and B: after the sale, A tells B s_S; B, whose own record never completes U_BS(m+1), puts it on chain and settles', () => {
    const m = model(['A', 'B']);
    const r = runOracle(
      B2,
      { model: m, seed: 8 },
      path2(m, [
        ...SALE,
        'CoalitionShare',
        'PayeeComeBack',
        'PayeePublishUpdate@1',
        'ChainAdvance',
        'ChainAdvance',
        'PayeePublishSettlement',
      ]),
    );
    expect(r.failure).toBeUndefined();
    expect(r.records.map((x) => x.label).slice(7)).toEqual([
      'CoalitionShare',
      'PayeeComeBack',
      'PayeePublishUpdate',
      'ChainAdvance',
      'ChainAdvance',
      'PayeePublishSettlement',
    ]);
    expect(r.records[7]?.impl.knows[2]).toBe(r.records[7]?.model.knows[2]);
    expect(r.driver.holdsComplete('B', STATE_OFFSET + 1)).toBe(false);
    expect([...r.driver.outOfBand.keys()]).toEqual(['A', 'B']);
    expect(r.records.at(-1)?.impl).toMatchObject({
      chain: { update: 1, settled: true },
      channelSat: 0,
      wallet: [6, 4 + 7, 8, 0],
    });
    // B knows s_S now: A's handoff is no longer a step the model offers.
    const after = r.records[7]?.model;
    if (after === undefined) throw new Error('no record after the share');
    expect(m.actions(after).some((a) => a.kind === 'PayerForwardUpdate')).toBe(false);
  });

  it('B and M: M, which has no B–S channel, puts U_BS(m) on chain and settles it from what B told it; the honest A is never asked', () => {
    const m = model(['B', 'M']);
    const r = runOracle(
      B2,
      { model: m, seed: 9 },
      path2(m, [
        'PayeeHubSignSettlement',
        'CoalitionShare',
        'MailboxPublishUpdate@0',
        'ChainAdvance',
        'ChainAdvance',
        'MailboxPublishSettlement',
      ]),
    );
    expect(r.failure).toBeUndefined();
    expect(r.driver.channelOf('M')).toBeUndefined();
    expect(r.records[2]?.impl.knows[3]).toBe(r.records[2]?.model.knows[2]);
    expect(r.records.at(-1)?.impl).toMatchObject({
      chain: { update: 0, settled: true },
      channelSat: 0,
      wallet: [10, 10, 5, 0],
    });
  });

  it('A and S: A tells S s_B and s_S after the sale; S publishes the complete U_BS(m+1), in step with the model', () => {
    const m = model(['A', 'S']);
    const r = runOracle(B2, { model: m, seed: 10 }, path2(m, [...SALE, 'CoalitionShare', 'HubPublishUpdate@1']));
    expect(r.failure).toBeUndefined();
    expect(r.records.at(-1)?.impl.chain).toMatchObject({ update: 1, settled: false });
  });
});

describe('scheme-2 oracle: adversarial steps the honest nodes must refuse (the model stutters)', () => {
  it('A refuses B’s bundle re-sealed with balances its settlement signature does not cover (R-05-06), then buys the real one', () => {
    const setup = { model: model([]), seed: 6 };
    const steps = stepsForLabels(B2, setup.model, SALE);
    const r = runOracle(B2, setup, [
      ...steps.slice(0, 4),
      { kind: 'adversary', cmd: { kind: 'forgedBundle' } },
      ...steps.slice(4),
    ]);
    expect(r.failure).toBeUndefined();
    expect(r.adversarySteps).toBe(1);
    expect(refusalsOf(r)).toEqual(['A:forged-signature']);
    expect(r.records.at(-1)?.impl.ptlc.status).toBe('claimed');
  });

  it('S refuses an offer locked to a point that is not its partial-signature point; B refuses a forged handoff', () => {
    const r = run(
      { model: model([]), seed: 6 },
      [...SALE.slice(0, 2), 'PayerComeOnline'],
      [{ kind: 'adversary', cmd: { kind: 'forgedOffer' } }],
    );
    expect(r.failure).toBeUndefined();
    expect(refusalsOf(r)).toEqual(['S:bad-point']);
    const h = run(
      { model: model([]), seed: 6 },
      [...SALE, 'PayeeComeBack'],
      [{ kind: 'adversary', cmd: { kind: 'forgedHandoff' } }],
    );
    expect(h.failure).toBeUndefined();
    expect(refusalsOf(h)).toEqual(['B:forged-signature']);
  });
});

describe('scheme-2 oracle: the findings it made, now fixed in impl/node, stay in step', () => {
  it('R-05-08: after S put U_BS(m) on chain a block earlier, an honest A refuses B’s bundle as too-late (it used to buy)', () => {
    const r = run({ model: model(['S']), seed: 0 }, [
      'PayeeHubSignSettlement',
      'PayeeSendBundle',
      'HubPublishUpdate',
      'ChainAdvance',
      'PayerComeOnline',
      'MailboxDeliver',
    ]);
    expect(r.failure).toBeUndefined();
    expect(refusalsOf(r)).toEqual(['A:too-late']);
    expect(r.records.at(-1)?.impl.ptlc.status).toBe('none');
  });

  it('R-05-12: once S sold s_S, it refuses B’s cancel (the staleCancel step), and nothing moves (it used to agree m+2)', () => {
    const r = run(
      { model: model(['B']), seed: 0 },
      [...SALE, 'PayeeComeBack'],
      [{ kind: 'adversary', cmd: { kind: 'staleCancel' } }],
    );
    expect(r.failure).toBeUndefined();
    expect(r.adversarySteps).toBe(1);
    expect(refusalsOf(r)).toEqual(['S:stale-state']);
  });
});

describe('scheme-2 oracle: a broken implementation is caught', () => {
  const mutant = findMutant2('hub-sells-stale');
  if (mutant === undefined) throw new Error('no mutant hub-sells-stale');

  it('hub-sells-stale: S claims A’s stale offer after B’s cancel; reported as a divergence (A learns s_S, which it must not)', () => {
    const r = run({ model: model(['B']), seed: 3, mutant }, [...SALE.slice(0, 5), 'PayeeComeBack', 'PayeeHubCancel']);
    expect(r.failure).toMatchObject({
      kind: 'divergence',
      label: 'PayeeHubCancel',
      difference: {
        field: 'knows.A',
        model: '{"#set":["sB","St1","bundle"]}',
        impl: '{"#set":["sB","sS","St1","bundle"]}',
      },
    });
    expect(r.driver.queued().some((e) => e.from === 'S' && e.to === 'A' && e.body.kind === 'PtlcClaim')).toBe(true);
  });

  it('payer-ignores-chain (impl/node before e54e0ad): A buys after U_BS(m) confirmed too long ago; a divergence on ptlc.status', () => {
    const m = findMutant2('payer-ignores-chain');
    if (m === undefined) throw new Error('no mutant payer-ignores-chain');
    const r = run({ model: model(['S']), seed: 0, mutant: m }, [
      'PayeeHubSignSettlement',
      'PayeeSendBundle',
      'HubPublishUpdate',
      'ChainAdvance',
      'PayerComeOnline',
      'MailboxDeliver',
    ]);
    expect(r.failure).toMatchObject({
      kind: 'divergence',
      label: 'MailboxDeliver',
      difference: { field: 'ptlc.status', model: '"none"', impl: '"offered"' },
    });
  });

  it('a suite run finds it in its random runs, shrinks it, and writes an ITF counterexample that replays on the impl', () => {
    const dir = mkdtempSync(join(tmpdir(), 'apln-s2-'));
    const r = conformScheme2({
      runs: 100,
      seed: 1,
      depth: 1,
      deviating: ['B'],
      maxSteps: 20,
      shrinkBudget: 5,
      mutant,
      outDir: dir,
    });
    const f = r.failures.find((x) => x.source === 'random');
    expect(f?.kind).toBe('divergence');
    // 7 random runs until the catch, the coverage paths, and the suite's guard-directed runs (guard-cases.ts).
    expect(r.runs).toBe(7 + r.coverage.paths + guardCasesOf(B2, suite(['B'])).length);
    expect(formatConformReport(r.report)).toMatch(/^mutant: hub-sells-stale\nscheme 2, B deviating: /);
    if (f?.trace === undefined) throw new Error('no trace written');
    const replay = replayAgainstImpl(f.trace);
    expect(replay.reproduced).toBe(true);
    expect(replay.meta).toMatchObject({ worldSeed: 1, fcSeed: 1, mutant: 'hub-sells-stale', failure: f.text });
    const trace = JSON.parse(readFileSync(f.trace, 'utf8')) as { '#meta': { oracle: { variant: string } } };
    trace['#meta'].oracle.variant = 'no-such-variant';
    const other = join(dir, 'other.itf.json');
    writeFileSync(other, JSON.stringify(trace));
    expect(() => replayAgainstImpl(other)).toThrow(InputError);
  });

  it('the same seed gives the same random runs', () => {
    const once = () => {
      const f = fuzz(B2, { model: model(['A']), seed: 7 }, { runs: 3, seed: 7, maxSteps: 12 });
      return JSON.stringify([f.runs, f.modelSteps, f.adversarySteps, f.actions]);
    };
    expect(once()).toBe(once());
  });
});
