/**
 * The issue-14 checks as a user runs them: `apln check …` as a whole process (start, model build, search, verdicts,
 * exit), on one worker, against the same search's own seconds. The other benches time the search inside a helper
 * process (`model-run.ts`); this one times the command, where the CLI's start counts too. Each run's wall and CPU
 * seconds (user + system, read by `/usr/bin/time` when it is installed), `--repeat=N` (default 3) runs per
 * configuration after one uncounted run (it builds the bundle when the sources changed), medians; the counts must
 * agree across runs. For reference, the issue's figures of the same
 * commands when it was filed (the split configuration's count has since grown with the model's fidelity work).
 */
import { spawnSync } from 'node:child_process';
import { runtimeEnv } from '../bin/runtime-env.mjs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TIME = '/usr/bin/time';

const TIMINGS = [
  'maxHeight=12',
  'csvDelayBlocks=6',
  'ptlcTimeoutBlocks=4',
  'mailboxExpiryBlocks=8',
  'hubMayCrash=true',
];

const COMMANDS: readonly { label: string; args: readonly string[]; filed: string }[] = [
  {
    label: 'scheme1-direct A,B',
    args: ['scheme1-direct', ...TIMINGS, 'deviating=["A","B"]'],
    filed: '216,826 states, 3.5 s',
  },
  {
    label: 'split-decorrelated hops 3 A,P1,P3',
    args: ['scheme1-split-decorrelated', ...TIMINGS, 'hops=3', 'deviating=["A","P1","P3"]'],
    filed: '343,242 states, 6.2 s',
  },
];

interface Run {
  distinct: number;
  generated: number;
  search: number;
  wall: number;
  cpu: number | undefined;
}

function once(args: readonly string[]): Run {
  const [name, ...sets] = args;
  const apln = [path.join(root, 'bin', 'apln.js'), 'check', name!, ...sets.flatMap((s) => ['--set', s])];
  const timed = fs.existsSync(TIME);
  const t0 = performance.now();
  const child = spawnSync(
    timed ? TIME : process.execPath,
    timed
      ? ['-f', '%U %S', process.execPath, ...apln, '--workers', '1', '--json']
      : [...apln, '--workers', '1', '--json'],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 * 2 ** 20, env: runtimeEnv() },
  );
  const wall = (performance.now() - t0) / 1000;
  if (child.status !== 0 && child.status !== 1)
    throw new Error(`bench command: apln check ${name} failed: ${child.stderr}`);
  const r = JSON.parse(child.stdout) as { distinctStates: number; generatedStates: number; seconds: number };
  const times = timed ? /([\d.]+) ([\d.]+)\s*$/.exec(child.stderr) : null;
  return {
    distinct: r.distinctStates,
    generated: r.generatedStates,
    search: r.seconds,
    wall,
    cpu: times === null ? undefined : Number(times[1]) + Number(times[2]),
  };
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export async function run(args: readonly string[] = []): Promise<void> {
  const repeatArg = args.find((a) => a.startsWith('--repeat='));
  const repeat = repeatArg === undefined ? 3 : Number(repeatArg.slice('--repeat='.length));
  if (!fs.existsSync(TIME)) process.stdout.write(`(${TIME} not found: CPU seconds not measured)\n`);
  process.stdout.write(`apln check as a whole process, 1 worker, ${repeat} run(s) each, medians\n\n`);
  const rows: string[][] = [];
  for (const c of COMMANDS) {
    once(c.args); // not counted: builds the CLI's bundle when the sources changed, and warms the file cache
    const runs = Array.from({ length: repeat }, () => once(c.args));
    const a = runs[0]!;
    const agree = runs.every((r) => r.distinct === a.distinct && r.generated === a.generated);
    const search = median(runs.map((r) => r.search));
    const wall = median(runs.map((r) => r.wall));
    const cpus = runs.flatMap((r) => (r.cpu === undefined ? [] : [r.cpu]));
    rows.push([
      c.label,
      fmt(a.distinct),
      fmt(a.generated),
      fmt(search, 2),
      fmt(a.distinct / search),
      fmt(wall, 2),
      cpus.length > 0 ? fmt(median(cpus), 2) : '-',
      fmt(a.distinct / wall),
      agree ? 'yes' : 'NO',
      c.filed,
    ]);
  }
  const head = [
    'command',
    'distinct',
    'generated',
    'search s',
    'distinct/s (search)',
    'process s',
    'process CPU s',
    'distinct/s (process)',
    'counts equal',
    'when filed',
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => `| ${cells.map((x, i) => x.padEnd(widths[i]!)).join(' | ')} |`;
  process.stdout.write(
    `${[line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n')}\n`,
  );
}
