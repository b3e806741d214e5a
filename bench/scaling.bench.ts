/**
 * Where the work is, and how cost grows: the issue-14 protocol configurations (distinct states/s, bytes
 * per state) on 1 and 2 workers, TwoPhase rm=9 on 1 and 2 workers (speedup), and a scaling table of
 * states, seconds and bytes per state against maxHeight and hops for scheme 1 and rm for TwoPhase.
 * Every row runs in its own process (bench/model-run.ts); rows compared with each other run in the same
 * invocation, alternating, because the machine is shared. Counts must agree between 1 and 2 workers.
 * Flags: `--big` adds the large rows (maxHeight 14 and 16, hops 4, TwoPhase rm=10 and 11);
 * `--repeat=N` (default 1) repeats each 1-vs-2-worker pair and reports the median ratio.
 */
import { spawnSync } from 'node:child_process';
import { runtimeEnv } from '../bin/runtime-env.mjs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

interface Run {
  name: string;
  config: string;
  workers: number;
  distinct: number;
  generated: number;
  depth: number;
  complete: boolean;
  seconds: number;
  cpuSeconds: number;
  bytesPerState: number;
  peakRss: number;
  verdicts: string[];
  /** Threads that searched (`RunResult.workers`): 1 when a 2-worker run stayed single-threaded. */
  threads: number;
}

