/**
 * The two-payment variants (model/multi/): pinned state counts on their defaults and with one payment, the
 * naive stack's counterexample (clause, shortest length, the state it ends in), the payment-outputs
 * design's properties and witnesses, the output-timeout finding, expectations over coalitions, config
 * rejections, the CLI's check → replay round trip, and determinism.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../checker/index.ts';
import { listModels } from '../checker/registry.ts';
import { checkCommand } from '../cli/commands/check.ts';
import { replayCommand } from '../cli/commands/replay.ts';
import { validateCommand } from '../cli/commands/validate.ts';
import { resolveConfig } from '../cli/config.ts';
import { captureIo } from '../cli/io.ts';
import { registryOf } from '../cli/registry.ts';
import { InputError } from '../util/input-error.ts';
import { buildMultiVariant } from './index.ts';
import { multiConfigCodec, type MultiConfig } from '../model/multi/config.ts';
import { buildMachine } from '../model/multi/machine.ts';
import { multiProperties } from '../properties/multi/index.ts';
import { holdsUpdate } from '../model/multi/machine.ts';
import { S, type MultiState } from '../model/multi/state.ts';
import { MULTI_VARIANTS } from '../model/multi/variants.ts';

const STACKED = 'flaw-stacked-payments';
const OUTPUTS = 'scheme1-payment-outputs';
const DEFAULTS = MULTI_VARIANTS[0]!.defaults;

function config(over: Partial<Record<keyof MultiConfig, unknown>>): MultiConfig {
  const r = multiConfigCodec.decode({ ...DEFAULTS, ...over });
  if (r._tag === 'Left') throw new Error(r.left[0]?.message);
  return r.right;
}

function problem(over: Record<string, unknown>): string | undefined {
  const r = multiConfigCodec.decode({ ...DEFAULTS, ...over });
  return r._tag === 'Left' ? r.left[0]?.message : undefined;
}

/** The state a path of choices leads to. */
function endOf(name: string, choices: readonly number[], c?: MultiConfig): MultiState {
  const m = buildMultiVariant(name, c);
  let s = m.init()[0]!;
  for (const i of choices) s = m.next(s, m.actions(s)[i]!);
  return s;
}

describe('the two-payment variants on their defaults', () => {
  const PINNED: Record<string, number> = { [STACKED]: 24155, [OUTPUTS]: 25033 };
  for (const v of MULTI_VARIANTS) {
    it(`${v.name}: explored exhaustively, without a deadlock, to ${PINNED[v.name]} distinct states, every expectation met`, () => {
      const r = check(buildMultiVariant(v.name), { links: 'memory' });
      expect(r.complete).toBe(true);
      expect(r.deadlock).toBeUndefined();
      expect(r.distinctStates).toBe(PINNED[v.name]);
      expect(r.properties.filter((p) => !p.meetsExpectation).map((p) => `${p.name}: ${p.verdict}`)).toEqual([]);
    });
  }

  it('the naive stack lets a sale of s_A^2 alone charge A p_1 with B1 unpaid (9 steps, paidOnlyIfPayeePaid1)', () => {
    const r = check(buildMultiVariant(STACKED), { links: 'memory' });
    const violated = r.properties.filter((p) => p.verdict === 'violated');
    expect(violated.map((p) => p.name)).toEqual(['hubCannotSteal.paidOnlyIfPayeePaid1']);
    const cex = violated[0]!;
    expect(cex.path?.choices.length).toBe(9);
    expect(cex.message).toBe('St(n+2) can become final and charges A p_1 = 3, but B1 was not paid');
    const s = endOf(STACKED, cex.path!.choices);
    expect(s.pay[0]?.ptlc).toBe('none');
    expect(s.pay[1]?.ptlc).toBe('claimed');
    expect(holdsUpdate(s, S, 2)).toBe(true);
    expect(s.chain.update).toBe(-1);
  });

  it('the payment-outputs design keeps every clause and reaches every witness, the output paths included', () => {
    const r = check(buildMultiVariant(OUTPUTS), { links: 'memory' });
    expect(r.properties.filter((p) => p.kind === 'always').every((p) => p.verdict === 'holds')).toBe(true);
    expect(r.properties.filter((p) => p.kind === 'sometimes').map((p) => [p.name, p.verdict])).toEqual([
      ['typeOk.witnessTimePasses', 'reached'],
      ['hubCannotSteal.witnessPaidToFloor', 'reached'],
      ['payeeNotCheated.witnessPayeesPaid', 'reached'],
      ['honestHubLosesNothing.witnessUsablePurchase', 'reached'],
      ['conservation.witnessFundsMoved', 'reached'],
      ['hubCannotSteal.witnessOutputReturned', 'reached'],
      ['honestHubLosesNothing.witnessOutputSpent', 'reached'],
      ['liveness.witnessAllComplete', 'reached'],
      // The horizon probe (informational): a deviating S can leave a race open at the last height.
      ['horizon.raceOpenAtEnd', 'reached'],
    ]);
  });
});

