/**
 * `check` (synchronous, for tests and scripts) and `checkAsync` (the same run, the same results, but it
 * yields to the event loop about every 50 ms so a SIGINT handler or a timer can set `shouldStop`).
 *
 * Ctrl-C: a synchronous loop cannot receive signals, so a caller that wants Ctrl-C uses `checkAsync`
 * and installs the handler itself, e.g.
 *   let stop = false; process.once('SIGINT', () => { stop = true; });
 *   const r = await checkAsync(model, { shouldStop: () => stop });   // r.stoppedBy === 'interrupted'
 * `timeLimit` works with both (the clock is read every 4,096 expanded states).
 */
import { Explorer } from './explore.ts';
import type { Model } from './model.ts';
import type { CheckOptions, RunResult } from './result.ts';

const YIELD_EVERY_MS = 50;

export function check<S, A>(model: Model<S, A>, options: CheckOptions = {}, config?: unknown): RunResult<S, A> {
  const explorer = new Explorer(model, options);
  try {
    while (!explorer.done) explorer.runSlice();
    return explorer.result(config);
  } finally {
    explorer.close();
  }
}

export async function checkAsync<S, A>(
  model: Model<S, A>,
  options: CheckOptions = {},
  config?: unknown,
): Promise<RunResult<S, A>> {
  const explorer = new Explorer(model, options);
  try {
    let last = performance.now();
    while (!explorer.done) {
      explorer.runSlice();
      const now = performance.now();
      if (now - last >= YIELD_EVERY_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        last = performance.now();
      }
    }
    return explorer.result(config);
  } finally {
    explorer.close();
  }
}
