/** `apln compare [--away LIST] [--coalitions honest|some] [--out DIR] [--json]`: the proposal beside what ships. */
import type { BaselineParty } from '../../model/baselines/config.ts';
import { InputError } from '../../util/input-error.ts';
import { expectPositionals, parseArgs } from '../args.ts';
import { EXIT, type Command } from '../command.ts';
import { compare, type CompareReport, type LockFigure } from '../compare.ts';
import { padColumns } from '../run-report.ts';
import type { Env } from '../registry.ts';

const FLAGS = {
  away: { kind: 'string' },
  coalitions: { kind: 'string', choices: ['honest', 'some'] },
  out: { kind: 'string' },
  json: { kind: 'boolean' },
} as const;

const usage = `Usage: apln compare [--away 1,2,3] [--coalitions honest|some] [--out DIR] [--json]

The proposal's variants (scheme1-direct, scheme1-timeout) beside LightningRod's hold invoice, the LSP-held
HTLC (LDK / BOLT 12 async payments) and plain Lightning: every property's verdict (traces in DIR, replayable
with apln replay), who must be online, what each needs from Bitcoin, proof of payment, and the locked
capital the checker measures (the maximum over every reachable state of sat·blocks locked and the longest
lock, per party, for B away each of --away blocks; honest, and the worst over the coalitions: --coalitions
some = [], [A], [S], [B], [S,B]). Below the table, what the checker found about the proposal's claim, with
the trace of the path behind each figure (apln show). ≥ marks a lock still running at the horizon.
Options:
  --away LIST   comma-separated payeeAwayBlocks values, 1..4 (default 1,2,3)
  --coalitions  honest | some (default some)
  --out DIR     where traces go (default out/compare)
  --json        one JSON object (schema: model/baselines/README.md)
Exit: 0 every design met its expectations, 1 one did not, 2 bad input.`;

function parseAway(v: string | undefined): number[] {
  if (v === undefined) return [1, 2, 3];
  const out = v.split(',').map((x) => Number(x.trim()));
  if (out.length === 0 || out.some((n) => !Number.isInteger(n) || n < 1 || n > 4))
    throw new InputError('--away', `expected a comma-separated list of integers 1..4, got ${JSON.stringify(v)}`);
  return [...new Set(out)].sort((a, b) => a - b);
}

const SOME: BaselineParty[][] = [[], ['A'], ['S'], ['B'], ['S', 'B']];

function cell(f: LockFigure): string {
  return `${f.atHorizon ? '≥' : ''}${f.satBlocks}/${f.atHorizon ? '≥' : ''}${f.longestBlocks}`;
}

function groupOf(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 ? name : name.slice(0, dot);
}

export function formatCompare(r: CompareReport): string {
  const groups: string[] = [];
  for (const d of r.designs)
    for (const p of d.properties) if (!groups.includes(groupOf(p.name))) groups.push(groupOf(p.name));
  const worstCell = (
    ps: readonly { verdict: string; expected: string; meetsExpectation: boolean; kind: string }[],
  ): string => {
    if (ps.length === 0) return '—';
    const bad = ps.find((p) => !p.meetsExpectation);
    if (bad !== undefined) return `${bad.verdict} ✗`;
    return ps.some((p) => p.verdict === 'violated') ? 'VIOLATED ✓' : 'holds ✓';
  };
  const head = ['design', ...groups, 'proof', 'Bitcoin needs'];
  const rows = r.designs.map((d) => [
    d.name,
    ...groups.map((g) => worstCell(d.properties.filter((p) => groupOf(p.name) === g))),
    d.proofOfPayment ? 'yes' : 'no',
    d.bitcoin,
  ]);
  const lines = padColumns([head, ...rows]);
  lines.push('', 'who must be online:');
  for (const d of r.designs) lines.push(`  ${d.name}: ${d.online}`);
  lines.push(
    '',
    'locked capital: max sat·blocks / longest lock in blocks, per party (A = payer, S = its hub/LSP); ≥: still locked at the horizon',
  );
  const lh = [
    'design',
    'B away',
    'horizon',
    'A honest',
    'A worst',
    'S honest',
    'S worst',
    'A rebalanced honest',
    'worst coalition for A',
  ];
  const lr: string[][] = [];
  for (const d of r.designs) {
    for (const row of d.locks) {
      lr.push([
        d.name,
        String(row.payeeAwayBlocks),
        String(row.maxHeight),
        cell(row.honest.A),
        cell(row.worst.A),
        cell(row.honest.S),
        cell(row.worst.S),
        row.honest.Arebalanced === undefined ? '—' : cell(row.honest.Arebalanced),
        `[${row.worst.A.coalition.join(',')}]`,
      ]);
    }
  }
  lines.push(...padColumns([lh, ...lr]));
  lines.push(
    '',
    'what the checker found about the claim ("funds have to be locked up longer than usual. We can do better"):',
  );
  for (const f of r.findings) lines.push(`- ${f}`);
  const failed = r.designs.filter((d) => !d.ok).map((d) => d.name);
  lines.push(
    '',
    failed.length === 0 ? `ok: all ${r.designs.length} designs met their expectations` : `FAILED: ${failed.join(', ')}`,
  );
  return `${lines.join('\n')}\n`;
}

export const compareCommand: Command = {
  name: 'compare',
  summary: 'the proposal beside LightningRod, the LSP-held HTLC and plain Lightning: properties and locked capital',
  usage,
  async run(args, io, _env: Env) {
    const { flags, positionals, help } = parseArgs(args, FLAGS, 'compare');
    if (help) {
      io.out(`${usage}\n`);
      return EXIT.ok;
    }
    expectPositionals(positionals, { command: 'compare', names: [] });
    const report = compare({
      away: parseAway(flags.away),
      coalitions: flags.coalitions === 'honest' ? [[]] : SOME,
      outDir: flags.out ?? 'out/compare',
    });
    io.out(flags.json === true ? `${JSON.stringify(report)}\n` : formatCompare(report));
    return report.designs.every((d) => d.ok) ? EXIT.ok : EXIT.failed;
  },
};
