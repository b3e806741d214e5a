/**
 * One oracle run, for any scheme's binding: the model and the implementation stepped side by side. Each step
 * is either a model action (picked among the enabled, supported ones: the model's guard is the precondition)
 * or an adversarial stutter (the binding's commands). After every step the implementation's abstraction is
 * compared with the model's state (first differing field), and the properties are evaluated on the
 * abstraction too, so a property can fail on the real code even where the model is right.
 */
import type { ItfValue, Model, Property } from '../checker/model.ts';
import { InputError } from '../util/input-error.ts';
import type { BindingTypes, ProtocolBinding } from './binding.ts';
import { firstDifference, type FieldDifference } from './divergence.ts';
import { InProcessImpl } from './impl-side.ts';

/** An oracle step: a model pick (an index into the enabled, supported actions, modulo their count) or a stutter. */
export type OracleStep<Cmd> =
  | { readonly kind: 'model'; readonly pick: number }
  | { readonly kind: 'adversary'; readonly cmd: Cmd };

export interface StepRecord<S, A> {
  readonly label: string;
  /** The action (model steps only). */
  readonly action?: A;
  readonly model: S;
  readonly impl: S;
  readonly note?: string;
}

export type Failure =
  | { readonly kind: 'divergence'; readonly step: number; readonly label: string; readonly difference: FieldDifference }
  | { readonly kind: 'refusal'; readonly step: number; readonly label: string; readonly detail: string }
  | {
      readonly kind: 'violation';
      readonly step: number;
      readonly label: string;
      readonly property: string;
      readonly message: string;
    }
  /** An external adapter crashed, hung or spoke malformed JSON (adapter/transport.ts). */
  | { readonly kind: 'adapter'; readonly step: number; readonly label: string; readonly detail: string };

export interface RunOutcome<T extends BindingTypes> {
  /** records[0] is the initial state; records[i] follows step i. */
  readonly records: readonly StepRecord<T['state'], T['action']>[];
  readonly failure?: Failure;
  /** Model steps taken on the implementation (adversarial stutters not counted). */
  readonly modelSteps: number;
  readonly adversarySteps: number;
  /** Model actions that were enabled but not supported by the implementation (skipped), with why. */
  readonly skipped: readonly string[];
  /** The implementation at the end of the run (its transcript, refusals, chain). */
  readonly driver: T['driver'];
  /** The guards the implementation refused with in this run (impl/node/guards.ts ids, one per refusal). */
  readonly guards: readonly string[];
}

