/**
 * The cost of the quantitative query (checker/extremes.ts): TwoPhase (examples/two-phase) explored by
 * BFS without quantities, then with one (|msgs|) and with four, interleaved, the fastest of `--repeat=N`
 * runs each (default 3; the machine is shared). Same distinct and generated counts in every row (checked).
 * Flags: `--rm=N` (default 8).
 */
import { check } from '../checker/check.ts';
import type { Model } from '../checker/model.ts';
import { buildTwoPhase, type TwoPhaseAction, type TwoPhaseState, unpack } from '../examples/two-phase/model.ts';

function flag(args: readonly string[], name: string, fallback: number): number {
  const a = args.find((x) => x.startsWith(`--${name}=`));
  return a === undefined ? fallback : Number(a.slice(name.length + 3));
}

function bits(x: number, from: number, to: number): number {
  let n = 0;
  for (let b = from; b < to; b++) if (x & (1 << b)) n++;
  return n;
}

function variant(rm: number, count: 0 | 1 | 4): Model<TwoPhaseState, TwoPhaseAction> {
  const base = buildTwoPhase({ rm });
  if (count === 0) return base;
  const all = [
    {
      name: 'messages',
      description: '|msgs|',
      value: (s: TwoPhaseState) => bits(unpack(s).hi, 12, 24) + bits(unpack(s).hi, 26, 28),
    },
    { name: 'tmPrepared', description: '|tmPrepared|', value: (s: TwoPhaseState) => bits(unpack(s).hi, 0, 12) },
    {
      name: 'rmBusy',
      description: 'RMs not working',
      value: (s: TwoPhaseState) => {
        const lo = unpack(s).lo;
        let n = 0;
        for (let r = 0; r < rm; r++) if ((lo >>> (2 * r)) & 3) n++;
        return n;
      },
    },
    { name: 'packed', description: 'the packed state, as a number', value: (s: TwoPhaseState) => s },
  ];
  return { ...base, quantities: all.slice(0, count) };
}

export async function run(args: readonly string[] = []): Promise<void> {
  const rm = flag(args, 'rm', 8);
  const repeat = flag(args, 'repeat', 3);
  const best = new Map<number, { seconds: number; distinct: number; generated: number }>();
  for (let i = 0; i < repeat; i++) {
    for (const count of [0, 1, 4] as const) {
      const t0 = performance.now();
      const r = check(variant(rm, count), { links: 'memory' });
      const seconds = (performance.now() - t0) / 1000;
      const prev = best.get(count);
      if (prev !== undefined && (prev.distinct !== r.distinctStates || prev.generated !== r.generatedStates))
        throw new Error('counts differ between runs');
      if (prev === undefined || seconds < prev.seconds)
        best.set(count, { seconds, distinct: r.distinctStates, generated: r.generatedStates });
    }
  }
  const base = best.get(0)!;
  process.stdout.write(`TwoPhase rm=${rm}, BFS, links in memory, fastest of ${repeat}\n`);
  process.stdout.write('quantities  distinct    generated    seconds  states/s   vs none\n');
  for (const [count, b] of best) {
    if (b.distinct !== base.distinct || b.generated !== base.generated)
      throw new Error('the query changed the exploration');
    const rate = b.distinct / b.seconds;
    process.stdout.write(
      `${String(count).padEnd(10)}  ${String(b.distinct).padEnd(10)}  ${String(b.generated).padEnd(11)}  ${b.seconds.toFixed(2).padEnd(7)}  ${(rate / 1e6).toFixed(2)} M/s   ${count === 0 ? '—' : `${b.seconds >= base.seconds ? '+' : ''}${((b.seconds / base.seconds - 1) * 100).toFixed(0)}%`}\n`,
    );
  }
}