function measure(name: string, config: object, workers: number, strategy: 'bfs' | 'dfs' = 'bfs'): Run {
  const child = spawnSync(
    process.execPath,
    [
      path.join(here, 'compiled-run.mjs'),
      path.join(here, 'model-run.ts'),
      name,
      JSON.stringify(config),
      strategy,
      String(workers),
    ],
    {
      cwd: path.join(here, '..'),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 24,
      env: runtimeEnv(),
    },
  );
  if (child.status !== 0)
    throw new Error(`model-run ${name} ${JSON.stringify(config)} failed with status ${child.status}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Run;
}

const fmt = (n: number, digits = 0): string =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '-';

function table(head: readonly string[], body: readonly (readonly string[])[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const TIMINGS = { maxHeight: 12, csvDelayBlocks: 6, ptlcTimeoutBlocks: 4, mailboxExpiryBlocks: 8, hubMayCrash: true };
/** The two configurations of issue 14 (counts pinned before the speed work: 216,826 and 421,860). */
const PROTOCOL: readonly { label: string; name: string; config: object }[] = [
  { label: 'scheme1-direct A,B', name: 'scheme1-direct', config: { ...TIMINGS, deviating: ['A', 'B'] } },
  {
    label: 'split-decorrelated hops 3 A,P1,P3',
    name: 'scheme1-split-decorrelated',
    config: { ...TIMINGS, hops: 3, deviating: ['A', 'P1', 'P3'] },
  },
];

let disagreements = 0;

/** 1 and 2 workers, `repeat` alternating pairs; one row with the median speedup. */
function pair(label: string, name: string, config: object, repeat: number): string[] {
  const ones: Run[] = [];
  const twos: Run[] = [];
  for (let i = 0; i < repeat; i++) {
    ones.push(measure(name, config, 1));
    twos.push(measure(name, config, 2));
  }
  const a = ones[0]!;
  const agree = [...ones, ...twos].every(
    (r) => r.distinct === a.distinct && r.generated === a.generated && r.verdicts.join() === a.verdicts.join(),
  );
  if (!agree) disagreements++;
  const s1 = median(ones.map((r) => r.seconds));
  const s2 = median(twos.map((r) => r.seconds));
  const c1 = median(ones.map((r) => r.cpuSeconds));
  const c2 = median(twos.map((r) => r.cpuSeconds));
  return [
    label,
    fmt(a.distinct),
    fmt(a.generated),
    fmt(s1, 2),
    fmt(a.distinct / s1),
    fmt(median(ones.map((r) => r.bytesPerState)), 1),
    fmt(s2, 2),
    fmt(a.distinct / s2),
    fmt(s1 / s2, 2),
    twos.every((r) => r.threads === 1) ? '1 (levels < 50,000)' : String(Math.max(...twos.map((r) => r.threads))),
    `${fmt(c1, 1)} / ${fmt(c2, 1)}`,
    agree ? 'yes' : 'NO',
  ];
}

const PAIR_HEAD = [
  'model',
  'distinct',
  'generated',
  's (1 worker)',
  'distinct/s',
  'B/state',
  's (2 workers)',
  'distinct/s',
  'speedup',
  'threads used (2 workers)',
  'CPU s 1 / 2 workers',
  'counts+verdicts equal',
];

function scalingRow(label: string, name: string, config: object): string[] {
  const r = measure(name, config, 1);
  return [
    label,
    fmt(r.distinct),
    fmt(r.generated),
    String(r.depth),
    fmt(r.seconds, 2),
    fmt(r.distinct / r.seconds),
    fmt(r.bytesPerState, 1),
    fmt(r.peakRss / 2 ** 20),
  ];
}

export async function run(args: readonly string[]): Promise<void> {
  const big = args.includes('--big');
  const repeatArg = args.find((a) => a.startsWith('--repeat='));
  const repeat = repeatArg === undefined ? 1 : Number(repeatArg.slice('--repeat='.length));
  const load = (): string =>
    os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  process.stdout.write(
    `node ${process.version}, ${os.cpus().length} CPU(s): ${os.cpus()[0]?.model ?? '?'}, load average ${load()}\n\n`,
  );

  process.stdout.write(
    `protocol configurations of issue 14, and TwoPhase rm=8, 9: 1 vs 2 workers (${repeat} alternating pair(s), medians)\n`,
  );
  const pairs = PROTOCOL.map((p) => pair(p.label, p.name, p.config, repeat));
  pairs.push(pair('two-phase rm=8', 'two-phase', { rm: 8 }, repeat));
  pairs.push(pair('two-phase rm=9', 'two-phase', { rm: 9 }, repeat));
  process.stdout.write(`${table(PAIR_HEAD, pairs)}\n\n`);

  process.stdout.write(
    'scaling, 1 worker (the scheme-1 rows use the timings above: csv 6, PTLC 4, mailbox 8, S may crash)\n',
  );
  const rows: string[][] = [];
  for (const h of big ? [8, 10, 12, 14, 16] : [8, 10, 12])
    rows.push(
      scalingRow(`scheme1-direct A,B maxHeight=${h}`, 'scheme1-direct', {
        ...TIMINGS,
        maxHeight: h,
        deviating: ['A', 'B'],
      }),
    );
  for (const hops of big ? [1, 2, 3, 4] : [1, 2, 3]) {
    const deviating = ['A', ...Array.from({ length: hops }, (_, i) => `P${i + 1}`).filter((_, i) => i % 2 === 0)];
    rows.push(
      scalingRow(`split-decorrelated hops=${hops} ${deviating.join(',')}`, 'scheme1-split-decorrelated', {
        ...TIMINGS,
        hops,
        deviating,
      }),
    );
  }
  process.stdout.write(
    `${table(['model', 'distinct', 'generated', 'depth', 'seconds', 'distinct/s', 'B/state', 'peak RSS MiB'], rows)}\n\n`,
  );

  if (big) {
    process.stdout.write('TwoPhase rm=10 and 11 on 1 and 2 workers\n');
    process.stdout.write(
      `${table(
        PAIR_HEAD,
        [10, 11].map((rm) => pair(`two-phase rm=${rm}`, 'two-phase', { rm }, 1)),
      )}\n\n`,
    );
  }
  process.stdout.write(`load average after: ${load()}\n`);
  process.stdout.write(
    disagreements === 0
      ? 'counts and verdicts agree between 1 and 2 workers everywhere\n'
      : `COUNTS OR VERDICTS DISAGREE in ${disagreements} pair(s)\n`,
  );
  if (disagreements > 0) process.exitCode = 1;
}
