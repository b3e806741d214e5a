/**
 * `apln coalitions`: a variant checked with every subset of its parties as the deviating coalition, reduced
 * per clause to held / violated / held only vacuously (the protected party deviates: never counted as
 * holding), the minimal violating and maximal withstood coalitions, and the non-monotone cases (a coalition
 * breaks a clause that a larger one, its protected party still honest, does not). No monotonicity is assumed:
 * every subset is checked.
 */
import type { PointOutcome, PointTask } from './point.ts';
import { allCoalitions, coalitionName } from './parties.ts';
import { describeProtected, isVacuous, protectedBy, type Protected } from './protects.ts';

type CoalitionVerdict = 'holds' | 'violated' | 'vacuous' | 'unknown';

/** One (coalition, clause) cell; the JSON schema is in analysis/README.md. */
interface CoalitionRow {
  readonly coalition: readonly string[];
  readonly clause: string;
  /** `vacuous`: held (or not asked) while the protected party deviates. */
  readonly verdict: CoalitionVerdict;
  /** The protected party is in the coalition (a violation can be vacuous too). */
  readonly vacuous: boolean;
  /** Distinct states of this coalition's run. */
  readonly states: number;
  readonly steps?: number;
  readonly traceFile?: string;
  readonly message?: string;
}

export interface ClauseSummary {
  readonly clause: string;
  readonly kind: string;
  readonly protects: Protected;
  readonly held: number;
  readonly violated: number;
  readonly vacuous: number;
  readonly unknown: number;
  /** Violating coalitions none of whose proper subsets violates. */
  readonly minimalViolating: readonly (readonly string[])[];
  /** Coalitions that hold it (non-vacuously) none of whose proper supersets does. */
  readonly maximalWithstood: readonly (readonly string[])[];
  /** A violating coalition inside a larger one that holds it non-vacuously. */
  readonly nonMonotone: readonly { readonly violatedBy: readonly string[]; readonly heldBy: readonly string[] }[];
}

export interface CoalitionResult {
  readonly format: 'apln-coalitions';
  readonly version: 1;
  readonly variant: string;
  /** The config's JSON form, without `deviating`. */
  readonly config: Readonly<Record<string, unknown>>;
  readonly parties: readonly string[];
  /** Coalitions checked / asked for. */
  readonly checked: number;
  readonly total: number;
  /** Interrupted or out of time: `checked < total`, and the summaries cover only the checked ones. */
  readonly partial: boolean;
  readonly clauses: readonly ClauseSummary[];
  readonly rows: readonly CoalitionRow[];
}

/** The coalitions to check (every subset unless `only` is given) and their tasks. */
export function coalitionTasks(
  variant: string,
  config: Readonly<Record<string, unknown>>,
  parties: readonly string[],
  options: { readonly only?: readonly (readonly string[])[]; readonly outDir?: string } = {},
): { coalitions: string[][]; tasks: PointTask[] } {
  const coalitions =
    options.only === undefined ? allCoalitions(parties) : options.only.map((c) => parties.filter((p) => c.includes(p)));
  const tasks = coalitions.map((c) => ({
    variant,
    config: { ...config, deviating: c },
    ...(options.outDir === undefined
      ? {}
      : { traceDir: `${options.outDir}/${variant}/${c.length === 0 ? 'none' : c.join('+')}` }),
  }));
  return { coalitions, tasks };
}

const subset = (a: readonly string[], b: readonly string[]): boolean => a.every((x) => b.includes(x));
const proper = (a: readonly string[], b: readonly string[]): boolean => a.length < b.length && subset(a, b);

/** Assembles the result from the outcomes (in coalition order; `undefined` = not run). */
export function coalitionResult(
  variant: string,
  config: Readonly<Record<string, unknown>>,
  parties: readonly string[],
  coalitions: readonly (readonly string[])[],
  outcomes: readonly (PointOutcome | undefined)[],
): CoalitionResult {
  const { deviating: _drop, ...base } = config;
  const clauseOrder: { clause: string; kind: string }[] = [];
  for (const o of outcomes)
    for (const c of o?.clauses ?? [])
      if (!clauseOrder.some((x) => x.clause === c.clause)) clauseOrder.push({ clause: c.clause, kind: c.kind });
  const rows: CoalitionRow[] = [];
  const clauses: ClauseSummary[] = [];
  for (const { clause, kind } of clauseOrder) {
    const protects = protectedBy(clause);
    if (protects === undefined)
      throw new Error(`analysis/protects.ts has no entry for clause '${clause}' of ${variant}`);
    const mine: CoalitionRow[] = [];
    coalitions.forEach((coalition, i) => {
      const o = outcomes[i];
      if (o === undefined) return;
      const vacuous = isVacuous(protects, coalition, parties);
      const c = o.clauses.find((x) => x.clause === clause);
      let verdict: CoalitionVerdict;
      if (c === undefined) verdict = vacuous ? 'vacuous' : 'unknown';
      else if (c.verdict === 'holds') verdict = vacuous ? 'vacuous' : 'holds';
      else verdict = c.verdict;
      mine.push({
        coalition,
        clause,
        verdict,
        vacuous,
        states: o.states,
        ...(c?.steps === undefined ? {} : { steps: c.steps }),
        ...(c?.traceFile === undefined ? {} : { traceFile: c.traceFile }),
        ...(c === undefined && !vacuous
          ? { message: 'not asked by the model for this coalition' }
          : c?.message === undefined
            ? {}
            : { message: c.message }),
      });
    });
    const violating = mine.filter((r) => r.verdict === 'violated').map((r) => r.coalition);
    const holding = mine.filter((r) => r.verdict === 'holds').map((r) => r.coalition);
    const minimalViolating = violating.filter((c) => !violating.some((d) => proper(d, c)));
    const maximalWithstood = holding.filter((c) => !holding.some((d) => proper(c, d)));
    const nonMonotone: { violatedBy: readonly string[]; heldBy: readonly string[] }[] = [];
    for (const v of minimalViolating)
      for (const h of maximalWithstood) if (proper(v, h)) nonMonotone.push({ violatedBy: v, heldBy: h });
    const count = (v: CoalitionVerdict): number => mine.filter((r) => r.verdict === v).length;
    clauses.push({
      clause,
      kind,
      protects,
      held: count('holds'),
      violated: count('violated'),
      vacuous: count('vacuous'),
      unknown: count('unknown'),
      minimalViolating,
      maximalWithstood,
      nonMonotone,
    });
    rows.push(...mine);
  }
  const checked = outcomes.filter((o) => o !== undefined).length;
  return {
    format: 'apln-coalitions',
    version: 1,
    variant,
    config: base,
    parties,
    checked,
    total: coalitions.length,
    partial: checked < coalitions.length,
    clauses,
    rows,
  };
}

