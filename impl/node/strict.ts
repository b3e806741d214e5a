/**
 * Strict decoding: io-ts `t.type` lets extra fields through, but a node must not accept a value that carries
 * fields it does not know (the envelope signature covers the exact body, and a snapshot with stray fields is
 * not one this code wrote). `extraField(codec, value)` walks the codec's structure beside an already-decoded
 * value and returns the path of the first field no codec names, or null.
 */
import * as t from 'io-ts';

type AnyCodec = t.Type<unknown, unknown, unknown>;

export function extraField(codec: t.Mixed | AnyCodec, value: unknown, path = ''): string | null {
  const at = (k: string | number) => (path === '' ? String(k) : `${path}.${k}`);
  if (
    codec instanceof t.InterfaceType ||
    codec instanceof t.PartialType ||
    codec instanceof t.ExactType ||
    codec instanceof t.StrictType
  ) {
    const props = propsOf(codec);
    if (props === null || value === null || typeof value !== 'object' || Array.isArray(value)) return null;
    for (const [k, v] of Object.entries(value)) {
      const p = props[k];
      if (p === undefined) return at(k);
      const inner = extraField(p, v, at(k));
      if (inner !== null) return inner;
    }
    return null;
  }
  if (codec instanceof t.ArrayType || codec instanceof t.ReadonlyArrayType) {
    if (!Array.isArray(value)) return null;
    for (let i = 0; i < value.length; i++) {
      const inner = extraField(codec.type, value[i], at(i));
      if (inner !== null) return inner;
    }
    return null;
  }
  if (codec instanceof t.TupleType) {
    if (!Array.isArray(value)) return null;
    const types = codec.types as t.Mixed[];
    if (value.length > types.length) return at(types.length);
    for (let i = 0; i < value.length; i++) {
      const inner = extraField(types[i] as t.Mixed, value[i], at(i));
      if (inner !== null) return inner;
    }
    return null;
  }
  if (codec instanceof t.UnionType) {
    // The first member the value decodes as (io-ts picks the same one).
    const member = (codec.types as t.Mixed[]).find((m) => m.is(value) || m.decode(value)._tag === 'Right');
    return member === undefined ? null : extraField(member, value, path);
  }
  if (codec instanceof t.IntersectionType) {
    // A field is known if any member names it: check against the union of the members' props.
    const members = codec.types as t.Mixed[];
    const all = members.map(propsOf);
    if (all.some((p) => p === null) || value === null || typeof value !== 'object' || Array.isArray(value)) return null;
    const props = Object.assign({}, ...(all as t.Props[])) as t.Props;
    return extraField(t.type(props), value, path);
  }
  if (codec instanceof t.RefinementType || codec instanceof t.ReadonlyType) return extraField(codec.type, value, path);
  if (codec instanceof t.RecursiveType) return extraField(codec.type, value, path);
  return null;
}

function propsOf(codec: unknown): t.Props | null {
  if (codec instanceof t.InterfaceType || codec instanceof t.PartialType || codec instanceof t.StrictType)
    return codec.props as t.Props;
  if (codec instanceof t.ExactType) return propsOf(codec.type);
  if (codec instanceof t.RefinementType || codec instanceof t.ReadonlyType) return propsOf(codec.type);
  return null;
}