export interface RunSetup<T extends BindingTypes> {
  readonly model: T['model'];
  /** The world seed (keys, nonces, tweaks). */
  readonly seed: number;
  readonly mutant?: T['mutant'];
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

/**
 * The first of `properties` (those expected to hold) that a state or step violates: an `always` on `after`, a
 * `transition` on (`before`, `action`, `after`) when it is a step.
 */
export function firstViolation<S, A>(
  properties: readonly Property<S, A>[],
  before: S | undefined,
  action: A | undefined,
  after: S,
): { property: string; message: string } | undefined {
  for (const p of properties) {
    if (p.expect !== undefined && p.expect !== 'holds') continue;
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

/** A divergence between the model's state and the implementation's abstraction, if any. */
export function compareStates<S>(
  model: Pick<Model<S, unknown>, 'toItf'>,
  step: number,
  label: string,
  state: S,
  abs: S,
): Failure | undefined {
  const difference = firstDifference(model.toItf(state), model.toItf(abs));
  return difference === undefined ? undefined : { kind: 'divergence', step, label, difference };
}

/**
 * An adversarial step's record: the model stays in `state` (a stutter), the implementation's abstraction is now
 * `abs`; the failure if they differ or a property breaks.
 */
export function recordStutter<S, A>(
  model: Model<S, A>,
  records: StepRecord<S, A>[],
  label: string,
  state: S,
  abs: S,
  note: string | undefined,
): Failure | undefined {
  records.push({ label, model: state, impl: abs, ...(note === undefined ? {} : { note }) });
  return checkStep(model, records.length - 1, label, state, undefined, undefined, abs);
}

/** After a step: the divergence, else the first property (expected to hold) the abstraction violates. */
export function checkStep<S, A>(
  model: Model<S, A>,
  step: number,
  label: string,
  state: S,
  before: S | undefined,
  action: A | undefined,
  abs: S,
): Failure | undefined {
  const f = compareStates(model, step, label, state, abs);
  if (f !== undefined) return f;
  const v = firstViolation(model.properties, before, action, abs);
  return v === undefined ? undefined : { kind: 'violation', step, label, ...v };
}

/** The honest nodes' status the model state implies, against the implementation's (`binding.status`). */
function statusDivergence<T extends BindingTypes>(
  binding: ProtocolBinding<T>,
  model: T['model'],
  d: T['driver'],
  state: T['state'],
  step: number,
  label: string,
): Failure | undefined {
  const st = binding.status;
  if (st === undefined) return undefined;
  const want = st.model(model, state);
  const got = st.impl(d);
  const picked = Object.fromEntries(Object.keys(want).map((k) => [k, got[k] ?? '(absent)']));
  const difference = firstDifference(want, picked);
  return difference === undefined
    ? undefined
    : { kind: 'divergence', step, label, difference: { ...difference, field: `status.${difference.field}` } };
}

/** What an honest node records of the protocol moved under a stutter (`binding.status.stutter`). */
function stutterMoved(
  before: Readonly<Record<string, ItfValue>> | undefined,
  after: Readonly<Record<string, ItfValue>> | undefined,
  step: number,
  label: string,
): Failure | undefined {
  if (before === undefined || after === undefined) return undefined;
  const d = firstDifference(before, after);
  return d === undefined
    ? undefined
    : {
        kind: 'divergence',
        step,
        label,
        difference: { field: `status.${d.field}`, model: `${d.model} (the model stutters)`, impl: d.impl },
      };
}

/** A recorded pick must be an index: a non-negative integer (`where` names it in the error). */
export function checkPick(pick: number, where: string): void {
  if (!Number.isSafeInteger(pick) || pick < 0)
    throw new InputError(where, `expected a non-negative integer, got ${String(pick)}`);
}

/** Runs `steps` from the model's first initial state; stops at the first failure or when nothing is enabled. */
export function runOracle<T extends BindingTypes>(
  binding: ProtocolBinding<T>,
  setup: RunSetup<T>,
  steps: readonly OracleStep<T['command']>[],
): RunOutcome<T> {
  const { model } = setup;
  const impl = new InProcessImpl(binding, model, {
    seed: setup.seed,
    ...(setup.mutant === undefined ? {} : { mutant: setup.mutant }),
  });
  const d = impl.driver;
  let state: T['state'] = model.init()[0];
  let abs = impl.state();
  const records: StepRecord<T['state'], T['action']>[] = [{ label: 'init', model: state, impl: abs }];
  const skipped = new Set<string>();
  let modelSteps = 0;
  let adversarySteps = 0;
  const finish = (failure?: Failure): RunOutcome<T> => ({
    records,
    modelSteps,
    adversarySteps,
    skipped: [...skipped].sort(),
    driver: d,
    guards: binding.refusedGuards(d),
    ...(failure === undefined ? {} : { failure }),
  });
  const initial = compareStates(model, 0, 'init', state, abs);
  if (initial !== undefined) return finish(initial);

  for (const [i, step] of steps.entries()) {
    if (step.kind === 'adversary') {
      const statusBefore = binding.status?.stutter(d, model, step.cmd);
      const answer = impl.adversary(step.cmd);
      if (answer.kind === 'refused') {
        const label = binding.adversary.label(step.cmd);
        const difference = { field: 'stutter', model: 'refused (the model stutters)', impl: answer.detail };
        return finish({ kind: 'divergence', step: records.length, label, difference });
      }
      if (answer.kind !== 'state') continue;
      adversarySteps++;
      const label = binding.adversary.label(step.cmd);
      abs = answer.state;
      const f =
        recordStutter(model, records, label, state, abs, answer.note) ??
        stutterMoved(statusBefore, binding.status?.stutter(d, model, step.cmd), records.length - 1, label) ??
        statusDivergence(binding, model, d, state, records.length - 1, label);
      if (f !== undefined) return finish(f);
      continue;
    }
    checkPick(step.pick, `steps[${i}].pick`);
    const all = model.actions(state);
    const enabled = all.filter((a) => binding.supports(model, state, a));
    for (const a of all) if (!enabled.includes(a)) skipped.add(binding.skipReason(a, state));
    if (enabled.length === 0) break;
    const action = enabled[step.pick % enabled.length] as T['action'];
    const label = model.describe(action).label;
    const answer = impl.step(action);
    if (answer.kind === 'refused' || answer.kind === 'unsupported')
      return finish({ kind: 'refusal', step: records.length, label, detail: answer.detail });
    if (answer.kind !== 'state') throw new Error('oracle: a step answered noop');
    modelSteps++;
    const before = abs;
    state = model.next(state, action);
    abs = answer.state;
    records.push({ label, action, model: state, impl: abs });
    const f =
      checkStep(model, records.length - 1, label, state, before, action, abs) ??
      statusDivergence(binding, model, d, state, records.length - 1, label);
    if (f !== undefined) return finish(f);
  }
  return finish();
}
