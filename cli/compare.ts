/**
 * `apln compare`'s data: the proposal's variants beside the baselines (model/baselines/) on the same
 * properties, and the locked capital the checker's quantitative query (checker/extremes.ts) measures per
 * design and party, swept over how long B stays away, honest and under the worst coalition. Every verdict
 * comes with its ITF trace (replayable: `apln replay`), every figure with the trace of the path that
 * reaches it (`apln show`). The JSON form is `CompareReport` (schema: model/baselines/README.md).
 */
import { check } from '../checker/check.ts';
import type { AnyModel } from '../checker/model.ts';
import type { Path } from '../checker/result.ts';
import { findModel } from '../checker/registry.ts';
import { holdCltvFor, type BaselineConfig, type BaselineParty } from '../model/baselines/config.ts';
import { BASELINES } from '../model/baselines/designs.ts';
import { withProposalLedger } from '../model/baselines/proposal-lock.ts';
import type { LockLedger } from '../model/baselines/state.ts';
import type { ProtocolConfig } from '../model/config.ts';
import { VARIANTS } from '../model/scheme1/variants.ts';
import { buildTrace, writeTrace } from '../traces/write.ts';
import { buildBaselineVariant } from '../variants/baselines.ts';
import { buildVariant } from '../variants/index.ts';
import { reportRun, type PropertyReport } from './run-report.ts';

const PROPOSAL_ROWS = ['scheme1-direct', 'scheme1-timeout'] as const;
const BASELINE_ROWS = ['lightningrod-hold-invoice', 'lsp-held-htlc', 'plain-lightning'] as const;
type DesignName = (typeof PROPOSAL_ROWS)[number] | (typeof BASELINE_ROWS)[number];

/** What each design asks of its users and of Bitcoin: facts from the design (sources in model/baselines/README.md). */
const DESIGN_FACTS: Record<DesignName, { online: string; bitcoin: string }> = {
  'scheme1-direct': {
    online: 'A 1× (with S), B 1×; A again for step 9 (no deadline); S always',
    bitcoin: 'ANYPREVOUT (eltoo) + Schnorr adaptor signatures',
  },
  'scheme1-timeout': {
    online: 'A 1× (with S), B 1× before the expiry; A back by the pending timeout or it closes; S always',
    bitcoin: 'ANYPREVOUT (eltoo) + Schnorr adaptor signatures',
  },
  'lightningrod-hold-invoice': {
    online: 'A 3× (request, pay, settle), B 2× (register, invoice); S always',
    bitcoin: 'nothing new',
  },
  'lsp-held-htlc': {
    online: "A 1× (+1 to settle before the CLTV, else a forced close), B 1×; A's LSP and B's LSP always",
    bitcoin: 'nothing new',
  },
  'plain-lightning': { online: 'A and B together, once; S always', bitcoin: 'nothing new' },
};

/** One party's figure: the maximum of a quantity over every reachable state, and where it comes from. */
export interface LockFigure {
  readonly satBlocks: number;
  readonly longestBlocks: number;
  /** The lock is still running at the horizon on the maximising path: the real figure is unbounded by the design (≥). */
  readonly atHorizon: boolean;
  /** The coalition of the run that gave the figure ([] = everybody honest). */
  readonly coalition: readonly string[];
  /** The ITF trace of the path reaching `satBlocks` (for `apln show`). */
  readonly traceFile?: string;
}

interface LockRow {
  readonly payeeAwayBlocks: number;
  readonly maxHeight: number;
  readonly honest: { readonly A: LockFigure; readonly S: LockFigure; readonly Arebalanced?: LockFigure };
  readonly worst: { readonly A: LockFigure; readonly S: LockFigure; readonly Arebalanced?: LockFigure };
}

interface DesignReport {
  readonly name: DesignName;
  readonly kind: 'proposal' | 'baseline';
  readonly config: unknown;
  readonly properties: readonly PropertyReport[];
  readonly ok: boolean;
  readonly online: string;
  readonly bitcoin: string;
  /** `proofOfPayment.payerHoldsProof` holds. */
  readonly proofOfPayment: boolean;
  readonly locks: readonly LockRow[];
}

export interface CompareReport {
  readonly sweep: { readonly payeeAwayBlocks: readonly number[]; readonly coalitions: readonly (readonly string[])[] };
  readonly designs: readonly DesignReport[];
  readonly findings: readonly string[];
}

export interface CompareOptions {
  readonly away: readonly number[];
  readonly coalitions: readonly (readonly BaselineParty[])[];
  readonly outDir: string;
}

/** The horizon for a sweep point: room for B's absence twice, the HTLC's CLTV and a few blocks (≤ 12, scheme 1's limit). */
function horizonFor(away: number): number {
  return Math.min(12, 2 * away + 4);
}

