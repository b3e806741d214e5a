/**
 * The implementation side of a run, in-process, for any scheme's binding: the driver (impl/ nodes, the
 * oracle's chain) plus a shadow of the model's state, which the step mapping needs for history and for "an
 * honest party must refuse now" checks. It answers what an adapter answers (adapter/protocol.ts): the abstract
 * state after a reset, a step or an adversarial command, or a refusal. `runOracle` and the adapter both use it.
 */
import type { BindingTypes, ProtocolBinding } from './binding.ts';
import { Refused } from '../model/refused.ts';
import { ImplRefusal, StutterAccepted } from './node-network.ts';

export type ImplAnswer<S> =
  | { readonly kind: 'state'; readonly state: S; readonly note?: string }
  | { readonly kind: 'refused'; readonly detail: string }
  | { readonly kind: 'unsupported'; readonly detail: string }
  | { readonly kind: 'noop' };

export class InProcessImpl<T extends BindingTypes> {
  readonly driver: T['driver'];
  private shadow: T['state'];

  constructor(
    readonly binding: ProtocolBinding<T>,
    readonly model: T['model'],
    opts: { seed: number; mutant?: T['mutant'] },
  ) {
    this.driver = binding.driver(model, opts);
    const init = model.init()[0];
    if (init === undefined) throw new Error(`${model.name}: no initial state`);
    this.shadow = init;
  }

  state(): T['state'] {
    return this.binding.abstraction(this.driver, this.model);
  }

  /** Can the implementation take `a` now (in the model state it follows)? */
  supports(a: T['action']): boolean {
    return this.binding.supports(this.model, this.shadow, a);
  }

  step(a: T['action']): ImplAnswer<T['state']> {
    const next = this.model.step(this.shadow, a);
    if (next instanceof Refused)
      return { kind: 'refused', detail: `${JSON.stringify(a)}: ${next.why} (the state the implementation is in)` };
    if (!this.supports(a)) return { kind: 'unsupported', detail: this.binding.skipReason(a, this.shadow) };
    try {
      this.binding.step(this.driver, this.model, this.shadow, a);
    } catch (e) {
      if (e instanceof ImplRefusal) return { kind: 'refused', detail: e.message };
      throw e;
    }
    this.binding.promptRefusals(this.driver, this.model, next);
    this.shadow = next;
    return { kind: 'state', state: this.state() };
  }

  /** An adversarial stutter; `refused` when an honest party accepted what it must refuse (StutterAccepted). */
  adversary(c: T['command']): ImplAnswer<T['state']> {
    let note: string | undefined;
    try {
      note = this.binding.adversary.run(this.driver, c);
    } catch (e) {
      if (e instanceof StutterAccepted) return { kind: 'refused', detail: e.message };
      throw e;
    }
    return note === undefined ? { kind: 'noop' } : { kind: 'state', state: this.state(), note };
  }
}
