/**
 * Reruns a scheme-2 oracle counterexample (an ITF trace written by `conformScheme2` with `outDir`) against the
 * implementation, from `#meta.oracle` (world seed, oracle steps, mutant) and `#meta.config`, and says whether
 * the recorded failure reproduces: the scheme-2 counterpart of ../replay-against-impl.ts.
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import { buildScheme2Variant } from '../../variants/index.ts';
import { scheme2ConfigCodec } from '../../model/config.ts';
import type { Scheme2Model } from '../../model/scheme2/machine.ts';
import { SCHEME2 } from '../../model/scheme2/variants.ts';
import { firstProblem } from '../../traces/json-path.ts';
import { readTraceFile } from '../../traces/read.ts';
import { InputError } from '../../util/input-error.ts';
import { describeFailure } from '../run.ts';
import { findMutant2 } from './mutants.ts';
import { runOracle2, type Run2Outcome } from './run.ts';
import { Oracle2Meta } from './trace.ts';

export interface Scheme2Replay {
  readonly model: Scheme2Model;
  readonly meta: Oracle2Meta;
  readonly outcome: Run2Outcome;
  readonly failureText: string | undefined;
  readonly reproduced: boolean;
}

export function replayScheme2AgainstImpl(file: string): Scheme2Replay {
  const trace = readTraceFile(file);
  const raw = (trace['#meta'] as Record<string, unknown>)['oracle'];
  if (raw === undefined) throw new InputError(`${file}: #meta.oracle`, 'missing: this trace was not written by the oracle');
  const decoded = Oracle2Meta.decode(raw);
  if (isLeft(decoded)) {
    const p = firstProblem(decoded.left);
    throw new InputError(`${file}: #meta.oracle${p.path === '' || p.path.startsWith('[') ? '' : '.'}${p.path}`, p.problem);
  }
  const meta = decoded.right;
  if (meta.variant !== SCHEME2.name) throw new InputError(`${file}: #meta.oracle.variant`, `expected ${SCHEME2.name}, got ${JSON.stringify(meta.variant)}`);
  const config = scheme2ConfigCodec.decode(trace['#meta'].config);
  if (isLeft(config)) {
    const p = firstProblem(config.left);
    throw new InputError(`${file}: #meta.config${p.path}`, p.problem);
  }
  const model = buildScheme2Variant(config.right);
  const mutant = meta.mutant === undefined ? undefined : findMutant2(meta.mutant);
  if (meta.mutant !== undefined && mutant === undefined) throw new InputError(`${file}: #meta.oracle.mutant`, `no scheme-2 mutant '${meta.mutant}'`);
  const outcome = runOracle2({ model, seed: meta.worldSeed, ...(mutant === undefined ? {} : { mutant }) }, meta.steps);
  const failureText = outcome.failure === undefined ? undefined : describeFailure(outcome.failure);
  return { model, meta, outcome, failureText, reproduced: failureText === meta.failure };
}
