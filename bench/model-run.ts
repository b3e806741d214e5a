/**
 * One registered model checked in its own process (so its peak RSS is its own): prints one JSON line.
 * Usage: node bench/compiled-run.mjs bench/model-run.ts NAME CONFIG_JSON bfs|dfs WORKERS
 * CONFIG_JSON overrides the model's defaults (as `--set` does); WORKERS ≥ 2 runs the parallel search
 * (`checker/parallel.ts`, started after its default warm-up, as `apln check --workers N` does).
 */
import { checkParallel } from '../checker/parallel.ts';
import { findModel } from '../checker/registry.ts';
import { MODEL_MODULES } from '../cli/model-modules.ts';
import '../examples/index.ts';
import '../variants/index.ts';

const [name = 'two-phase', configJson = '{}', strategyArg = 'bfs', workersArg = '1'] = process.argv.slice(2);
const entry = findModel(name);
if (entry === undefined) throw new Error(`model-run: unknown model ${name}`);
const decoded = entry.codec.decode({
  ...(entry.codec.encode(entry.defaults) as object),
  ...(JSON.parse(configJson) as object),
});
if (decoded._tag === 'Left') throw new Error(`model-run: bad config ${configJson} for ${name}`);
const config = decoded.right;
const strategy = strategyArg === 'dfs' ? 'dfs' : 'bfs';
const workers = Number(workersArg);
let peakRss = process.memoryUsage.rss();
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const r = await checkParallel(
  entry.build(config),
  {
    strategy,
    // Called every 4,096 expanded states (and between parallel levels): a cheap place to sample the resident set.
    shouldStop: () => {
      const rss = process.memoryUsage.rss();
      if (rss > peakRss) peakRss = rss;
      return false;
    },
  },
  { workers, registered: { name, config, modules: MODEL_MODULES } },
);
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
// User + system CPU of every thread of the process (workers included): on a shared machine the wall time
// depends on the load, the CPU time much less.
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
peakRss = Math.max(peakRss, process.memoryUsage.rss());
process.stdout.write(
  `${JSON.stringify({
    name,
    config: configJson,
    strategy,
    workers,
    distinct: r.distinctStates,
    generated: r.generatedStates,
    depth: r.maxDepth,
    complete: r.complete,
    seconds,
    cpuSeconds,
    bytesPerState: r.memory?.bytesPerState ?? 0,
    peakRss,
    verdicts: r.properties.map((p) => `${p.name}=${p.verdict}`),
    // Threads that searched: 1 when a run asked for more stayed single-threaded (its BFS levels stayed small).
    threads: r.workers ?? 1,
  })}\n`,
);
