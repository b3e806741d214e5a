/**
 * Guard coverage by random-run budget, from one `apln conform --runs MAX --seed S` (the same `conform()` the
 * command runs, defaults for depth and steps): fast-check's first N runs of a seed are the same whatever the
 * run count, so the guards of `--runs N` for each N ≤ MAX are each suite's fixed part (coverage replay, deep
 * paths, guard-directed cases) plus its first N random runs. How bench/README.md's default-budget table is made.
 *
 * Usage: node --import tsx scripts/budget-curve.ts [--seed S] [--runs MAX] [--at 3,10,25,50]
 * Prints one JSON line per N, then the whole run's totals; exit 1 when the run found a divergence or violation.
 */
import { parseArgs } from 'node:util';
import { CONFORM_DEFAULTS } from '../cli/commands/conform.ts';
import { conform } from '../oracle/conform.ts';

const { values } = parseArgs({
  options: { seed: { type: 'string', default: '0' }, runs: { type: 'string' }, at: { type: 'string' } },
});
const seed = Number(values.seed);
const at = (values.at ?? '3,10,25,50').split(',').map(Number);
const max = Number(values.runs ?? Math.max(...at));
if (![seed, max, ...at].every((n) => Number.isSafeInteger(n) && n >= 0) || at.some((n) => n > max)) {
  process.stderr.write('budget-curve: --seed, --runs and --at take integers, each --at at most --runs\n');
  process.exit(2);
}

/** Per suite: the guards of each random run, in order. */
const random = new Map<string, string[][]>();
const started = process.cpuUsage();
const report = conform({
  runs: max,
  seed,
  depth: CONFORM_DEFAULTS.depth,
  maxSteps: CONFORM_DEFAULTS.steps,
  onRandomRun: (suite, _run, guards) => {
    const runs = random.get(suite) ?? [];
    runs.push([...guards]);
    random.set(suite, runs);
  },
});
const cpu = process.cpuUsage(started);

for (const n of at) {
  const reached = new Set<string>();
  let runs = 0;
  for (const s of report.suites) {
    const byRun = random.get(s.suite) ?? [];
    const randomCounts: Record<string, number> = {};
    for (const g of byRun.flat()) randomCounts[g] = (randomCounts[g] ?? 0) + 1;
    // The suite's fixed part: refusals beyond those of its random runs.
    for (const [g, count] of Object.entries(s.guards ?? {})) if (count > (randomCounts[g] ?? 0)) reached.add(g);
    for (const guards of byRun.slice(0, n)) for (const g of guards) reached.add(g);
    runs += s.runs - byRun.length + Math.min(n, byRun.length);
  }
  process.stdout.write(`${JSON.stringify({ seed, runsPerSuite: n, runs, guards: reached.size })}\n`);
}
process.stdout.write(
  `${JSON.stringify({
    seed,
    runsPerSuite: max,
    ok: report.ok,
    runs: report.runs,
    steps: report.steps,
    divergences: report.divergences,
    violations: report.violations,
    guards: Object.keys(report.guardCoverage?.exercised ?? {}).length,
    failures: report.suites.flatMap((s) => s.failures.map((f) => `${s.suite}: ${f.text}`)),
    cpuSeconds: Math.round((cpu.user + cpu.system) / 1e5) / 10,
  })}\n`,
);
process.exitCode = report.ok ? 0 : 1;
