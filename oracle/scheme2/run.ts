/**
 * One scheme-2 oracle run: the scheme-2 model and the implementation stepped side by side (same design as
 * ../run.ts, over `Scheme2State`). Each step is a model action (picked among the enabled, supported ones: the
 * model's guard is the precondition) or an adversarial stutter (adversary.ts). After every step the
 * implementation's abstraction is compared with the model's state (first differing field, both values), and
 * the scheme-2 properties (properties/scheme2/) are evaluated on the abstraction.
 */
import type { Scheme2Model } from '../../model/scheme2/machine.ts';
import type { Scheme2Action } from '../../model/scheme2/actions.ts';
import type { Scheme2State } from '../../model/scheme2/state.ts';
import { firstDifference } from '../divergence.ts';
import { ImplRefusal, type Roles } from '../driver.ts';
import { firstViolation, type Failure } from '../run.ts';
import { abstraction2 } from './abstraction.ts';
import { adversary2Label, runAdversary2, type Adversary2Command } from './adversary.ts';
import { HONEST_ROLES2, Scheme2Driver } from './driver.ts';
import { implStep2, implSupports2, promptRefusals2, skipReason2 } from './step.ts';

export type Oracle2Step = { readonly kind: 'model'; readonly pick: number } | { readonly kind: 'adversary'; readonly cmd: Adversary2Command };

export interface Step2Record {
  readonly label: string;
  readonly action?: Scheme2Action;
  readonly model: Scheme2State;
  readonly impl: Scheme2State;
  readonly note?: string;
}

export interface Run2Outcome {
  /** records[0] is the initial state; records[i] follows step i. */
  readonly records: readonly Step2Record[];
  readonly failure?: Failure;
  readonly modelSteps: number;
  readonly adversarySteps: number;
  /** Enabled model actions the implementation does not take, with why. */
  readonly skipped: readonly string[];
  readonly driver: Scheme2Driver;
}

/** A deliberately broken implementation: role wrappers (impl/node exposes no mutation hooks). */
export interface Mutant2 {
  readonly name: string;
  readonly description: string;
  readonly roles: () => Roles;
}

export interface Run2Setup {
  readonly model: Scheme2Model;
  /** The world seed (keys, nonces). */
  readonly seed: number;
  readonly mutant?: Mutant2;
}

/** The first property expected to hold that the abstraction violates (on a step: `before`, `action`, `after`). */
export function violation2(model: Scheme2Model, before: Scheme2State | undefined, action: Scheme2Action | undefined, after: Scheme2State): { property: string; message: string } | undefined {
  return firstViolation(model.properties, before, action, after);
}

export function check2(model: Scheme2Model, step: number, label: string, state: Scheme2State, before: Scheme2State | undefined, action: Scheme2Action | undefined, abs: Scheme2State): Failure | undefined {
  const difference = firstDifference(model.toItf(state), model.toItf(abs));
  if (difference !== undefined) return { kind: 'divergence', step, label, difference };
  const v = violation2(model, before, action, abs);
  return v === undefined ? undefined : { kind: 'violation', step, label, ...v };
}

/** Runs `steps` from the model's initial state; stops at the first failure or when nothing is enabled. */
export function runOracle2(setup: Run2Setup, steps: readonly Oracle2Step[]): Run2Outcome {
  const { model } = setup;
  const ctx = model.ctx;
  const d = new Scheme2Driver({
    seed: setup.seed,
    csvDelayBlocks: ctx.config.csvDelayBlocks,
    ptlcTimeoutBlocks: ctx.config.ptlcTimeoutBlocks,
    roles: setup.mutant?.roles() ?? HONEST_ROLES2,
  });
  const init = model.init()[0];
  if (init === undefined) throw new Error(`${model.name}: no initial state`);
  let state = init;
  let abs = abstraction2(d, ctx);
  const records: Step2Record[] = [{ label: 'init', model: state, impl: abs }];
  const skipped = new Set<string>();
  let modelSteps = 0;
  let adversarySteps = 0;
  const finish = (failure?: Failure): Run2Outcome => ({ records, modelSteps, adversarySteps, skipped: [...skipped].sort(), driver: d, ...(failure === undefined ? {} : { failure }) });
  const first = check2(model, 0, 'init', state, undefined, undefined, abs);
  if (first !== undefined) return finish(first);
  for (const step of steps) {
    if (step.kind === 'adversary') {
      const note = runAdversary2(d, step.cmd);
      if (note === undefined) continue;
      adversarySteps++;
      const label = adversary2Label(step.cmd);
      abs = abstraction2(d, ctx);
      records.push({ label, model: state, impl: abs, note });
      const f = check2(model, records.length - 1, label, state, undefined, undefined, abs);
      if (f !== undefined) return finish(f);
      continue;
    }
    const all = model.actions(state);
    const enabled = all.filter((a) => implSupports2(ctx, state, a));
    for (const a of all) if (!enabled.includes(a)) skipped.add(skipReason2(a));
    if (enabled.length === 0) break;
    const action = enabled[step.pick % enabled.length] as Scheme2Action;
    const label = model.describe(action).label;
    try {
      implStep2(d, ctx, state, action);
    } catch (e) {
      if (e instanceof ImplRefusal) return finish({ kind: 'refusal', step: records.length, label, detail: e.message });
      throw e;
    }
    modelSteps++;
    const before = abs;
    state = model.next(state, action);
    promptRefusals2(d, ctx, state);
    abs = abstraction2(d, ctx);
    records.push({ label, action, model: state, impl: abs });
    const f = check2(model, records.length - 1, label, state, before, action, abs);
    if (f !== undefined) return finish(f);
  }
  return finish();
}