const list = (cs: readonly (readonly string[])[]): string => cs.map(coalitionName).join(', ');

/** One line per clause, in the manner of Tamarin's summary. */
export function clauseLine(s: ClauseSummary, parties: readonly string[]): string {
  const who = describeProtected(s.protects);
  const counts = `${s.held} held, ${s.violated} violated, ${s.vacuous} vacuous${s.unknown > 0 ? `, ${s.unknown} unknown` : ''}`;
  let verdict: string;
  if (s.violated === 0 && s.unknown === 0) {
    const without =
      s.protects === 'everyone'
        ? 'when nobody deviates'
        : Array.isArray(s.protects) && s.protects.length > 0
          ? `without ${s.protects.join(' or ')}`
          : s.protects === 'routers'
            ? 'leaving a router honest'
            : '';
    verdict = `holds against every coalition${without === '' ? '' : ` ${without}`}`;
  } else if (s.violated === 0) {
    verdict = 'not violated by any checked coalition, but some verdicts are unknown';
  } else {
    const withstood =
      s.maximalWithstood.length === 0 ? 'withstands no coalition' : `withstands at most ${list(s.maximalWithstood)}`;
    verdict = `violated by ${list(s.minimalViolating)} (minimal); ${withstood}`;
  }
  void parties;
  return `${s.clause} (protects ${who}): ${verdict} [${counts}]`;
}

/** The text report. */
export function formatCoalitions(r: CoalitionResult): string {
  const lines: string[] = [];
  lines.push(`${r.variant}  config ${JSON.stringify(r.config)}`);
  lines.push(
    `parties ${r.parties.join(', ')}: ${r.checked} of ${r.total} coalitions checked${r.partial ? ' (PARTIAL: interrupted or out of time; summaries cover the checked ones only)' : ''}`,
  );
  lines.push('');
  for (const s of r.clauses) lines.push(clauseLine(s, r.parties));
  const findings = r.clauses.flatMap((s) =>
    s.nonMonotone.map(
      (n) =>
        `  ${s.clause}: ${coalitionName(n.violatedBy)} violates it, the larger ${coalitionName(n.heldBy)} withstands it (protected party honest)`,
    ),
  );
  lines.push(
    '',
    findings.length === 0 ? 'non-monotone cases: none' : `non-monotone cases (findings): ${findings.length}`,
    ...findings,
  );
  const traces = r.rows.filter((x) => x.verdict === 'violated' && x.traceFile !== undefined).length;
  lines.push(`${traces} counterexample trace${traces === 1 ? '' : 's'} written`);
  return `${lines.join('\n')}\n`;
}

/** Verdict changes between a stored result and a fresh one: `coalition clause: stored → now`. */
export function verdictChanges(stored: CoalitionResult, fresh: CoalitionResult): string[] {
  const key = (r: CoalitionRow): string => `${coalitionName(r.coalition)} ${r.clause}`;
  const now = new Map(fresh.rows.map((r) => [key(r), r]));
  const out: string[] = [];
  for (const r of stored.rows) {
    const f = now.get(key(r));
    if (f === undefined) out.push(`${key(r)}: ${r.verdict} → not checked`);
    else if (f.verdict !== r.verdict || f.vacuous !== r.vacuous)
      out.push(
        `${key(r)}: ${r.verdict}${r.vacuous ? ' (vacuous)' : ''} → ${f.verdict}${f.vacuous ? ' (vacuous)' : ''}`,
      );
    now.delete(key(r));
  }
  for (const k of now.keys()) out.push(`${k}: not stored → ${now.get(k)?.verdict}`);
  return out;
}
