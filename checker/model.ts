/**
 * The one interface between the checker and any model (STYLE.md 1-2).
 *
 * A model is a value built from a plain, validated config. The checker knows nothing else about it:
 * it asks for the initial states, the enabled actions of a state (in a deterministic order, because a
 * path is stored as a list of choice indices), the successor of a state under an action, and the
 * canonical encoding of a state (hashed into the visited set). Transitions are pure.
 *
 * This file imports nothing from the protocol; `model/` imports these types only.
 */

/**
 * A state or action as an ITF value (Apalache ADR-015, as Quint writes it), before serialisation:
 * integers as `number` or `bigint` (the trace writer turns them into `{"#bigint": "…"}`), strings,
 * booleans, lists as arrays, records as plain objects, variants as `{ tag, value }`, and sets, maps and
 * tuples in their tagged forms. Sets must be listed in a canonical order (sorted) so traces are stable.
 */
export type ItfValue =
  | boolean
  | string
  | number
  | bigint
  | readonly ItfValue[]
  | { readonly '#set': readonly ItfValue[] }
  | { readonly '#map': readonly (readonly [ItfValue, ItfValue])[] }
  | { readonly '#tup': readonly ItfValue[] }
  | { readonly [field: string]: ItfValue };

/**
 * The result of a state or transition predicate: `true` when it is satisfied; `false` or a string
 * (which explains the failure, e.g. "A ends with 70 < 80") when it is not.
 */
export type PredicateResult = boolean | string;

/** Where the checker feeds a state's canonical encoding: 32-bit words, hashed as they arrive. */
export interface WordSink {
  /** Appends one word; only the low 32 bits of `x` count (pass small ints, bitmasks, char codes). */
  word(x: number): void;
  /** Appends `w[from..to)`, as `word` on each would (given by the checker's sinks; see `encodeWith`). */
  words?(w: Int32Array, from: number, to: number): void;
}

/**
 * `Model.encode` for a model whose one encoder is `encodeInto` (at most `maxWords` words): it writes into a scratch
 * buffer and feeds the words to the sink, so the model keeps a single encoding for both uses.
 */
export function encodeWith<S>(
  encodeInto: (state: S, words: Int32Array, at: number) => number,
  maxWords: number,
): (state: S, sink: WordSink) => void {
  const scratch = new Int32Array(maxWords);
  return (state, sink) => {
    const end = encodeInto(state, scratch, 0);
    if (sink.words !== undefined) sink.words(scratch, 0, end);
    else for (let i = 0; i < end; i++) sink.word(scratch[i]!);
  };
}

/** What a verdict is expected to be. `always`/`transition`/`eventually` expect `holds` or `violated`; `sometimes` expects `reached` or `unreached`. */
export type Expectation = 'holds' | 'violated' | 'reached' | 'unreached';

interface PropertyBase {
  /** camelCase, unique in the model, e.g. `hubCannotSteal`. */
  readonly name: string;
  /** One sentence for `apln list` and reports. */
  readonly description: string;
  /** What this model (variant) is meant to give; defaults to `holds` (or `reached` for `sometimes`). */
  readonly expect?: Expectation;
  /**
   * A probe reported beside the verdicts, never held to an expectation (it meets whatever it gives): e.g.
   * `horizon.raceOpenAtEnd`, whether a run reaches the last height with a race undecided.
   */
  readonly informational?: boolean;
}

/**
 * The predicate of a clause that holds in every state because the model's context falsifies its premise (e.g. a
 * promise to an honest A in a run where A deviates): the explorer never calls it, so it costs nothing per state,
 * and the clause's verdict is `holds`, as for any invariant never violated; whoever else calls it (simulation, the
 * oracle, tests) gets true.
 */
export const holdsVacuously = (): true => true;

/** An invariant: `pred` holds in every reachable state. */
export interface AlwaysProperty<S> extends PropertyBase {
  readonly kind: 'always';
  readonly pred: (state: S) => PredicateResult;
}

/** A witness: some reachable state satisfies `pred` (STYLE.md 8: every `always` has one). */
export interface SometimesProperty<S> extends PropertyBase {
  readonly kind: 'sometimes';
  readonly pred: (state: S) => boolean;
}

/**
 * Liveness: on every path from an initial state that is weakly fair to the named actions, some state
 * satisfies `pred`. `weakFairness` lists action labels (as `describe(action).label` gives them); a path
 * is unfair to label L if from some point on an L-action is always enabled and never taken. A state with
 * no fair action enabled may stutter forever. Where the explored graph cannot settle it (a bound was hit),
 * the verdict is `unknown`, never `holds`.
 */
export interface EventuallyProperty<S> extends PropertyBase {
  readonly kind: 'eventually';
  readonly pred: (state: S) => boolean;
  readonly weakFairness: readonly string[];
}