describe('with everybody honest', () => {
  for (const [name, states] of [
    [STACKED, 937],
    [OUTPUTS, 993],
  ] as const) {
    it(`${name}: both payments complete when both payees come in time (liveness.paymentCompletes), ${states} states`, () => {
      const r = check(buildMultiVariant(name, config({ deviating: [] })), { links: 'memory' });
      expect(r.distinctStates).toBe(states);
      expect(r.properties.find((p) => p.name === 'liveness.paymentCompletes')?.verdict).toBe('holds');
      expect(r.properties.filter((p) => !p.meetsExpectation).map((p) => p.name)).toEqual([]);
    });
  }

  it('the naive stack fails even with an honest S: whoever holds U(n+2) complete holds a state that charges A p_1', () => {
    const r = check(buildMultiVariant(STACKED, config({ deviating: [] })), { links: 'memory' });
    expect(r.properties.find((p) => p.name === 'hubCannotSteal.paidOnlyIfPayeePaid1')?.path?.choices.length).toBe(9);
  });
});

describe('with one payment (payments: 1)', () => {
  it('both designs are the single-payment machine: the same 916 states, nothing violated, no output clause', () => {
    for (const name of [STACKED, OUTPUTS]) {
      const r = check(buildMultiVariant(name, config({ payments: 1 })), { links: 'memory' });
      expect(r.distinctStates).toBe(916);
      expect(r.properties.filter((p) => p.verdict === 'violated').map((p) => p.name)).toEqual([]);
      expect(r.properties.map((p) => p.name).filter((n) => n.endsWith('2') || n.includes('Output'))).toEqual([]);
    }
  });
});

describe('the output timeout (spec 06 §3, R-06-14)', () => {
  it("measured from the payment's own expiry (spec 11 §8.2 as first written), an honest S that paid B1 loses output 1 to A (22 steps)", () => {
    const v = MULTI_VARIANTS.find((x) => x.name === OUTPUTS)!;
    const m = buildMachine({
      name: OUTPUTS,
      design: 'outputs',
      config: config({ deviating: [] }),
      properties: multiProperties,
      expect: v.expect,
      ablation: { ownExpiryTimeout: true },
    });
    const r = check(m, { links: 'memory' });
    const p = r.properties.find((x) => x.name === 'honestHubLosesNothing.notTooLate1');
    expect(p?.verdict).toBe('violated');
    expect(p?.message).toBe('S paid B1 but A took output 1 back through its timeout');
    expect(p?.path?.choices.length).toBe(22);
    expect(r.properties.filter((x) => x.verdict === 'violated').map((x) => x.name)).toEqual([
      'honestHubLosesNothing.notTooLate1',
    ]);
  });

  it('without R-06-17 (S closing on its own in time), a deviating A closes late with U(n) and takes output 1 back from an honest S that paid B1 (23 steps)', () => {
    const v = MULTI_VARIANTS.find((x) => x.name === OUTPUTS)!;
    const build = (noHubClose: boolean) =>
      buildMachine({
        name: OUTPUTS,
        design: 'outputs',
        config: config({ deviating: ['A'] }),
        properties: multiProperties,
        expect: v.expect,
        ablation: { noHubClose },
      });
    const without = check(build(true), { links: 'memory' }).properties.find(
      (x) => x.name === 'honestHubLosesNothing.notTooLate1',
    );
    expect(without?.verdict).toBe('violated');
    expect(without?.message).toBe('S paid B1 but A took output 1 back through its timeout');
    expect(without?.path?.choices.length).toBe(23);
    expect(
      check(build(false), { links: 'memory' }).properties.find((x) => x.name === 'honestHubLosesNothing.notTooLate1')
        ?.verdict,
    ).toBe('holds');
  });
});

