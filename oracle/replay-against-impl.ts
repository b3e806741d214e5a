/**
 * `apln replay FILE --against impl` (and `apln conform --replay FILE`): reruns an oracle counterexample (an ITF
 * trace written by `apln conform`) against the implementation, from `#meta.oracle` (variant, world seed,
 * oracle steps, mutant) and `#meta.config`, with the binding that serves the variant, and says whether the
 * recorded failure reproduces.
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { firstProblem } from '../traces/json-path.ts';
import { readTraceFile } from '../traces/read.ts';
import { InputError } from '../util/input-error.ts';
import type { AnyBinding } from './binding.ts';
import { bindingFor } from './bindings.ts';
import { describeFailure, runOracle, type RunOutcome } from './run.ts';
import { oracleMetaCodec, OracleVariant, type OracleMeta } from './trace.ts';

export interface ImplReplay {
  readonly binding: AnyBinding;
  readonly meta: OracleMeta<unknown>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly outcome: RunOutcome<any>;
  /** The failure the replay produced (or undefined). */
  readonly failureText: string | undefined;
  readonly reproduced: boolean;
}

function decodeOr<A>(codec: t.Type<A, unknown, unknown>, raw: unknown, where: string): A {
  const decoded = codec.decode(raw);
  if (isLeft(decoded)) {
    const p = firstProblem(decoded.left);
    throw new InputError(`${where}${p.path === '' || p.path.startsWith('[') ? '' : '.'}${p.path}`, p.problem);
  }
  return decoded.right;
}

export function replayAgainstImpl(file: string): ImplReplay {
  const trace = readTraceFile(file);
  const raw = (trace['#meta'] as Record<string, unknown>).oracle;
  const where = `${file}: #meta.oracle`;
  if (raw === undefined) throw new InputError(where, 'missing: this trace was not written by apln conform');
  const { variant } = decodeOr(OracleVariant, raw, where);
  const binding = bindingFor(variant);
  if (binding === undefined) throw new InputError(`${where}.variant`, `no oracle drives variant '${variant}'`);
  const meta: OracleMeta<unknown> = decodeOr(oracleMetaCodec(binding), raw, where);
  let model;
  try {
    model = binding.model(meta.variant, trace['#meta'].config);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${where}.variant`, e instanceof Error ? e.message : String(e));
  }
  const mutant = meta.mutant === undefined ? undefined : binding.mutants.find((m) => m.name === meta.mutant);
  if (meta.mutant !== undefined && mutant === undefined)
    throw new InputError(`${where}.mutant`, `no ${binding.scheme} mutant '${meta.mutant}'`);
  const outcome = runOracle(
    binding,
    { model, seed: meta.worldSeed, ...(mutant === undefined ? {} : { mutant }) },
    meta.steps,
  );
  const failureText = outcome.failure === undefined ? undefined : describeFailure(outcome.failure);
  return { binding, meta, outcome, failureText, reproduced: failureText === meta.failure };
}
