/**
 * The checker on TwoPhase (examples/two-phase): distinct and generated states per second, bytes per
 * stored state (from the typed arrays' byteLength), peak RSS and seconds, single-threaded, each run in
 * its own process. Beside it, Spin's compiled verifier on the same model (bench/two-phase-promela.ts)
 * when `spin` and `gcc` are installed. Flags: `--big` adds rm=10 (past 2^24 distinct states);
 * `--rm=N` sets the main model size (default 8); `--repeat=N` runs each rm=8 row N times (default 3)
 * and keeps the fastest (the machine is shared, so single runs are noisy).
 */
import { spawnSync } from 'node:child_process';
import { runtimeEnv } from '../bin/runtime-env.mjs';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { twoPhasePromela } from './two-phase-promela.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

interface Row {
  readonly tool: string;
  readonly rm: number;
  readonly mode: string;
  readonly distinct: number;
  readonly generated: number;
  readonly seconds: number;
  readonly bytesPerState?: number;
  readonly peakMiB?: number;
  readonly note?: string;
}

interface OurRun {
  distinct: number;
  generated: number;
  seconds: number;
  complete: boolean;
  peakRss: number;
  memory: { bytesPerState: number; tableBytes: number; linkBytesInMemory: number; linkBytesOnDisk: number };
  collisionProbability: number;
}

function ours(rm: number, strategy: 'bfs' | 'dfs', links: 'disk' | 'memory'): Row {
  const child = spawnSync(
    process.execPath,
    [path.join(here, 'compiled-run.mjs'), path.join(here, 'checker-run.ts'), String(rm), strategy, links],
    {
      cwd: path.join(here, '..'),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 24,
      env: runtimeEnv(),
    },
  );
  if (child.status !== 0) throw new Error(`checker-run rm=${rm} ${strategy} failed with status ${child.status}`);
  const r = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as OurRun;
  return {
    tool: 'apln',
    rm,
    mode: `${strategy.toUpperCase()}, links on ${links}`,
    distinct: r.distinct,
    generated: r.generated,
    seconds: r.seconds,
    bytesPerState: r.memory.bytesPerState,
    peakMiB: r.peakRss / 2 ** 20,
    note: `table ${(r.memory.tableBytes / 2 ** 20).toFixed(1)} MiB, links ${(r.memory.linkBytesInMemory / 2 ** 20).toFixed(1)} MiB in memory + ${(r.memory.linkBytesOnDisk / 2 ** 20).toFixed(1)} MiB on disk, P(collision) ≈ ${r.collisionProbability.toExponential(1)}${r.complete ? '' : ', INCOMPLETE'}`,
  };
}

function have(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  return r.error === undefined && r.status !== null;
}

