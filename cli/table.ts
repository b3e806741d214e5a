/**
 * The designers' table: variants (rows) × properties (columns). A cell is `holds ✓`, `VIOLATED ✓` (a
 * violation the variant is meant to have), `violated ✗`, `unknown ✗`, `reached ✓`, …, or `—` when the
 * property is not in that variant.
 *
 * Properties named `group.clause` (STYLE.md 7: conjunctions split so a violation names the clause) are
 * shown one column per group, so the table stays readable: the cell is the group's worst clause (an unmet
 * expectation first, then an expected violation, then the rest). Below the table, every violated clause
 * and every unmet expectation is listed by name with its trace file, then how many witness traces were
 * written.
 *
 * What a verdict covers: the `holds up to` column gives the block height every explored run stops at (the
 * config's `maxHeight`) and says `partial` when the exploration did not finish; a footnote lists what each
 * variant's model assumes away (the registration's declared list, variants/abstractions.ts), then what
 * each of those names means.
 */
import type { Abstraction } from '../checker/registry.ts';
import { padColumns, verdictCell, type PropertyReport, type RunReport } from './run-report.ts';

/**
 * `height 12`, `height 12, partial`, or `all`/`partial` for a model with no `maxHeight`; then `, race open` when
 * some run ends at the horizon with a race undecided (the model's horizon probe), `, race open?` when not known.
 */
function horizonCell(r: RunReport): string {
  const h = r.horizon.maxHeight;
  const race = r.horizon.raceOpen === true ? ', race open' : r.horizon.raceOpen === 'unknown' ? ', race open?' : '';
  if (h === undefined) return (r.horizon.complete ? 'all runs' : 'partial') + race;
  return (r.horizon.complete ? `height ${h}` : `height ${h}, partial`) + race;
}

/** Variants grouped by the same list of abstraction names, in first-seen order. */
function byList(reports: readonly RunReport[]): [string, string[]][] {
  const groups = new Map<string, string[]>();
  for (const r of reports) {
    const key = (r.abstracts ?? []).map((a) => a.name).join(', ');
    groups.set(key, [...(groups.get(key) ?? []), r.model]);
  }
  return [...groups.entries()];
}

/** Comma-separated words, wrapped under 116 columns. */
function wrap(words: readonly string[], indent: string): string[] {
  const out: string[] = [];
  let line = '';
  for (const w of words) {
    if (line !== '' && indent.length + line.length + w.length + 2 > 116) {
      out.push(`${indent}${line},`);
      line = '';
    }
    line = line === '' ? w : `${line}, ${w}`;
  }
  if (line !== '') out.push(`${indent}${line}`);
  return out;
}

/** Below the table: what each variant assumes away, then the names' meanings. */
function abstractionLines(reports: readonly RunReport[]): string[] {
  const withList = reports.filter((r) => r.abstracts !== undefined && r.abstracts.length > 0);
  if (withList.length === 0) return [];
  const legend = new Map<string, Abstraction>();
  for (const r of withList) for (const a of r.abstracts ?? []) if (!legend.has(a.summary)) legend.set(a.summary, a);
  return [
    '',
    "what a 'holds' covers: no run the model can express, up to the height in 'holds up to', breaks it;",
    'what each model assumes away (spec/11-open-questions.md §14: which verdicts that makes true by construction):',
    ...byList(withList).flatMap(([names, models]) => [`  ${names}:`, ...wrap(models, '    ')]),
    '',
    ...padColumns([...legend.values()].map((a) => [`  ${a.name}`, a.summary])),
  ];
}

function groupOf(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 ? name : name.slice(0, dot);
}

/** Lower is shown first: unmet expectations, then expected violations, then holds/reached. */
function rank(p: PropertyReport): number {
  if (!p.meetsExpectation) return p.verdict === 'violated' ? 0 : p.verdict === 'unknown' ? 1 : 2;
  if (p.verdict === 'violated') return 3;
  if (p.kind === 'sometimes') return 5;
  return 4;
}

function groupCell(clauses: readonly PropertyReport[]): string {
  if (clauses.length === 0) return '—';
  const worst = [...clauses].sort((a, b) => rank(a) - rank(b))[0] as PropertyReport;
  return verdictCell(worst);
}

export function formatTable(reports: readonly RunReport[]): string {
  const columns: string[] = [];
  for (const r of reports)
    for (const p of r.properties) if (!columns.includes(groupOf(p.name))) columns.push(groupOf(p.name));
  const hasDeadlock = reports.some((r) => r.deadlock !== undefined);
  const header = ['variant', 'holds up to', ...columns, ...(hasDeadlock ? ['deadlock'] : []), 'all met'];
  const rows = reports.map((r) => [
    r.model,
    horizonCell(r),
    ...columns.map((c) => groupCell(r.properties.filter((p) => groupOf(p.name) === c))),
    ...(hasDeadlock ? [r.deadlock === undefined ? 'none ✓' : 'found ✗'] : []),
    r.ok ? 'yes' : r.complete ? 'NO' : `NO (${r.stoppedBy ?? 'incomplete'})`,
  ]);
  const lines = padColumns([header, ...rows]);
  lines.push(...abstractionLines(reports));

  const notable: string[][] = [];
  for (const r of reports) {
    for (const p of r.properties) {
      if (p.verdict === 'violated' || !p.meetsExpectation)
        notable.push([`  ${r.model}`, p.name, verdictCell(p), p.traceFile ?? '']);
    }
    if (r.deadlock !== undefined) notable.push([`  ${r.model}`, 'deadlock', 'found ✗', r.deadlock.traceFile ?? '']);
  }
  if (notable.length > 0)
    lines.push(
      '',
      'violations and unmet expectations (VIOLATED ✓ = the variant is meant to violate it):',
      ...padColumns(notable),
    );
  const witnesses = reports.flatMap((r) =>
    r.properties.filter((p) => p.verdict === 'reached' && p.traceFile !== undefined),
  );
  if (witnesses.length > 0) {
    const dirs = [...new Set(witnesses.map((p) => (p.traceFile as string).replace(/[^/\\]*$/, '')))];
    lines.push(
      '',
      `witness traces written: ${witnesses.length} (reached), as <variant>.<property>.itf.json in ${dirs.join(', ')}`,
    );
  }
  const failed = reports.filter((r) => !r.ok).map((r) => r.model);
  lines.push(
    '',
    failed.length === 0
      ? `ok: all ${reports.length} variants met their expectations`
      : `FAILED: ${failed.join(', ')} did not meet their expectations`,
  );
  return `${lines.join('\n')}\n`;
}
