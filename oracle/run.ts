/**
 * One oracle run: the model and the implementation stepped side by side. Each step is either a model action
 * (picked among the enabled, supported ones: the model's guard is the precondition) or an adversarial
 * stutter (adversary.ts). After every step the implementation's abstraction is compared with the model's state
 * (first differing field), and the properties are evaluated on the abstraction too, so a property can fail on
 * the real code even where the model is right.
 */
import type { Property } from '../checker/model.ts';
import type { ProtocolAction } from '../model/scheme1/actions.ts';
import type { ProtocolModel } from '../model/scheme1/machine.ts';
import type { ProtocolState } from '../model/scheme1/state.ts';
import { adversaryLabel, type AdversaryCommand } from './adversary.ts';
import { firstDifference, type FieldDifference } from './divergence.ts';
import type { ImplDriver } from './driver.ts';
import { InProcessImpl } from './impl-side.ts';
import type { Mutant } from './mutants/mutant.ts';
import { implSupports, skipReason } from './step.ts';

export type OracleStep = { readonly kind: 'model'; readonly pick: number } | { readonly kind: 'adversary'; readonly cmd: AdversaryCommand };

export interface StepRecord {
  readonly label: string;
  /** The action (model steps only). */
  readonly action?: ProtocolAction;
  readonly model: ProtocolState;
  readonly impl: ProtocolState;
  readonly note?: string;
}

export type Failure =
  | { readonly kind: 'divergence'; readonly step: number; readonly label: string; readonly difference: FieldDifference }
  | { readonly kind: 'refusal'; readonly step: number; readonly label: string; readonly detail: string }
  | { readonly kind: 'violation'; readonly step: number; readonly label: string; readonly property: string; readonly message: string }
  /** An external adapter crashed, hung or spoke malformed JSON (adapter/transport.ts). */
  | { readonly kind: 'adapter'; readonly step: number; readonly label: string; readonly detail: string };

export interface RunOutcome {
  /** records[0] is the initial state; records[i] follows step i. */
  readonly records: readonly StepRecord[];
  readonly failure?: Failure;
  /** Model steps taken on the implementation (adversarial stutters not counted). */
  readonly modelSteps: number;
  readonly adversarySteps: number;
  /** Model actions that were enabled but not supported by the implementation (skipped), by kind. */
  readonly skipped: readonly string[];
  /** The implementation at the end of the run (its transcript, refusals, chain). */
  readonly driver: ImplDriver;
}

export interface RunSetup {
  readonly model: ProtocolModel;
  /** The world seed (keys, nonces, tweaks). */
  readonly seed: number;
  readonly mutant?: Mutant;
}

export function describeFailure(f: Failure): string {
  switch (f.kind) {
    case 'divergence':
      return `divergence after step ${f.step} (${f.label}): ${f.difference.field} is ${f.difference.model} in the model, ${f.difference.impl} in the implementation`;
    case 'refusal':
      return `divergence at step ${f.step} (${f.label}): the model allows it, the implementation refused: ${f.detail}`;
    case 'violation':
      return `property ${f.property} violated on the implementation after step ${f.step} (${f.label}): ${f.message}`;
    case 'adapter':
      return `adapter failure at step ${f.step} (${f.label}): ${f.detail}`;
  }
}

function holdsExpected(p: { expect?: string }): boolean {
  return p.expect === undefined || p.expect === 'holds';
}

/** The first property (expected to hold) that the state violates (on a step: `before`, `action`, `after`). */
export function violation(model: ProtocolModel, before: ProtocolState | undefined, action: ProtocolAction | undefined, after: ProtocolState): { property: string; message: string } | undefined {
  return firstViolation(model.properties, before, action, after);
}

/**
 * The first of `properties` (those expected to hold) that a state or step violates, in either scheme: an
 * `always` on `after`, a `transition` on (`before`, `action`, `after`) when it is a step.
 */
