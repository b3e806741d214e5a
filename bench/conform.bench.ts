/**
 * The conformance oracle: the default `apln conform` (every suite, 25 random runs each, coverage to depth 6,
 * 30 steps), each measurement in its own process (`conform-run.ts`): "before" runs the sources through tsx with
 * every public-input memo off (`APLN_TSX=1 APLN_NO_MEMO=1`: how conform ran when the speed work began), "now"
 * from the esbuild bundle with the memos; wall and CPU seconds, runs per second, the CPU ratio, and whether both
 * did the same work (runs and steps equal). For reference, the run pinned at session 4's start (1,326 runs,
 * 8,226 steps, its times as measured then). `--conform=RUNS,DEPTH,STEPS` runs a smaller configuration instead;
 * `--no-before` skips the "before" run.
 */
import { spawnSync } from 'node:child_process';
import { runtimeEnv } from '../bin/runtime-env.mjs';
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

function measure(custom: string | undefined, env: Record<string, string>): ConformRun {
  const child = spawnSync(
    process.execPath,
    [
      path.join(here, 'compiled-run.mjs'),
      path.join(here, 'conform-run.ts'),
      ...(custom === undefined ? [] : custom.split(',')),
    ],
    {
      cwd: path.join(here, '..'),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 24,
      env: runtimeEnv({ ...process.env, ...env }),
    },
  );
  if (child.status !== 0) throw new Error(`conform-run failed with status ${child.status}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as ConformRun;
}

export async function run(args: readonly string[]): Promise<void> {
  const custom = args.find((a) => a.startsWith('--conform='))?.slice('--conform='.length);
  const load = (): string =>
    os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  process.stdout.write(`load average ${load()}\n`);
  const label = custom === undefined ? 'default apln conform' : `--conform=${custom}`;
  const before = args.includes('--no-before') ? undefined : measure(custom, { APLN_TSX: '1', APLN_NO_MEMO: '1' });
  const now = measure(custom, {});
  const row = (name: string, r: { runs: number; steps: number; seconds: number; cpuSeconds: number }) => [
    name,
    fmt(r.runs),
    fmt(r.steps),
    fmt(r.seconds, 1),
    fmt(r.cpuSeconds, 1),
    fmt(r.runs / r.seconds, 1),
    fmt(r.runs / r.cpuSeconds, 1),
  ];
  const rows = [['', 'runs', 'steps', 'wall s', 'CPU s', 'runs/s (wall)', 'runs/s (CPU)']];
  if (before !== undefined) rows.push(row(`before (tsx, no memos), ${label}`, before));
  rows.push(row(`now (bundle, memos), ${label}`, now));
  if (custom === undefined)
    rows.push(
      row('pinned at session 4 start (loaded machine; quiet: 163 s)', {
        runs: PINNED.runs,
        steps: PINNED.steps,
        seconds: PINNED.loadedSeconds,
        cpuSeconds: PINNED.loadedCpuSeconds,
      }),
    );
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const [k, r] of rows.entries()) {
    process.stdout.write(`| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |\n`);
    if (k === 0) process.stdout.write(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n`);
  }
  if (before !== undefined) {
    const same = before.runs === now.runs && before.steps === now.steps && before.ok === now.ok;
    process.stdout.write(
      same
        ? `same runs, steps and outcome before and now; CPU ratio before/now ${fmt(before.cpuSeconds / now.cpuSeconds, 2)}, wall ratio ${fmt(before.seconds / now.seconds, 2)}\n`
        : `RUNS, STEPS OR OUTCOME DIFFER between before (${before.runs} / ${before.steps}) and now (${now.runs} / ${now.steps}): the times do not compare\n`,
    );
  }
  process.stdout.write(`load average after: ${load()}\n`);
}
