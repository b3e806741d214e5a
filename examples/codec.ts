/**
 * io-ts building blocks for the example models' configs: an integer in a range, and an exact record
 * that rejects unknown keys (`t.exact` would silently strip them).
 */
import * as t from 'io-ts';

/** An integer in [min, max]. */
export function intIn(min: number, max: number): t.Type<number, number, unknown> {
  return new t.Type<number, number, unknown>(
    `integer ${min}..${max}`,
    (u): u is number => typeof u === 'number' && Number.isInteger(u) && u >= min && u <= max,
    (u, c) =>
      typeof u === 'number' && Number.isInteger(u) && u >= min && u <= max
        ? t.success(u)
        : t.failure(u, c, `expected an integer ${min}..${max}, got ${JSON.stringify(u)}`),
    t.identity,
  );
}

/** A record with exactly these keys: a missing key, a bad value or an unknown key is an error. */
export function strictRecord<P extends t.Props>(
  props: P,
  name: string,
): t.Type<t.TypeOf<t.TypeC<P>>, t.OutputOf<t.TypeC<P>>, unknown> {
  const inner = t.type(props);
  return new t.Type<t.TypeOf<t.TypeC<P>>, t.OutputOf<t.TypeC<P>>, unknown>(
    name,
    (u): u is t.TypeOf<t.TypeC<P>> => inner.is(u) && Object.keys(u as object).every((k) => k in props),
    (u, c) => {
      if (typeof u !== 'object' || u === null || Array.isArray(u))
        return t.failure(u, c, `expected an object (${name})`);
      const unknownKey = Object.keys(u).find((k) => !(k in props));
      if (unknownKey !== undefined) {
        return t.failure(
          u,
          [...c, { key: unknownKey, type: t.never, actual: (u as Record<string, unknown>)[unknownKey] }],
          `unknown key '${unknownKey}' (known: ${Object.keys(props).join(', ')})`,
        );
      }
      return inner.validate(u, c);
    },
    (a) => inner.encode(a),
  );
}