export function firstViolation<S, A>(properties: readonly Property<S, A>[], before: S | undefined, action: A | undefined, after: S): { property: string; message: string } | undefined {
  for (const p of properties) {
    if (!holdsExpected(p)) continue;
    if (p.kind === 'always') {
      const r = p.pred(after);
      if (r !== true) return { property: p.name, message: typeof r === 'string' ? r : 'false' };
    } else if (p.kind === 'transition' && before !== undefined && action !== undefined) {
      const r = p.pred(before, action, after);
      if (r !== true) return { property: p.name, message: typeof r === 'string' ? r : 'false' };
    }
  }
  return undefined;
}

/** Runs `steps` from the model's first initial state; stops at the first failure or when nothing is enabled. */
export function runOracle(setup: RunSetup, steps: readonly OracleStep[]): RunOutcome {
  const { model } = setup;
  const ctx = model.ctx;
  const impl = new InProcessImpl(model, { seed: setup.seed, ...(setup.mutant === undefined ? {} : { mutant: setup.mutant }) });
  const d = impl.driver;
  const init = model.init()[0];
  if (init === undefined) throw new Error(`${model.name}: no initial state`);
  let state: ProtocolState = init;
  let abs = impl.state();
  const records: StepRecord[] = [{ label: 'init', model: state, impl: abs }];
  const skipped = new Set<string>();
  let modelSteps = 0;
  let adversarySteps = 0;
  const finish = (failure?: Failure): RunOutcome => ({ records, modelSteps, adversarySteps, skipped: [...skipped].sort(), driver: d, ...(failure === undefined ? {} : { failure }) });
  const initial = compareStates(model, 0, 'init', state, abs);
  if (initial !== undefined) return finish(initial);

  for (const step of steps) {
    if (step.kind === 'adversary') {
      const answer = impl.adversary(step.cmd);
      if (answer.kind !== 'state') continue;
      adversarySteps++;
      const label = adversaryLabel(step.cmd);
      abs = answer.state;
      records.push({ label, model: state, impl: abs, ...(answer.note === undefined ? {} : { note: answer.note }) });
      const f = checkStep(model, records.length - 1, label, state, undefined, undefined, abs);
      if (f !== undefined) return finish(f);
      continue;
    }
    const all = model.actions(state);
    const enabled = all.filter((a) => implSupports(ctx, state, a));
    for (const a of all) if (!enabled.includes(a)) skipped.add(skipReason(a));
    if (enabled.length === 0) break;
    const action = enabled[step.pick % enabled.length] as ProtocolAction;
    const label = model.describe(action).label;
    const answer = impl.step(action);
    if (answer.kind === 'refused' || answer.kind === 'unsupported') return finish({ kind: 'refusal', step: records.length, label, detail: answer.detail });
    if (answer.kind !== 'state') throw new Error('oracle: a step answered noop');
    modelSteps++;
    const before = abs;
    state = model.next(state, action);
    abs = answer.state;
    records.push({ label, action, model: state, impl: abs });
    const f = checkStep(model, records.length - 1, label, state, before, action, abs);
    if (f !== undefined) return finish(f);
  }
  return finish();
}

/** A divergence between the model's state and the implementation's abstraction, if any. */
export function compareStates(model: ProtocolModel, step: number, label: string, state: ProtocolState, abs: ProtocolState): Failure | undefined {
  const difference = firstDifference(model.toItf(state), model.toItf(abs));
  return difference === undefined ? undefined : { kind: 'divergence', step, label, difference };
}

/** After a step: the divergence, else the first property (expected to hold) the abstraction violates. */
export function checkStep(
  model: ProtocolModel,
  step: number,
  label: string,
  state: ProtocolState,
  before: ProtocolState | undefined,
  action: ProtocolAction | undefined,
  abs: ProtocolState,
): Failure | undefined {
  const f = compareStates(model, step, label, state, abs);
  if (f !== undefined) return f;
  const v = violation(model, before, action, abs);
  return v === undefined ? undefined : { kind: 'violation', step, label, ...v };
}
