/**
 * `runPoint` compiled once by esbuild into one plain ES module (checker/worker-bundle.ts), for the worker
 * threads and for a one-thread run alike. Under tsx every function expression gets a `__name(…)` wrapper
 * (esbuild's keepNames, an Object.defineProperty per closure made) and source maps: in the protocol models'
 * hot paths, where closures are made per state, that was about half the time (scheme1-direct, everyone
 * deviating, 211,976 states: 5.1 to 6.2 CPU s under tsx, 2.6 to 2.7 compiled; same states and verdicts).
 *
 * The bundle registers every model from its own copy of the registry, so it runs registered models only (as the
 * worker threads always did). When esbuild is missing or fails, or `APLN_COMPILED=0`, the TypeScript modules
 * run as they are (`worker.mjs` boots tsx in each thread); the results are the same either way.
 */
import { bundleModule, projectFile } from '../checker/worker-bundle.ts';
import type { PointOutcome, PointTask } from './point.ts';

let compiled: Promise<URL | undefined> | undefined;

/** The compiled module (exports `runPoint`, and as default a worker's task function), or undefined. */
export function compiledPointModule(): Promise<URL | undefined> {
  if (process.env.APLN_COMPILED === '0') return Promise.resolve(undefined);
  compiled ??= bundleModule(
    [
      `import { runPoint } from ${JSON.stringify(projectFile('analysis/point.ts'))};`,
      'export { runPoint };',
      'export default function run(task) { return runPoint(task); }',
    ].join('\n'),
    'analysis-point',
  ).catch(() => undefined);
  return compiled;
}

/** `runPoint` from the compiled module, or undefined when there is none. */
export async function compiledRunPoint(): Promise<((task: PointTask) => PointOutcome) | undefined> {
  const url = await compiledPointModule();
  if (url === undefined) return undefined;
  const m = (await import(url.href)) as { runPoint: (task: PointTask) => PointOutcome };
  return m.runPoint;
}
