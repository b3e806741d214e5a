import { FingerprintSink } from './hash.ts';
import type { AnyModel } from './model.ts';

/**
 * A fingerprint of what `model` is, as the parallel search's threads must agree on it: its initial states and
 * their successors, each as the model encodes it, in order. Each thread builds the model from its own copy of
 * the code; two copies that lay out or step states differently give different digests.
 */
export function modelDigest(model: AnyModel): string {
  const sink = new FingerprintSink();
  const all = new FingerprintSink();
  all.reset();
  const add = (s: unknown): void => {
    sink.reset();
    model.encode(s, sink);
    sink.finish();
    all.word(sink.hi | 0);
    all.word(sink.lo | 0);
  };
  const init = model.init();
  all.word(init.length);
  for (const s of init) {
    add(s);
    const actions = model.actions(s);
    all.word(actions.length);
    for (const a of actions) add(model.next(s, a));
  }
  all.finish();
  return `${all.hi.toString(16)}${all.lo.toString(16).padStart(8, '0')}`;
}
