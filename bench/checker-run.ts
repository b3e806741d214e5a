/**
 * One checker measurement in its own process (so peak RSS is this run's alone): prints one JSON line.
 * Usage: node bench/compiled-run.mjs bench/checker-run.ts RM bfs|dfs memory|disk
 */
import { check } from '../checker/check.ts';
import { buildTwoPhase } from '../examples/two-phase/model.ts';

const rm = Number(process.argv[2] ?? 8);
const strategy = process.argv[3] === 'dfs' ? 'dfs' : 'bfs';
const links = process.argv[4] === 'memory' ? 'memory' : 'disk';
let peakRss = process.memoryUsage.rss();
const baseRss = peakRss;
const t0 = performance.now();
const r = check(buildTwoPhase({ rm }), {
  strategy,
  links,
  // Called every 4,096 expanded states: a cheap place to sample the resident set.
  shouldStop: () => {
    const rss = process.memoryUsage.rss();
    if (rss > peakRss) peakRss = rss;
    return false;
  },
  progress: (line) => process.stderr.write(`  rm=${rm} ${strategy}: ${line}\n`),
});
const seconds = (performance.now() - t0) / 1000;
peakRss = Math.max(peakRss, process.memoryUsage.rss());
process.stdout.write(
  `${JSON.stringify({
    rm,
    strategy,
    links,
    distinct: r.distinctStates,
    generated: r.generatedStates,
    depth: r.maxDepth,
    complete: r.complete,
    seconds,
    memory: r.memory,
    peakRss,
    baseRss,
    collisionProbability: r.collisionProbability,
    verdicts: r.properties.map((p) => `${p.name}=${p.verdict}`),
  })}\n`,
);