describe('expectations are rules over the coalition', () => {
  const parties = ['A', 'S', 'B1', 'B2'];
  const coalitions: string[][] = [[], ...parties.map((p) => [p])];
  if (process.env.APLN_LONG === '1')
    for (let i = 0; i < 4; i++) for (let k = i + 1; k < 4; k++) coalitions.push([parties[i]!, parties[k]!]);
  it(`every coalition of up to ${process.env.APLN_LONG === '1' ? 'two parties' : 'one party (two with APLN_LONG=1)'}, with one and two payments, meets every expectation`, () => {
    const misses: string[] = [];
    for (const v of MULTI_VARIANTS) {
      for (const payments of [1, 2]) {
        for (const deviating of coalitions) {
          const r = check(buildMultiVariant(v.name, config({ payments, deviating })), { links: 'memory' });
          const tag = `${v.name} payments ${payments} ${JSON.stringify(deviating)}`;
          if (!r.complete || r.deadlock !== undefined) misses.push(`${tag}: incomplete or deadlock`);
          for (const p of r.properties)
            if (!p.meetsExpectation) misses.push(`${tag}: ${p.name} ${p.verdict}, expected ${p.expected}`);
        }
      }
    }
    expect(misses).toEqual([]);
  }, 600_000);

  const FLAWS = ['payerSkipsFeeCheck', 'payeeRevealsBeforePaid', 'hubSkipsRebindCheck', 'hubChecksFirstExpiry'];
  it(`with each flaw switch (two payments), every coalition of up to ${process.env.APLN_LONG === '1' ? 'two parties' : 'one party'} meets every expectation, and each switch breaks something`, () => {
    const misses: string[] = [];
    const broke = new Set<string>();
    for (const v of MULTI_VARIANTS) {
      for (const flaw of FLAWS) {
        for (const deviating of coalitions) {
          const r = check(buildMultiVariant(v.name, config({ deviating, [flaw]: true })), { links: 'memory' });
          const tag = `${v.name} ${flaw} ${JSON.stringify(deviating)}`;
          if (!r.complete || r.deadlock !== undefined) misses.push(`${tag}: incomplete or deadlock`);
          for (const p of r.properties) {
            if (!p.meetsExpectation) misses.push(`${tag}: ${p.name} ${p.verdict}, expected ${p.expected}`);
            if (p.verdict === 'violated' && p.name !== 'hubCannotSteal.paidOnlyIfPayeePaid1') broke.add(flaw);
          }
        }
      }
    }
    expect(misses).toEqual([]);
    expect([...broke].sort()).toEqual([...FLAWS].sort());
  }, 1_800_000);
});

