/**
 * What a first write of fresh memory costs here, against a second write of the same memory: the reason the
 * checker's growing arrays are chunked (`checker/int32-chunks.ts`) rather than copied into bigger ones, and the
 * reason `apln` runs with glibc's huge-pages tunable (`bin/runtime-env.mjs`). Fills a new 64 MiB Int32Array twice
 * and copies it into another new one, each time in a new process (`fresh-memory-run.mjs`), alternately in the plain
 * environment and in apln's, `--repeat=N` times (default 3); prints each time and the medians per MiB side by side.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HUGE_PAGES_TUNABLE, runtimeEnv } from '../bin/runtime-env.mjs';

const MIB = 64;
const here = path.dirname(fileURLToPath(import.meta.url));

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

interface Fill {
  readonly first: number;
  readonly second: number;
  readonly copy: number;
}

function once(env: NodeJS.ProcessEnv): Fill {
  const child = spawnSync(process.execPath, [path.join(here, 'fresh-memory-run.mjs'), String(MIB)], {
    encoding: 'utf8',
    env,
  });
  if (child.status !== 0) throw new Error(`fresh-memory-run failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as Fill;
}

export async function run(args: readonly string[] = []): Promise<void> {
  const repeatArg = args.find((a) => a.startsWith('--repeat='));
  const repeat = repeatArg === undefined ? 3 : Number(repeatArg.slice('--repeat='.length));
  const plainEnv = { ...process.env };
  delete plainEnv.GLIBC_TUNABLES;
  const envs = [
    { label: '4 KiB pages (plain node)', env: plainEnv, fills: [] as Fill[] },
    { label: `apln's (${HUGE_PAGES_TUNABLE})`, env: runtimeEnv(plainEnv), fills: [] as Fill[] },
  ];
  for (let r = 0; r < repeat; r++)
    for (const e of envs) {
      const f = once(e.env);
      e.fills.push(f);
      process.stdout.write(
        `${e.label}: ${MIB} MiB first write ${f.first.toFixed(1)} ms, second ${f.second.toFixed(1)} ms, copy into fresh ${f.copy.toFixed(1)} ms\n`,
      );
    }
  const rows = envs.map((e) => ({
    label: e.label,
    first: median(e.fills.map((f) => f.first)) / MIB,
    second: median(e.fills.map((f) => f.second)) / MIB,
    copy: median(e.fills.map((f) => f.copy)) / MIB,
  }));
  for (const row of rows)
    process.stdout.write(
      `median, ${row.label}: first write ${row.first.toFixed(2)} ms per MiB, second ${row.second.toFixed(3)}, copy into fresh ${row.copy.toFixed(2)}: first / second ${(row.first / row.second).toFixed(0)}\n`,
    );
  process.stdout.write(
    `first write, plain / apln's environment: ${(rows[0]!.first / rows[1]!.first).toFixed(1)}× (copy into fresh ${(rows[0]!.copy / rows[1]!.copy).toFixed(1)}×)\n`,
  );
}
