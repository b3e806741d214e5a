/**
 * A machine as a checker `Model`, the same assembly for every scheme: the properties a variant is checked
 * against are passed in (they live in properties/, joined in variants/), each with the verdict the variant
 * expects; time ends at `maxHeight`.
 */
import type { ActionDescription, Expectation, ItfValue, Model, Property, WordSink } from '../checker/model.ts';
import { Refused, type StepResult } from './refused.ts';

/** What a variant adds to a machine: its properties and their expected verdicts, as functions of the context. */
export interface VariantSpec<S, A, C> {
  readonly name: string;
  /** The properties for a context (from properties/). */
  readonly properties: (ctx: C) => readonly Property<S, A>[];
  /** Each property's expected verdict, by name; names not listed keep the default (holds / reached). */
  readonly expect: (ctx: C) => Readonly<Record<string, Expectation>>;
}

/** A machine's own parts over its context `C`. */
export interface MachineParts<
  S extends { readonly height: number },
  A,
  C extends { readonly config: { readonly maxHeight: number } },
> {
  readonly ctx: C;
  readonly init: S;
  readonly actions: (ctx: C, s: S) => A[];
  /** The successor under an enabled action, or `Refused` when the action cannot be taken in `s`. */
  readonly next: (ctx: C, s: S, a: A) => StepResult<S>;
  readonly encode: (s: S, sink: WordSink) => void;
  readonly toItf: (s: S) => Readonly<Record<string, ItfValue>>;
  readonly describe: (a: A) => ActionDescription;
  /** The action's label alone (`describe(a).label`), cheaper: the checker labels every edge of the liveness graph. */
  readonly label: (a: A) => string;
  /** Optional, when `encode` is lossless: the state back from its words (checker/model.ts `unpack`). */
  readonly unpack?: (words: Int32Array, start: number) => S;
  /** Optional, with `unpack` and `maxWords`: `encode`'s words written straight into a typed array (checker/model.ts). */
  readonly encodeInto?: (s: S, words: Int32Array, at: number) => number;
  readonly maxWords?: number;
  /** Optional, with `encodeInto`: a successor's words from its parent's (checker/model.ts `successorWords`). */
  readonly successorWords?: (
    ctx: C,
    s: S,
    a: A,
    parent: Int32Array,
    parentAt: number,
    out: Int32Array,
    outAt: number,
  ) => number;
}

/**
 * A checker model with its context and `step`: the successor under any action, or `Refused` when the action is
 * not enabled in the state (a caller holding an action from elsewhere, e.g. an adapter, asks `step`; the
 * checker's `next` is only ever given enabled actions).
 */
export type MachineModel<S, A, C> = Model<S, A> & {
  readonly ctx: C;
  step(s: S, a: A): StepResult<S>;
  label(a: A): string;
};

export function assembleModel<
  S extends { readonly height: number },
  A,
  C extends { readonly config: { readonly maxHeight: number } },
>(spec: VariantSpec<S, A, C>, parts: MachineParts<S, A, C>): MachineModel<S, A, C> {
  const { ctx, init } = parts;
  const expectations = spec.expect(ctx);
  const properties = spec.properties(ctx).map((p) => {
    const e = expectations[p.name];
    return e === undefined ? p : { ...p, expect: e };
  });
  const unknownNames = Object.keys(expectations).filter((n) => !properties.some((p) => p.name === n));
  if (unknownNames.length > 0)
    throw new Error(`${spec.name}: expectations for unknown properties ${unknownNames.join(', ')}`);
  return {
    name: spec.name,
    ctx,
    init: () => [init],
    actions: (s) => parts.actions(ctx, s),
    next: (s, a) => {
      const r = parts.next(ctx, s, a);
      if (r instanceof Refused) throw new Error(`${spec.name}: next was given an action that is not enabled: ${r.why}`);
      return r;
    },
    step: (s, a) => {
      const key = JSON.stringify(a);
      if (!parts.actions(ctx, s).some((x) => JSON.stringify(x) === key))
        return new Refused(`${parts.describe(a).label} is not enabled in this state`);
      return parts.next(ctx, s, a);
    },
    properties,
    encode: parts.encode,
    toItf: parts.toItf,
    describe: parts.describe,
    label: parts.label,
    ...(parts.unpack !== undefined ? { unpack: parts.unpack } : {}),
    ...(parts.encodeInto !== undefined ? { encodeInto: parts.encodeInto } : {}),
    ...(parts.maxWords !== undefined ? { maxWords: parts.maxWords } : {}),
    ...(parts.successorWords !== undefined ? { successorWords: successorWordsOf(ctx, parts.successorWords) } : {}),
    terminal: (s) => s.height === ctx.config.maxHeight,
  };
}

/** The model's `successorWords` over the machine's context. */
function successorWordsOf<S, A, C>(
  ctx: C,
  words: (ctx: C, s: S, a: A, parent: Int32Array, parentAt: number, out: Int32Array, outAt: number) => number,
): (s: S, a: A, parent: Int32Array, parentAt: number, out: Int32Array, outAt: number) => number {
  return (s, a, parent, parentAt, out, outAt) => words(ctx, s, a, parent, parentAt, out, outAt);
}
