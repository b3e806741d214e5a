/**
 * Joins the partials of a sharded simulation (`simulate` with `shard`, i of N) into the result of the
 * unsharded run: trace j walks its own stream wherever it runs, so the union of the shards' fingerprints is
 * the run's distinct states, the counts add up, and each property's finding is the one on the earliest
 * trace (a shard's first finding is its earliest, and the unsharded run keeps the earliest too), its
 * path rebuilt by replaying the recorded choices.
 */
import { collisionProbability } from './hash.ts';
import { FingerprintTable } from './fingerprint-table.ts';
import type { Model } from './model.ts';
import { replayChoices } from './replay.ts';
import type { PropertyResult, SimulateOptions, StopReason } from './result.ts';
import type { SimulationFinding, SimulationPartial, SimulationResult } from './simulate.ts';
import { propertyResult } from './verdicts.ts';

function earliest(findings: readonly SimulationFinding[]): SimulationFinding | undefined {
  let best: SimulationFinding | undefined;
  for (const f of findings) if (best === undefined || f.trace < best.trace) best = f;
  return best;
}

export function mergeSimulations<S, A>(
  model: Model<S, A>,
  options: Pick<SimulateOptions, 'seed'>,
  partials: readonly SimulationPartial[],
  config?: unknown,
): SimulationResult<S, A> {
  const table = new FingerprintTable();
  let generated = 0;
  let longest = 0;
  let seconds = 0;
  let walked = 0;
  let stoppedBy: StopReason | undefined;
  const findings: SimulationFinding[] = [];
  for (const p of partials) {
    const hex = p.fingerprints;
    if (hex.length % 16 !== 0) throw new RangeError('simulation partial: fingerprints must be 16 hex digits each');
    for (let k = 0; k < hex.length; k += 16)
      table.insert(Number.parseInt(hex.slice(k, k + 8), 16), Number.parseInt(hex.slice(k + 8, k + 16), 16));
    generated += p.generated;
    longest = Math.max(longest, p.longest);
    seconds = Math.max(seconds, p.seconds ?? 0);
    walked += p.traces;
    stoppedBy ??= p.stoppedBy;
    findings.push(...p.findings);
  }
  const properties: PropertyResult<S, A>[] = model.properties.map((p) => {
    const f = earliest(findings.filter((x) => x.property === p.name));
    if (f === undefined)
      return propertyResult<S, A>(p, 'unknown', {
        message: 'simulation does not explore every state, so it cannot decide this',
      });
    const path = replayChoices(model, f.initIndex, f.choices, f.loop);
    return propertyResult<S, A>(p, p.kind === 'sometimes' ? 'reached' : 'violated', {
      path,
      ...(p.kind === 'eventually' ? {} : { violationIndex: path.states.length - 1 }),
      message: f.message,
    });
  });
  const dl = earliest(findings.filter((x) => x.property === undefined));
  const distinct = table.size;
  const hex: string[] = [];
  table.forEach((hi, lo) => hex.push(hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0')));
  hex.sort();
  return {
    model: model.name,
    config,
    strategy: 'simulate',
    seed: options.seed,
    distinctStates: distinct,
    generatedStates: generated,
    maxDepth: longest,
    seconds,
    complete: false,
    ...(stoppedBy !== undefined ? { stoppedBy } : {}),
    collisionProbability: collisionProbability(distinct, generated),
    ...(dl !== undefined ? { deadlock: { path: replayChoices(model, dl.initIndex, dl.choices) } } : {}),
    properties,
    traces: [],
    partial: {
      traces: walked,
      generated,
      longest,
      seconds,
      ...(stoppedBy !== undefined ? { stoppedBy } : {}),
      fingerprints: hex.join(''),
      findings: model.properties
        .flatMap((p) => earliest(findings.filter((x) => x.property === p.name)) ?? [])
        .concat(dl ?? []),
    },
  };
}