describe('the two-payment config', () => {
  it('takes the same keys as every other variant, with payments 1..2', () => {
    expect(Object.keys(DEFAULTS)).toEqual([
      'hops',
      'payments',
      'csvDelayBlocks',
      'ptlcTimeoutBlocks',
      'rebindMarginBlocks',
      'hopDeltaBlocks',
      'mailboxExpiryBlocks',
      'deviating',
      'maxHeight',
      'hubMayCrash',
    ]);
    expect(problem({ payments: 1 })).toBeUndefined();
    expect(problem({ payments: 3 })).toBe('expected an integer 1..2, got 3');
  });

  it('rejects routing nodes, crashes, parties it does not model, and the timing rules every variant has', () => {
    expect(problem({ hops: 1 })).toBe(
      'the two-payment variants model direct payments only (S pays each payee itself): expected 0, got 1',
    );
    expect(problem({ hubMayCrash: true })).toBe('the two-payment variants do not model crashes: expected false');
    expect(problem({ deviating: ['B'] })).toBe('unknown party "B" (known: A, S, B1, B2; the mailbox is honest here)');
    expect(problem({ deviating: ['M'] })).toBe('unknown party "M" (known: A, S, B1, B2; the mailbox is honest here)');
    expect(problem({ deviating: ['B1', 'B1'] })).toBe('party "B1" is listed twice');
    expect(problem({ mailboxExpiryBlocks: 1 })).toBe(
      '1 must exceed ptlcTimeoutBlocks 1 (R-02-02), or S could never buy before the expiry',
    );
    expect(problem({ feeSat: 1 })).toMatch(/^unknown key 'feeSat'/);
  });

  it('sorts the coalition into canonical order', () => {
    expect(config({ deviating: ['B2', 'A'] }).deviating).toEqual(['A', 'B2']);
  });

  it('through --set: payments 2 on a one-payment variant names the variants that model two; B1 on one is an unknown party', () => {
    const env = registryOf(listModels());
    const err = (name: string, set: string): unknown => {
      try {
        resolveConfig(env.find(name)!, [set]);
      } catch (e) {
        return e;
      }
      return undefined;
    };
    const e = err('scheme1-direct', 'payments=2');
    expect(e).toBeInstanceOf(InputError);
    expect((e as Error).message).toContain(
      'two payments in flight are modelled only by flaw-stacked-payments and scheme1-payment-outputs',
    );
    expect((err('scheme2-payee-presigned', 'payments=2') as Error).message).toContain(
      'flaw-stacked-payments and scheme1-payment-outputs',
    );
    expect(err(STACKED, 'payments=2')).toBeUndefined();
    expect((err('scheme1-direct', 'deviating=["B1"]') as Error).message).toContain('unknown party "B1"');
  });

  it('through --set: the flaw switches of spec 10 §4 are parameters of the machines that model them, and only there', () => {
    const env = registryOf(listModels());
    const resolved = (name: string, set: string) =>
      resolveConfig(env.find(name)!, [set]).json as Record<string, unknown>;
    for (const flaw of ['payerSkipsFeeCheck', 'payeeRevealsBeforePaid', 'hubSkipsRebindCheck', 'hubChecksFirstExpiry'])
      expect(resolved(OUTPUTS, `${flaw}=true`)[flaw]).toBe(true);
    for (const flaw of ['payeeBundlePlaintext', 'hubRevealsBeforeClaim', 'payerSkipsPointCheck', 'payerSkipsFeeCheck'])
      expect(resolved('scheme2-payee-presigned', `${flaw}=true`)[flaw]).toBe(true);
    expect(() => resolved('scheme2-payee-presigned', 'hubSkipsRebindCheck=true')).toThrow(
      /--set hubSkipsRebindCheck: unknown parameter of scheme2-payee-presigned/,
    );
  });
});

describe('the CLI and determinism', () => {
  it("apln check writes the flaw's counterexample and apln replay reproduces it (exit 0); apln validate sends it there", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apln-multi-'));
    try {
      const env = { registry: registryOf(listModels()) };
      expect(await checkCommand.run([STACKED, '--out', dir], captureIo(), env)).toBe(0);
      const io = captureIo();
      expect(
        await replayCommand.run([join(dir, `${STACKED}.hubCannotSteal.paidOnlyIfPayeePaid1.itf.json`)], io, env),
      ).toBe(0);
      expect(io.stdout()).toContain('replay: all 10 states, actions and picks match the recording');
      expect(io.stdout()).toContain(
        'replay: the verdict reproduces: step 9 violates hubCannotSteal.paidOnlyIfPayeePaid1',
      );
      await expect(
        validateCommand.run([join(dir, `${STACKED}.hubCannotSteal.paidOnlyIfPayeePaid1.itf.json`)], captureIo(), env),
      ).rejects.toThrow(
        "validate checks scheme-1 variants only ('flaw-stacked-payments' is not one); replay a trace apln wrote with apln replay",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('two checks of the same config give the same counts, paths and verdicts', () => {
    const summary = (name: string): string => {
      const r = check(buildMultiVariant(name), { links: 'memory' });
      return JSON.stringify([r.distinctStates, r.properties.map((p) => [p.name, p.verdict, p.path?.choices])]);
    };
    for (const name of [STACKED, OUTPUTS]) expect(summary(name)).toBe(summary(name));
  });
});