function spin(rm: number, mode: 'BFS' | 'DFS'): Row {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apln-spin-'));
  try {
    fs.writeFileSync(path.join(dir, 'tp.pml'), twoPhasePromela(rm));
    const gen = spawnSync('spin', ['-a', 'tp.pml'], { cwd: dir, encoding: 'utf8' });
    if (gen.status !== 0) throw new Error(`spin -a failed: ${gen.stderr}`);
    const defines = ['-DSAFETY', '-DNOREDUCE', '-DNOCLAIM', ...(mode === 'BFS' ? ['-DBFS'] : []), '-DMEMLIM=16000'];
    const cc = spawnSync('gcc', ['-O2', ...defines, '-o', 'pan', 'pan.c'], { cwd: dir, encoding: 'utf8' });
    if (cc.status !== 0) throw new Error(`gcc pan.c failed: ${cc.stderr}`);
    const w = Math.max(18, Math.ceil(Math.log2(6 ** rm * 2)));
    const t0 = performance.now();
    // pan runs in apln's environment too (huge pages for malloc, bin/runtime-env.mjs): side by side on equal terms.
    const run = spawnSync('/usr/bin/time', ['-v', './pan', `-w${Math.min(w, 28)}`, '-m100000'], {
      cwd: dir,
      encoding: 'utf8',
      maxBuffer: 1 << 24,
      env: runtimeEnv(),
    });
    const wall = (performance.now() - t0) / 1000;
    const out = run.stdout;
    const num = (re: RegExp): number => Number(re.exec(out)?.[1] ?? Number.NaN);
    const stored = num(/(\d+) states, stored/);
    const transitions = num(/(\d+) transitions/);
    const elapsed = num(/elapsed time ([\d.e+]+) seconds/);
    const maxRssKiB = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr)?.[1] ?? Number.NaN);
    return {
      tool: 'spin pan',
      rm,
      mode: `${mode} (${defines.join(' ')}), gcc -O2`,
      distinct: stored,
      generated: transitions,
      seconds: Number.isFinite(elapsed) && elapsed > 0 ? elapsed : wall,
      peakMiB: maxRssKiB / 1024,
      note: `pan's own elapsed time; full states stored (state vector ${/State-vector (\d+) byte/.exec(out)?.[1] ?? '?'} bytes)`,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (n: number | undefined, digits = 0): string =>
  n === undefined || !Number.isFinite(n)
    ? '-'
    : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function table(rows: readonly Row[]): string {
  const head = [
    'tool',
    'rm',
    'mode',
    'distinct',
    'generated',
    'seconds',
    'distinct/s',
    'generated/s',
    'B/state',
    'peak RSS MiB',
  ];
  const body = rows.map((r) => [
    r.tool,
    String(r.rm),
    r.mode,
    fmt(r.distinct),
    fmt(r.generated),
    fmt(r.seconds, 2),
    fmt(r.distinct / r.seconds),
    fmt(r.generated / r.seconds),
    fmt(r.bytesPerState, 2),
    fmt(r.peakMiB, 0),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

/** Runs `f` `times` times and keeps the fastest row. */
function best(times: number, f: () => Row): Row {
  let fastest = f();
  for (let i = 1; i < times; i++) {
    const r = f();
    if (r.seconds < fastest.seconds) fastest = r;
  }
  return times > 1 ? { ...fastest, mode: `${fastest.mode}, best of ${times}` } : fastest;
}

function numberFlag(args: readonly string[], name: string, fallback: number): number {
  const arg = args.find((a) => a.startsWith(`--${name}=`));
  const v = arg === undefined ? fallback : Number(arg.slice(name.length + 3));
  if (!Number.isInteger(v) || v < 1) throw new Error(`bench checker: --${name} must be a positive integer`);
  return v;
}

export async function run(args: readonly string[] = []): Promise<void> {
  const rm = numberFlag(args, 'rm', 8);
  const repeat = numberFlag(args, 'repeat', 3);
  const rows: Row[] = [];
  process.stdout.write(
    `two-phase rm=${rm}, single-threaded, node ${process.version}, ${os.cpus().length} CPU(s): ${os.cpus()[0]?.model ?? '?'}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
  rows.push(
    best(repeat, () => ours(rm, 'bfs', 'disk')),
    best(repeat, () => ours(rm, 'dfs', 'disk')),
    best(repeat, () => ours(rm, 'bfs', 'memory')),
  );
  if (have('spin', ['-V']) && have('gcc', ['--version'])) {
    rows.push(
      best(repeat, () => spin(rm, 'BFS')),
      best(repeat, () => spin(rm, 'DFS')),
    );
  } else {
    process.stdout.write(
      'peer skipped: spin (or gcc) is not installed; install it with `apt-get update && apt-get install -y spin`\n',
    );
  }
  if (args.includes('--big')) rows.push(ours(10, 'bfs', 'disk'));
  process.stdout.write(
    `load average after: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
  process.stdout.write(`\n${table(rows)}\n\n`);
  for (const r of rows) if (r.note !== undefined) process.stdout.write(`${r.tool} rm=${r.rm} ${r.mode}: ${r.note}\n`);
  // Side-by-side ratios (the rows of one invocation ran under the same load).
  const find = (tool: string, mode: string): Row | undefined =>
    rows.find((r) => r.rm === rm && r.tool === tool && r.mode.startsWith(mode));
  for (const mode of ['BFS', 'DFS']) {
    const ours = find('apln', `${mode}, links on disk`);
    const pan = find('spin pan', mode);
    if (ours !== undefined && pan !== undefined) {
      process.stdout.write(
        `rm=${rm} ${mode}: apln ${ours.seconds.toFixed(2)} s, pan ${pan.seconds.toFixed(2)} s: pan/apln time ratio ${(pan.seconds / ours.seconds).toFixed(2)} (> 1: apln faster)\n`,
      );
    }
  }
  const counts = new Set(rows.filter((r) => r.rm === rm).map((r) => r.distinct));
  process.stdout.write(
    counts.size === 1
      ? `\nall runs at rm=${rm} agree: ${fmt([...counts][0])} distinct states\n`
      : `\nCOUNTS DISAGREE at rm=${rm}: ${[...counts].join(', ')}\n`,
  );
  if (counts.size !== 1) process.exitCode = 1;
}
