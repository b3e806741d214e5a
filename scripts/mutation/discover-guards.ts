/**
 * Which refusal guard each directed stutter drives the implementation into (issue 10): for every prefix of a
 * scheme-1 suite's payment path (the paid path, A back after it, the split path, the suite's own deep paths),
 * every tamper field and every resend (back × field, each stopping where the choice wraps), one oracle run; prints
 * one JSON line per run: suite, base path, prefix labels, the stutter, the guards its message was refused by, and
 * whether the oracle run passed. oracle/scheme1/guard-cases.ts is chosen from this output (the shortest prefix per
 * guard). Usage: node --import tsx scripts/mutation/discover-guards.ts [suites=1,3,4] [maxField=14] [maxBack=3]
 */
import type { AdversaryCommand } from '../../oracle/scheme1/adversary.ts';
import { SCHEME1_BINDING } from '../../oracle/scheme1/binding.ts';
import { runOracle, SUITES, stepsForLabels, suiteModel } from '../../oracle/index.ts';
import { PAID, SPLIT_PAID } from '../../model/scheme1/paths.ts';
import type { OracleStep } from '../../oracle/index.ts';

const BACK = [...PAID, 'PayerComeBack', 'PayerHubFinish'];

const suites = (process.argv[2] ?? '1,3,4').split(',').map(Number);
const maxField = Number(process.argv[3] ?? 14);
const maxBack = Number(process.argv[4] ?? 3);

for (const n of suites) {
  const suite = SUITES[n - 1];
  if (suite === undefined || !SCHEME1_BINDING.suites.includes(suite)) continue;
  const { model } = suiteModel(suite);
  const bases: [string, readonly string[]][] = [
    ['PAID', PAID],
    ['BACK', BACK],
    ['SPLIT', SPLIT_PAID],
    ...(suite.paths ?? []).map((p, j): [string, readonly string[]] => [`path${j}`, p.labels]),
  ];
  for (const [name, labels] of bases) {
    let path: OracleStep<AdversaryCommand>[];
    try {
      path = stepsForLabels(SCHEME1_BINDING, model, labels);
    } catch {
      continue;
    }
    for (let k = 1; k <= path.length; k++) {
      const run = (cmd: AdversaryCommand): string => {
        const out = runOracle(SCHEME1_BINDING, { model, seed: n - 1 }, [
          ...path.slice(0, k),
          { kind: 'adversary', cmd },
        ]);
        const d = out.driver;
        const guards = d.world.transcript.flatMap((e) =>
          e.kind === 'message' && e.error !== undefined && d.stutters.has(e.envelope.sig) ? [e.error.guard] : [],
        );
        const note = out.records.at(-1)?.note ?? '';
        const line = {
          suite: n,
          base: name,
          prefix: labels.slice(0, k),
          cmd,
          guards,
          ok: out.failure === undefined,
          note,
        };
        console.log(JSON.stringify(line));
        return note;
      };
      const fields = new Set<string>();
      for (let f = 0; f < maxField; f++) {
        const note = run({ kind: 'tamper', field: f });
        if (fields.has(note)) break;
        fields.add(note);
      }
      const backs = new Set<string>();
      for (let b = 0; b < maxBack; b++) {
        const note = run({ kind: 'resend', back: b, field: -1 });
        if (backs.has(note)) break;
        backs.add(note);
        const altered = new Set<string>();
        for (let f = 0; f < maxField; f++) {
          const nt = run({ kind: 'resend', back: b, field: f });
          if (altered.has(nt)) break;
          altered.add(nt);
        }
      }
    }
  }
}