function proposalModel(
  name: string,
  away: number,
  deviating: readonly BaselineParty[],
): { model: AnyModel; config: ProtocolConfig } {
  const v = VARIANTS.find((x) => x.name === name)!;
  const config: ProtocolConfig = {
    ...v.defaults,
    mailboxExpiryBlocks: Math.min(8, away + 2),
    maxHeight: horizonFor(away),
    deviating: [...deviating],
  };
  return { model: withProposalLedger(buildVariant(name, config), away), config };
}

function baselineModel(
  name: string,
  away: number,
  deviating: readonly BaselineParty[],
): { model: AnyModel; config: BaselineConfig } {
  const d = BASELINES.find((x) => x.name === name)!;
  const config: BaselineConfig = {
    ...d.defaults,
    payeeAwayBlocks: away,
    holdCltvBlocks: holdCltvFor(d.name, away, d.defaults.forwardDeltaBlocks),
    maxHeight: horizonFor(away),
    deviating: [...deviating],
  };
  return { model: buildBaselineVariant(name, config), config };
}

interface Measured {
  readonly value: number;
  readonly path: Path;
  readonly atHorizon: boolean;
}

function measure(model: AnyModel, maxHeight: number): Map<string, Measured> {
  const r = check(model, { checkDeadlock: false });
  if (!r.complete) throw new Error(`compare: ${model.name} did not finish`);
  const out = new Map<string, Measured>();
  for (const q of r.quantities ?? []) {
    const last = q.max.path.states.at(-1) as { lock: LockLedger; height?: number; p?: { height: number } };
    const height = last.height ?? last.p?.height ?? -1;
    const index = q.name.endsWith('.S') ? 1 : q.name.startsWith('lockedSatBlocksRebalanced') ? 2 : 0;
    out.set(q.name, {
      value: q.max.value,
      path: q.max.path,
      atHorizon: height === maxHeight && (last.lock.run[index] ?? 0) > 0,
    });
  }
  return out;
}

function figure(
  runs: readonly { coalition: readonly string[]; m: Map<string, Measured>; model: AnyModel; config: unknown }[],
  sat: string,
  longest: string,
  outDir: string,
  tag: string,
): LockFigure {
  let best = runs[0]!;
  for (const r of runs) if ((r.m.get(sat)?.value ?? 0) > (best.m.get(sat)?.value ?? 0)) best = r;
  const m = best.m.get(sat)!;
  const longestMax = Math.max(...runs.map((r) => r.m.get(longest)?.value ?? 0));
  const anyHorizon =
    runs.some((r) => r.m.get(longest)?.atHorizon === true && r.m.get(longest)?.value === longestMax) || m.atHorizon;
  const trace = buildTrace(best.model, m.path, {
    run: { model: best.model.name, config: best.config, strategy: 'bfs' },
    subject: {
      property: `${tag}.${sat}`,
      kind: 'sometimes',
      verdict: 'reached',
      message: `maximum ${m.value} (coalition [${best.coalition.join(', ')}])`,
    },
  });
  const traceFile = writeTrace({ dir: outDir, trace });
  return { satBlocks: m.value, longestBlocks: longestMax, atHorizon: anyHorizon, coalition: best.coalition, traceFile };
}

function lockRows(name: DesignName, options: CompareOptions): LockRow[] {
  const proposal = (PROPOSAL_ROWS as readonly string[]).includes(name);
  return options.away.map((away) => {
    const H = horizonFor(away);
    const runs = options.coalitions.map((c) => {
      const { model, config } = proposal ? proposalModel(name, away, c) : baselineModel(name, away, c);
      return { coalition: c as readonly string[], m: measure(model, H), model, config };
    });
    const honestRuns = runs.filter((r) => r.coalition.length === 0);
    const dir = `${options.outDir}/locks-away${away}`;
    const side = (rs: typeof runs, tag: string) => ({
      A: figure(rs, 'lockedSatBlocks.A', 'longestLock.A', dir, tag),
      S: figure(rs, 'lockedSatBlocks.S', 'longestLock.S', dir, tag),
      ...(proposal ? { Arebalanced: figure(rs, 'lockedSatBlocksRebalanced.A', 'longestLock.A', dir, tag) } : {}),
    });
    return { payeeAwayBlocks: away, maxHeight: H, honest: side(honestRuns, 'honest'), worst: side(runs, 'worst') };
  });
}

function verdicts(
  name: DesignName,
  outDir: string,
): { properties: readonly PropertyReport[]; ok: boolean; config: unknown } {
  const entry = findModel(name)!;
  const model = entry.build(entry.defaults);
  const configJson = entry.codec.encode(entry.defaults);
  const result = check(model);
  const r = reportRun({ model, result, configJson, family: entry.family, outDir });
  return { properties: r.properties, ok: r.ok, config: configJson };
}

