/**
 * Runs point tasks across cores: in this thread with one worker, else on a tinypool of worker_threads; either
 * way the code that checks a point is the compiled one (`compiled-point.ts`) when it can be built, else
 * `point.ts` here and `worker.mjs` (tsx) in the threads. Results come back in task order whatever the completion order. Progress (points done,
 * points/s, ETA) goes to `progress` once a second; `shouldStop` (Ctrl-C) and `timeLimit` stop it early:
 * the finished points are returned and the rest are `undefined` (the caller marks the result partial).
 */
import Tinypool from 'tinypool';
import { compiledPointModule, compiledRunPoint } from './compiled-point.ts';
import { runPoint, type PointOutcome, type PointTask } from './point.ts';

export interface PoolOptions {
  /** Worker threads; 1 runs in this thread. */
  readonly workers: number;
  readonly shouldStop?: () => boolean;
  /** Seconds. */
  readonly timeLimit?: number;
  readonly progress?: (line: string) => void;
  /**
   * The order in which worker threads take the tasks (indices into `tasks`, each once; default: task order).
   * Results still come back in task order. Largest first (`largestFirst`) keeps both threads busy to the end.
   */
  readonly order?: readonly number[];
}

export interface PoolResult {
  readonly outcomes: readonly (PointOutcome | undefined)[];
  /** Some task did not run (interrupted or out of time). */
  readonly partial: boolean;
  readonly seconds: number;
}

const WORKER = new URL('./worker.mjs', import.meta.url);

function progressLine(done: number, total: number, seconds: number): string {
  const rate = seconds > 0 ? done / seconds : 0;
  const eta = rate > 0 ? Math.round((total - done) / rate) : undefined;
  return `${done}/${total} points, ${rate.toFixed(2)} points/s, ETA ${eta === undefined ? '?' : `${eta} s`}`;
}

/**
 * Longest-processing-time-first: the indices of `sizes` (an estimate of each task's cost) from the largest down,
 * ties in task order. With the largest tasks last, one thread would finish the run alone.
 */
export function largestFirst(sizes: readonly number[]): number[] {
  return sizes.map((_, i) => i).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
}

export async function runTasks(tasks: readonly PointTask[], options: PoolOptions): Promise<PoolResult> {
  const start = performance.now();
  const elapsed = (): number => (performance.now() - start) / 1000;
  const outcomes: (PointOutcome | undefined)[] = tasks.map(() => undefined);
  let done = 0;
  let stopped = false;
  const shouldStop = (): boolean =>
    stopped || options.shouldStop?.() === true || (options.timeLimit !== undefined && elapsed() >= options.timeLimit);
  let lastProgress = 0;
  const tick = (): void => {
    const now = elapsed();
    if (options.progress !== undefined && now - lastProgress >= 1) {
      lastProgress = now;
      options.progress(progressLine(done, tasks.length, now));
    }
  };
  if (options.workers <= 1) {
    const run = (await compiledRunPoint()) ?? runPoint;
    for (let i = 0; i < tasks.length; i++) {
      await new Promise((r) => setImmediate(r));
      if (shouldStop()) break;
      outcomes[i] = run(tasks[i] as PointTask);
      done++;
      tick();
    }
  } else {
    const threads = Math.max(1, Math.min(options.workers, tasks.length));
    const filename = ((await compiledPointModule()) ?? WORKER).href;
    const pool = new Tinypool({ filename, minThreads: threads, maxThreads: threads });
    const order = options.order ?? tasks.map((_, i) => i);
    if (
      order.length !== tasks.length ||
      new Set(order).size !== tasks.length ||
      order.some((i) => tasks[i] === undefined)
    )
      throw new Error('runTasks: order must list every task index once');
    let next = 0;
    const watch = setInterval(() => {
      tick();
      if (!stopped && shouldStop()) {
        stopped = true;
        void pool.destroy();
      }
    }, 100);
    const lane = async (): Promise<void> => {
      while (!stopped && next < tasks.length) {
        const i = order[next++]!;
        try {
          outcomes[i] = (await pool.run(tasks[i])) as PointOutcome;
          done++;
        } catch (e) {
          if (stopped) return;
          throw e;
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: threads }, lane));
    } finally {
      clearInterval(watch);
      if (!stopped) await pool.destroy();
    }
  }
  const seconds = elapsed();
  if (options.progress !== undefined && seconds >= 1) options.progress(progressLine(done, tasks.length, seconds));
  return { outcomes, partial: done < tasks.length, seconds };
}
