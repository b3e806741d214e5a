/**
 * `apln conform --replay FILE`: reruns an oracle counterexample (an ITF trace written by `apln conform`) against
 * the implementation, from `#meta.oracle` (world seed, oracle steps, mutant), and says whether the recorded
 * failure reproduces. (`apln replay FILE --against impl` is the command the issue names; `cli/commands/replay.ts`
 * is another folder's, so the oracle offers this entry point instead.)
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import { decodeConfig } from '../model/config.ts';
import { buildVariant } from '../variants/index.ts';
import type { ProtocolModel } from '../model/scheme1/machine.ts';
import { firstProblem } from '../traces/json-path.ts';
import { readTraceFile } from '../traces/read.ts';
import { InputError } from '../util/input-error.ts';
import { findMutant } from './mutants/index.ts';
import { describeFailure, runOracle, type RunOutcome } from './run.ts';
import { OracleMeta } from './trace.ts';

export interface ImplReplay {
  readonly model: ProtocolModel;
  readonly meta: OracleMeta;
  readonly outcome: RunOutcome;
  /** The failure the replay produced (or undefined). */
  readonly failureText: string | undefined;
  readonly reproduced: boolean;
}

export function replayAgainstImpl(file: string): ImplReplay {
  const trace = readTraceFile(file);
  const raw = (trace['#meta'] as Record<string, unknown>)['oracle'];
  if (raw === undefined) throw new InputError(`${file}: #meta.oracle`, 'missing: this trace was not written by apln conform');
  const decoded = OracleMeta.decode(raw);
  if (isLeft(decoded)) {
    const p = firstProblem(decoded.left);
    throw new InputError(`${file}: #meta.oracle${p.path === '' || p.path.startsWith('[') ? '' : '.'}${p.path}`, p.problem);
  }
  const meta = decoded.right;
  const config = decodeConfig(trace['#meta'].config);
  let model: ProtocolModel;
  try {
    model = buildVariant(meta.variant, config);
  } catch (e) {
    throw new InputError(`${file}: #meta.oracle.variant`, e instanceof Error ? e.message : String(e));
  }
  const mutant = meta.mutant === undefined ? undefined : findMutant(meta.mutant);
  if (meta.mutant !== undefined && mutant === undefined) throw new InputError(`${file}: #meta.oracle.mutant`, `no mutant '${meta.mutant}'`);
  const outcome = runOracle({ model, seed: meta.worldSeed, ...(mutant === undefined ? {} : { mutant }) }, meta.steps);
  const failureText = outcome.failure === undefined ? undefined : describeFailure(outcome.failure);
  return { model, meta, outcome, failureText, reproduced: failureText === meta.failure };
}
