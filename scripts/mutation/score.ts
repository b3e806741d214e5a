/**
 * The mutation score that counts (issue 10): killed among the NON-equivalent mutants of a Stryker JSON report
 * (out/mutation/mutation.json), per file and in all, with the equivalent ones taken from equivalents.ts (each
 * argued in EQUIVALENTS.md). A mutant matches an equivalence row by its guard (the first `file:reason` literal
 * from its line on, as the oracle runner aims its runs), its mutated source text and its replacement.
 */
import { InputError } from '../../util/input-error.ts';
import type { EquivalentMutant } from './equivalents.ts';

interface ReportMutant {
  readonly status: string;
  readonly replacement?: string;
  readonly location: {
    readonly start: { line: number; column: number };
    readonly end: { line: number; column: number };
  };
}
interface Report {
  readonly files: Readonly<Record<string, { readonly source: string; readonly mutants: readonly ReportMutant[] }>>;
}

export interface FileScore {
  readonly file: string;
  readonly killed: number;
  readonly survived: number;
  readonly noCoverage: number;
  /** Not killed, and argued equivalent. */
  readonly equivalent: number;
  /** Killed of the non-equivalent (killed + not killed and not argued). */
  readonly score: number;
}

/** A mutant as the score names it: where, which guard, what was replaced by what. */
export interface NamedMutant {
  readonly at: string;
  readonly guard: string;
  readonly operand: string;
  readonly to: string;
  readonly status: string;
}

export interface MutationScore {
  readonly files: readonly FileScore[];
  readonly all: FileScore;
  /** Survivors and unreached mutants no equivalence row argues: the oracle's blind spots. */
  readonly unargued: readonly NamedMutant[];
  /** Equivalence rows that matched a killed mutant: their argument is wrong, or the code changed under them. */
  readonly killedButListed: readonly (NamedMutant & { readonly entry: number })[];
}

const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();

/**
 * The guard id (`file:reason`) a mutant on 1-based line `line` belongs to: the first guard literal from that line
 * on, within 14 lines (the oracle runner aims a mutant's runs by the same rule).
 */
export function guardAt(lines: readonly string[], line: number): string | undefined {
  for (let i = line - 1; i < Math.min(lines.length, line + 13); i++) {
    const g = /'([a-z0-9-]+:[a-z0-9-]+)'/.exec(lines[i] ?? '');
    if (g !== null) return g[1];
  }
  return undefined;
}

function describeMutant(file: string, lines: readonly string[], m: ReportMutant): NamedMutant {
  const { start, end } = m.location;
  const guard = guardAt(lines, start.line) ?? '?';
  const text =
    start.line === end.line
      ? (lines[start.line - 1] ?? '').slice(start.column - 1, end.column - 1)
      : [
          (lines[start.line - 1] ?? '').slice(start.column - 1),
          ...lines.slice(start.line, end.line - 1),
          (lines[end.line - 1] ?? '').slice(0, end.column - 1),
        ].join('\n');
  return {
    at: `${file}:${start.line}:${start.column}`,
    guard,
    operand: collapse(text),
    to: m.replacement ?? '?',
    status: m.status,
  };
}

/** Checks the parts of a Stryker JSON report the score reads; `where` names the file in the error. */
export function parseReport(raw: unknown, where: string): Report {
  const r = raw as Partial<Report> | null;
  if (r === null || typeof r !== 'object' || typeof r.files !== 'object' || r.files === null)
    throw new InputError(where, 'not a Stryker JSON report (no "files" object)');
  for (const [file, f] of Object.entries(r.files)) {
    if (typeof f?.source !== 'string' || !Array.isArray(f.mutants))
      throw new InputError(`${where}: files.${file}`, 'expected "source" (string) and "mutants" (array)');
    f.mutants.forEach((m, i) => {
      const loc = (m as Partial<ReportMutant>)?.location;
      if (typeof m?.status !== 'string' || typeof loc?.start?.line !== 'number' || typeof loc?.end?.line !== 'number')
        throw new InputError(`${where}: files.${file}.mutants.${i}`, 'expected "status" and "location" with lines');
    });
  }
  return r as Report;
}

/** The score of `report` with `equivalents` argued. */
export function mutationScore(report: Report, equivalents: readonly EquivalentMutant[]): MutationScore {
  const key = (guard: string, operand: string, to: string): string => `${guard}\u0000${operand}\u0000${to}`;
  const rows = new Map(equivalents.map((e) => [key(e.guard, collapse(e.operand), e.to), e]));
  const files: FileScore[] = [];
  const unargued: NamedMutant[] = [];
  const killedButListed: (NamedMutant & { entry: number })[] = [];
  for (const [file, f] of Object.entries(report.files)) {
    const lines = f.source.split('\n');
    let killed = 0;
    let survived = 0;
    let noCoverage = 0;
    let equivalent = 0;
    for (const m of f.mutants) {
      if (m.status === 'Ignored' || m.status === 'CompileError' || m.status === 'RuntimeError') continue;
      const named = describeMutant(file, lines, m);
      const row = rows.get(key(named.guard, named.operand, named.to));
      if (m.status === 'Killed' || m.status === 'Timeout') {
        killed++;
        if (row !== undefined) killedButListed.push({ ...named, entry: row.entry });
        continue;
      }
      if (m.status === 'Survived') survived++;
      else noCoverage++;
      if (row !== undefined) equivalent++;
      else unargued.push(named);
    }
    const total = killed + survived + noCoverage - equivalent;
    files.push({ file, killed, survived, noCoverage, equivalent, score: total === 0 ? 1 : killed / total });
  }
  const sum = (k: 'killed' | 'survived' | 'noCoverage' | 'equivalent'): number => files.reduce((n, f) => n + f[k], 0);
  const total = sum('killed') + sum('survived') + sum('noCoverage') - sum('equivalent');
  const all: FileScore = {
    file: 'all',
    killed: sum('killed'),
    survived: sum('survived'),
    noCoverage: sum('noCoverage'),
    equivalent: sum('equivalent'),
    score: total === 0 ? 1 : sum('killed') / total,
  };
  return { files, all, unargued, killedButListed };
}

/** The score as text lines: the table, then each unargued mutant and each listed one that was killed. */
export function formatScore(s: MutationScore): string[] {
  const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
  const row = (f: FileScore): string =>
    `| ${f.file} | ${f.killed} | ${f.survived} | ${f.noCoverage} | ${f.equivalent} | ${f.killed} of ${f.killed + f.survived + f.noCoverage - f.equivalent} | ${pct(f.score)} |`;
  return [
    '| file | killed | survived | no coverage | argued equivalent | killed of non-equivalent | score |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...s.files.map(row),
    row(s.all).replace('| all |', '| **all** |'),
    '',
    `not killed and not argued equivalent (${s.unargued.length}):`,
    ...s.unargued.map((m) => `  ${m.at} ${m.guard}: ${m.operand} -> ${m.to} (${m.status})`),
    ...(s.killedButListed.length === 0
      ? []
      : [
          `listed as equivalent but killed (${s.killedButListed.length}): check the argument or the row`,
          ...s.killedButListed.map((m) => `  ${m.at} ${m.guard}: ${m.operand} -> ${m.to} (EQUIVALENTS.md ${m.entry})`),
        ]),
  ];
}
