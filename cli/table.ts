/**
 * The designers' table: variants (rows) × properties (columns). A cell is `holds ✓`, `VIOLATED ✓` (a
 * violation the variant is meant to have), `violated ✗`, `unknown ✗`, `reached ✓`, …, or `—` when the
 * property is not in that variant. Then the trace files written.
 */
import { padColumns, verdictCell, type RunReport } from './run-report.ts';

export function formatTable(reports: readonly RunReport[]): string {
  const columns: string[] = [];
  for (const r of reports) for (const p of r.properties) if (!columns.includes(p.name)) columns.push(p.name);
  const hasDeadlock = reports.some((r) => r.deadlock !== undefined);
  const header = ['variant', ...columns, ...(hasDeadlock ? ['deadlock'] : []), 'all met'];
  const rows = reports.map((r) => [
    r.model,
    ...columns.map((c) => {
      const p = r.properties.find((x) => x.name === c);
      return p === undefined ? '—' : verdictCell(p);
    }),
    ...(hasDeadlock ? [r.deadlock === undefined ? 'none ✓' : 'found ✗'] : []),
    r.ok ? 'yes' : r.complete ? 'NO' : `NO (${r.stoppedBy ?? 'incomplete'})`,
  ]);
  const lines = padColumns([header, ...rows]);
  const files = reports.flatMap((r) => [
    ...r.properties.flatMap((p) => (p.traceFile === undefined ? [] : [`  ${p.traceFile}  (${p.name}: ${p.verdict})`])),
    ...(r.deadlock?.traceFile === undefined ? [] : [`  ${r.deadlock.traceFile}  (deadlock)`]),
  ]);
  if (files.length > 0) lines.push('', 'traces written:', ...files);
  const failed = reports.filter((r) => !r.ok).map((r) => r.model);
  lines.push(
    '',
    failed.length === 0 ? `ok: all ${reports.length} variants met their expectations` : `FAILED: ${failed.join(', ')} did not meet their expectations`,
  );
  return `${lines.join('\n')}\n`;
}
