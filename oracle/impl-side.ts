/**
 * The implementation side of a run, in-process: the driver (impl/ nodes, the oracle's chain) plus a shadow of
 * the model's state, which the step mapping needs for history ghosts and for "S must refuse now" checks. It
 * answers what an adapter answers (adapter/protocol.ts): the abstract state after a reset, a step or an
 * adversarial command, or a refusal. `runOracle` and the JSON-lines adapter both use it.
 */
import type { ProtocolAction } from '../model/scheme1/actions.ts';
import type { ProtocolModel } from '../model/scheme1/machine.ts';
import type { ProtocolState } from '../model/scheme1/state.ts';
import { abstraction } from './abstraction.ts';
import { runAdversary, type AdversaryCommand } from './adversary.ts';
import { ImplDriver, ImplRefusal } from './driver.ts';
import type { Mutant } from './mutants/mutant.ts';
import { InputError } from '../util/input-error.ts';
import { implStep, implSupports, promptRefusals, skipReason } from './step.ts';

export type ImplAnswer =
  | { readonly kind: 'state'; readonly state: ProtocolState; readonly note?: string }
  | { readonly kind: 'refused'; readonly detail: string }
  | { readonly kind: 'unsupported'; readonly detail: string }
  | { readonly kind: 'noop' };

export class InProcessImpl {
  readonly driver: ImplDriver;
  private shadow: ProtocolState;

  constructor(
    readonly model: ProtocolModel,
    opts: { seed: number; mutant?: Mutant },
  ) {
    const { config, switches } = model.ctx;
    if (config.hops > 0 && config.ptlcTimeoutBlocks !== (config.hops + 1) * config.hopDeltaBlocks) {
      throw new InputError('config.ptlcTimeoutBlocks', `the implementation times hop i out (hops + 1 − i)·delta after the offer: ptlcTimeoutBlocks must be (hops + 1) × hopDeltaBlocks = ${(config.hops + 1) * config.hopDeltaBlocks}`);
    }
    this.driver = new ImplDriver({
      seed: opts.seed,
      csvDelayBlocks: config.csvDelayBlocks,
      ptlcTimeoutBlocks: config.ptlcTimeoutBlocks,
      hops: config.hops,
      decorrelate: switches.decorrelated,
      hopDeltaBlocks: config.hopDeltaBlocks,
      receipt: switches.receipt,
      rebindMarginBlocks: config.rebindMarginBlocks,
      ...(opts.mutant === undefined ? {} : { roles: opts.mutant.roles(), hooks: opts.mutant.hooks?.(opts.seed) ?? {} }),
    });
    const init = model.init()[0];
    if (init === undefined) throw new Error(`${model.name}: no initial state`);
    this.shadow = init;
  }

  state(): ProtocolState {
    return abstraction(this.driver, this.model.ctx);
  }

  /** Can the implementation take `a` now (in the model state it follows)? */
  supports(a: ProtocolAction): boolean {
    return implSupports(this.model.ctx, this.shadow, a);
  }

  step(a: ProtocolAction): ImplAnswer {
    const enabled = this.model.actions(this.shadow);
    if (!enabled.some((x) => JSON.stringify(x) === JSON.stringify(a))) return { kind: 'refused', detail: `${JSON.stringify(a)} is not enabled in the state the implementation is in` };
    if (!this.supports(a)) return { kind: 'unsupported', detail: skipReason(a) };
    try {
      implStep(this.driver, this.model.ctx, this.shadow, a);
    } catch (e) {
      if (e instanceof ImplRefusal) return { kind: 'refused', detail: e.message };
      throw e;
    }
    const next = this.model.next(this.shadow, a);
    promptRefusals(this.driver, this.model.ctx, next, this.model.actions(next));
    this.shadow = next;
    return { kind: 'state', state: this.state() };
  }

  adversary(c: AdversaryCommand): ImplAnswer {
    const note = runAdversary(this.driver, c);
    return note === undefined ? { kind: 'noop' } : { kind: 'state', state: this.state(), note };
  }
}