/** A transition invariant: `pred(before, action, after)` holds on every explored step. */
export interface TransitionProperty<S, A> extends PropertyBase {
  readonly kind: 'transition';
  readonly pred: (before: S, action: A, after: S) => PredicateResult;
}

export type Property<S, A> =
  | AlwaysProperty<S>
  | SometimesProperty<S>
  | EventuallyProperty<S>
  | TransitionProperty<S, A>;

export type PropertyKind = Property<unknown, unknown>['kind'];

/** How an action appears in a trace: `mbt::actionTaken` and `mbt::nondetPicks`. */
export interface ActionDescription {
  /** The action's name, Actor + Verb (`PayeeClaimPtlc`); also what `weakFairness` refers to. */
  readonly label: string;
  /**
   * The nondeterministic choices that distinguish this action from its siblings.
   * Convention for sequence diagrams (`apln show`): a string pick `actor` names who acts; `to` names the
   * receiver of a message (drawn as an arrow actor → to); `msg` names the message. Without `to`, the
   * step is drawn as a note over `actor` (or over the whole diagram when there is no actor, e.g. chain steps).
   */
  readonly picks: Readonly<Record<string, ItfValue>>;
}

export interface Model<S, A> {
  /** The registered name, e.g. `two-phase` or `scheme1-direct`. */
  readonly name: string;
  /** The initial states, in a deterministic order. */
  init(): readonly S[];
  /** The enabled actions of `state`, in a deterministic order (a path is a list of indices into this). */
  actions(state: S): readonly A[];
  /** The successor of `state` under `action` (one of `actions(state)`). Pure. */
  next(state: S, action: A): S;
  /** Named properties, checked on every distinct state (or step). */
  readonly properties: readonly Property<S, A>[];
  /**
   * Writes the canonical encoding of `state`: two states the model considers equal must write the same
   * words (sort sets, fix field order), and different states should write different words.
   */
  encode(state: S, sink: WordSink): void;
  /**
   * Optional: given when `encode` is lossless, `unpack(words, start)` reads the words `encode` wrote (from `start`)
   * back into a state equal to the encoded one in every field (the same successors, encoding, properties and ITF
   * form). The checker then keeps a waiting BFS level as those words in a typed array (`level.ts`), each successor
   * encoded once, where it is hashed and, when new, kept.
   */
  unpack?(words: Int32Array, start: number): S;
  /**
   * Optional, with `maxWords`: writes the words `encode` writes straight into `words` from `at` (the caller leaves
   * at least `maxWords` of room) and returns where they end. A packed BFS level then encodes a successor with no
   * call per word (`level.ts`). `encodeWith` derives `encode` from it, so a model writes its encoding once.
   */
  encodeInto?(state: S, words: Int32Array, at: number): number;
  /** With `encodeInto`: the most words one state's encoding takes. */
  readonly maxWords?: number;
  /**
   * Optional, with `encodeInto` and `unpack`: writes the words of `next(state, action)` into `out` from `outAt` (the
   * caller leaves `maxWords` of room), computed from `state`'s own words at `parent[parentAt]`, and returns where
   * they end; or −1 for an action it does not handle (nothing promised about `out`: the checker then calls `next`
   * and encodes). The words must equal `encodeInto(next(state, action))` exactly. A BFS then hashes such a
   * successor without building it, and unpacks it only when it is new (the duplicates never become objects).
   */
  successorWords?(state: S, action: A, parent: Int32Array, parentAt: number, out: Int32Array, outAt: number): number;
  /** The state as ITF variables (the same keys for every state). */
  toItf(state: S): Readonly<Record<string, ItfValue>>;
  /** The action as it appears in a trace. */
  describe(action: A): ActionDescription;
  /**
   * Optional: the action's label alone, equal to `describe(action).label`, for the checker's hot loops (the
   * liveness graph labels every edge); without it the checker asks `describe`.
   */
  label?(action: A): string;
  /** Optional boundary (TLC's CONSTRAINT): a state outside is checked but not expanded. */
  within?(state: S): boolean;
  /** Optional: a state with no enabled action that is a proper end, not a deadlock. */
  terminal?(state: S): boolean;
  /** Optional: numeric functions of a state whose maximum and minimum over the reachable states an exhaustive run reports, each with a path (`extremes.ts`). */
  readonly quantities?: readonly Quantity<S>[];
}

/** A model whose state and action types are not known statically (the registry and CLI handle these). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModel = Model<any, any>;

/** A numeric function of a state, declared by a model (e.g. the sat·blocks a party has had locked so far). */
export interface Quantity<S> {
  /** camelCase, unique in the model, e.g. `lockedSatBlocksA`. */
  readonly name: string;
  /** One sentence for reports, with the unit. */
  readonly description: string;
  /** A finite number for every reachable state. */
  readonly value: (state: S) => number;
}
