/**
 * The conformance oracle: the default `apln conform` (every suite, 25 random runs each, coverage to depth 6,
 * 30 steps) in its own process (`conform-run.ts`), wall and CPU seconds, runs per second, and whether its
 * runs and steps are still the figures pinned when the speed work began (1,326 runs, 8,226 steps: the same
 * work, so the times compare). Before: the pinned run on main at the start of session 4 (its times as
 * measured then). Flags: `--conform=RUNS,DEPTH,STEPS` runs a smaller configuration instead (no pinned
 * figures to compare with).
 */
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** `apln conform --json` on main at ab72731 (session 4's start): runs, steps; its time on the quiet machine (issue 14) and under that morning's load. */
const PINNED = { runs: 1326, steps: 8226, quietSeconds: 163, loadedSeconds: 1018, loadedCpuSeconds: 366.6 };

interface ConformRun {
  runs: number;
  steps: number;
  ok: boolean;
  seconds: number;
  cpuSeconds: number;
}

const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export async function run(args: readonly string[]): Promise<void> {
  const custom = args.find((a) => a.startsWith('--conform='))?.slice('--conform='.length);
  const load = (): string =>
    os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  process.stdout.write(`load average ${load()}\n`);
  const child = spawnSync(
    process.execPath,
    [
      path.join(here, 'compiled-run.mjs'),
      path.join(here, 'conform-run.ts'),
      ...(custom === undefined ? [] : custom.split(',')),
    ],
    { cwd: path.join(here, '..'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 },
  );
  if (child.status !== 0) throw new Error(`conform-run failed with status ${child.status}`);
  const r = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as ConformRun;
  const rows = [
    ['', 'runs', 'steps', 'wall s', 'CPU s', 'runs/s (wall)', 'runs/s (CPU)'],
    [
      custom === undefined ? 'now (default apln conform)' : `now (--conform=${custom})`,
      fmt(r.runs),
      fmt(r.steps),
      fmt(r.seconds, 1),
      fmt(r.cpuSeconds, 1),
      fmt(r.runs / r.seconds, 1),
      fmt(r.runs / r.cpuSeconds, 1),
    ],
  ];
  if (custom === undefined)
    rows.push([
      'pinned at session 4 start (loaded machine; quiet: 163 s)',
      fmt(PINNED.runs),
      fmt(PINNED.steps),
      fmt(PINNED.loadedSeconds, 1),
      fmt(PINNED.loadedCpuSeconds, 1),
      fmt(PINNED.runs / PINNED.loadedSeconds, 1),
      fmt(PINNED.runs / PINNED.loadedCpuSeconds, 1),
    ]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  for (const [k, row] of rows.entries()) {
    process.stdout.write(`| ${row.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |\n`);
    if (k === 0) process.stdout.write(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n`);
  }
  if (custom === undefined) {
    const same = r.runs === PINNED.runs && r.steps === PINNED.steps;
    process.stdout.write(
      same
        ? `same runs and steps as pinned; CPU ratio pinned/now ${fmt(PINNED.loadedCpuSeconds / r.cpuSeconds, 2)}\n`
        : `RUNS OR STEPS DIFFER from the pinned ${PINNED.runs} / ${PINNED.steps}: the oracle's work changed, times do not compare\n`,
    );
  }
  process.stdout.write(`load average after: ${load()}\n`);
}
