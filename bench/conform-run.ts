/**
 * One `apln conform` measurement in its own process: prints one JSON line (runs, steps, failures, wall and
 * CPU seconds). Usage: node bench/compiled-run.mjs bench/conform-run.ts [RUNS DEPTH STEPS] (default: apln conform's).
 */
import { CONFORM_DEFAULTS } from '../cli/commands/conform.ts';
import { conform } from '../oracle/conform.ts';

const [runs = CONFORM_DEFAULTS.runs, depth = CONFORM_DEFAULTS.depth, steps = CONFORM_DEFAULTS.steps] = process.argv
  .slice(2)
  .map(Number);
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const r = conform({ runs, seed: CONFORM_DEFAULTS.seed, depth, maxSteps: steps });
const cpu = process.cpuUsage(cpu0);
process.stdout.write(
  `${JSON.stringify({
    runs: r.runs,
    steps: r.steps,
    divergences: r.divergences,
    violations: r.violations,
    ok: r.ok,
    seconds: (performance.now() - t0) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  })}\n`,
);