/** Runs every check and sweep and builds the report. */
export function compare(options: CompareOptions): CompareReport {
  const designs: DesignReport[] = [];
  for (const name of [...PROPOSAL_ROWS, ...BASELINE_ROWS]) {
    const v = verdicts(name, options.outDir);
    designs.push({
      name,
      kind: (PROPOSAL_ROWS as readonly string[]).includes(name) ? 'proposal' : 'baseline',
      config: v.config,
      properties: v.properties,
      ok: v.ok,
      ...DESIGN_FACTS[name],
      proofOfPayment: v.properties.find((p) => p.name === 'proofOfPayment.payerHoldsProof')?.verdict === 'holds',
      locks: lockRows(name, options),
    });
  }
  return {
    sweep: { payeeAwayBlocks: options.away, coalitions: options.coalitions },
    designs,
    findings: findings(designs),
  };
}

function fig(f: LockFigure): string {
  return `${f.atHorizon ? '≥' : ''}${f.satBlocks} sat·blocks, ${f.atHorizon ? '≥' : ''}${f.longestBlocks} blocks`;
}

/** The claim, in words, from the figures (each names the trace of its path). */
function findings(designs: readonly DesignReport[]): string[] {
  const by = (n: string) => designs.find((d) => d.name === n)!;
  const out: string[] = [];
  const last = (d: DesignReport) => d.locks.at(-1);
  const direct = by('scheme1-direct');
  const timeout = by('scheme1-timeout');
  const rod = by('lightningrod-hold-invoice');
  const lsp = by('lsp-held-htlc');
  const ln = by('plain-lightning');
  for (const row of direct.locks) {
    const w = row.payeeAwayBlocks;
    const at = (d: DesignReport) => d.locks.find((x) => x.payeeAwayBlocks === w)!;
    out.push(
      `B away ${w} blocks (horizon ${row.maxHeight}), honest, A's lock: proposal as written ${fig(at(direct).honest.A)} (${at(direct).honest.A.traceFile}); ` +
        `with rebalancing ${fig(at(direct).honest.Arebalanced!)}; timeout variant ${fig(at(timeout).honest.A)} (${at(timeout).honest.A.traceFile}); ` +
        `LightningRod ${fig(at(rod).honest.A)} (${at(rod).honest.A.traceFile}); LSP-held HTLC ${fig(at(lsp).honest.A)} (${at(lsp).honest.A.traceFile}); plain Lightning ${fig(at(ln).honest.A)}.`,
    );
    out.push(
      `B away ${w} blocks, honest, S's lock: proposal ${fig(at(direct).honest.S)}; timeout variant ${fig(at(timeout).honest.S)}; LightningRod ${fig(at(rod).honest.S)}; LSP-held HTLC ${fig(at(lsp).honest.S)}; plain Lightning ${fig(at(ln).honest.S)}.`,
    );
  }
  const d = last(direct);
  const r = last(rod);
  const l = last(lsp);
  if (d !== undefined && r !== undefined && l !== undefined) {
    const lessA = d.honest.A.satBlocks < Math.min(r.honest.A.satBlocks, l.honest.A.satBlocks);
    out.push(
      lessA
        ? `At B away ${d.payeeAwayBlocks}, the proposal locks less of A's capital than both shipped designs.`
        : `At B away ${d.payeeAwayBlocks}, the proposal as written locks MORE of A's capital than LightningRod and the LSP-held HTLC (${fig(d.honest.A)} against ${fig(r.honest.A)} and ${fig(l.honest.A)}): it freezes A's whole channel balance until A returns, where an HTLC locks amt + fee until its CLTV at most.`,
    );
  }
  out.push(
    `Proof of payment for A (proofOfPayment.payerHoldsProof): ${designs.map((x) => `${x.name} ${x.proofOfPayment ? 'yes' : 'no'}`).join(', ')}.`,
  );
  const closes = designs.flatMap((x) =>
    x.properties
      .filter((p) => p.name === 'channelStaysOpen.noForcedClose' && p.verdict === 'violated')
      .map((p) => `${x.name} (${p.traceFile ?? 'no trace'})`),
  );
  if (closes.length > 0)
    out.push(
      `The A–S channel is closed on chain when A stays away past its HTLC's CLTV (channelStaysOpen.noForcedClose violated): ${closes.join(', ')}. The proposal's variants have no HTLC to time out.`,
    );
  out.push(`Who must be online: ${designs.map((x) => `${x.name}: ${x.online}`).join('; ')}.`);
  return out;
}
