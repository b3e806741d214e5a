/**
 * What a first write of fresh memory costs here, against a second write of the same memory: the reason the
 * checker's growing arrays are chunked (`checker/int32-chunks.ts`) rather than copied into bigger ones. Fills a new
 * 64 MiB Int32Array twice, and copies it into another new one, `--repeat=N` times (default 3); prints each time and
 * the median ratio first / second write.
 */
const MIB = 64;

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

export async function run(args: readonly string[] = []): Promise<void> {
  const repeatArg = args.find((a) => a.startsWith('--repeat='));
  const repeat = repeatArg === undefined ? 3 : Number(repeatArg.slice('--repeat='.length));
  const first: number[] = [];
  const second: number[] = [];
  const copy: number[] = [];
  for (let r = 0; r < repeat; r++) {
    const a = new Int32Array((MIB << 20) >> 2);
    let t = performance.now();
    a.fill(1);
    first.push(performance.now() - t);
    t = performance.now();
    a.fill(2);
    second.push(performance.now() - t);
    const b = new Int32Array(a.length);
    t = performance.now();
    b.set(a);
    copy.push(performance.now() - t);
    process.stdout.write(
      `${MIB} MiB: first write ${first[r]!.toFixed(1)} ms, second ${second[r]!.toFixed(1)} ms, copy into fresh ${copy[r]!.toFixed(1)} ms\n`,
    );
  }
  const f = median(first);
  const s = median(second);
  process.stdout.write(
    `median: first write ${(f / MIB).toFixed(2)} ms per MiB, second ${(s / MIB).toFixed(3)} ms per MiB: ratio ${(f / s).toFixed(0)}\n`,
  );
}
