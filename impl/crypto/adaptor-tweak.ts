/**
 * Decorrelated adaptor points for the privacy split (PROTOCOL.md "The privacy split", as in anonymous
 * multi-hop locks): hop i is locked to T_i = T + x_i⋅G instead of T, so no two hops see the same point. Whoever
 * learns t_i = t + x_i and knows x_i recovers t = t_i − x_i, and the other way round.
 */
import { Point, compressedBytes, pointFromCompressed } from './point.ts';
import { modN, scalarFromBytes, scalarToBytes } from './scalar.ts';
import { InputError } from '../../util/input-error.ts';

/** T + x⋅G (33-byte compressed). `tweak` x is a scalar in [1, n). */
export function tweakAdaptorPoint(opts: { adaptorPoint: Uint8Array; tweak: Uint8Array }): Uint8Array {
  const T = pointFromCompressed('adaptorPoint', opts.adaptorPoint);
  const x = scalarFromBytes('tweak', opts.tweak, { allowZero: false });
  const Ti = T.add(Point.BASE.multiply(x));
  if (Ti.is0()) throw new InputError('tweak', 'T + x⋅G is infinity');
  return compressedBytes(Ti);
}

/** t + x mod n: the secret of `tweakAdaptorPoint`'s point. */
export function tweakAdaptorSecret(opts: { secret: Uint8Array; tweak: Uint8Array }): Uint8Array {
  const t = scalarFromBytes('adaptorSecret', opts.secret, { allowZero: false });
  const x = scalarFromBytes('tweak', opts.tweak, { allowZero: false });
  const ti = modN(t + x);
  if (ti === 0n) throw new InputError('tweak', 't + x is zero');
  return scalarToBytes(ti);
}

/** t_i − x mod n: back from a hop's secret to the one it was derived from. */
export function untweakAdaptorSecret(opts: { secret: Uint8Array; tweak: Uint8Array }): Uint8Array {
  const ti = scalarFromBytes('adaptorSecret', opts.secret, { allowZero: false });
  const x = scalarFromBytes('tweak', opts.tweak, { allowZero: false });
  const t = modN(ti - x);
  if (t === 0n) throw new InputError('tweak', 't_i − x is zero');
  return scalarToBytes(t);
}
