/**
 * One BFS level of states waiting to be expanded. A model whose encoding is lossless (it gives `unpack`) has its
 * levels kept as those words in typed arrays: a waiting state then costs its words and nothing the garbage
 * collector must copy (a level's states live long enough to be copied twice by V8's young-space scavenger, which
 * was most of the collector's time on the protocol models); it is unpacked when expanded. A successor is encoded
 * once, straight into the level, and fingerprinted there (`stage`); it stays only if it is new (`keep`). Other
 * models' levels are plain arrays. States [a, b) of a level cross to another thread (the parallel search) as a
 * `LevelPart`: packed words, transferred, or the states themselves for `postMessage` to clone.
 */
import type { FingerprintSink } from './hash.ts';
import type { Model, WordSink } from './model.ts';

/**
 * States [a, b) of a level as plain data for another thread: the packed words (with each state's start in
 * them), or the states themselves when the model does not pack. Its typed arrays are its own (`partTransfer`).
 */
export type LevelPart<S> =
  | { readonly states: readonly S[] }
  | { readonly words: Int32Array; readonly starts: Int32Array };

/** The model's `successorWords` (checker/model.ts). */
export type SuccessorWriter<S, A> = Required<Pick<Model<S, A>, 'successorWords'>>;

export interface Level<S> {
  readonly length: number;
  /** Adds `s`. */
  push(s: S): void;
  /** Fingerprints `s` into `sink` (reset, the model's words, finished), ready for `keep`. */
  stage(s: S, sink: FingerprintSink): void;
  /**
   * A packed level: writes `next(s, a)`'s words with the model's `successorWords` from `s`'s words at
   * `parent[parentAt]` and fingerprints them into `sink`, ready for `keep`; false (nothing staged) when the model
   * does not handle `a` or the level is not packed.
   */
  stageSuccessor<A>(
    model: SuccessorWriter<S, A>,
    s: S,
    a: A,
    parent: Int32Array,
    parentAt: number,
    sink: FingerprintSink,
  ): boolean;
  /** The state last staged (a packed level unpacks its words). */
  staged(): S;
  /** Adds the state last staged (call at most once per `stage`, before the next one). */
  keep(): void;
  /** A packed level's words (state `k` starts at `startOf(k)`), or undefined. */
  readonly packedWords: Int32Array | undefined;
  /** Where state `k`'s words start in `packedWords` (a packed level). */
  startOf(k: number): number;
  get(k: number): S;
  /** Every state, in order. */
  toArray(): S[];
  /** States [a, b), copied out for another thread. */
  part(a: number, b: number): LevelPart<S>;
  /** Empties the level for reuse as the next one (a packed level keeps its buffers: no new memory to fault in). */
  clear(): void;
}

class ArrayLevel<S> implements Level<S> {
  private states: S[] = [];
  private staged_: S | undefined;

  constructor(private readonly encode: (s: S, sink: WordSink) => void) {}

  get length(): number {
    return this.states.length;
  }
  push(s: S): void {
    this.states.push(s);
  }
  stage(s: S, sink: FingerprintSink): void {
    sink.reset();
    this.encode(s, sink);
    sink.finish();
    this.staged_ = s;
  }
  stageSuccessor(): boolean {
    return false;
  }
  staged(): S {
    return this.staged_ as S;
  }
  keep(): void {
    this.states.push(this.staged_ as S);
  }
  get packedWords(): undefined {
    return undefined;
  }
  startOf(): number {
    return -1;
  }
  get(k: number): S {
    return this.states[k]!;
  }
  toArray(): S[] {
    return this.states;
  }
  part(a: number, b: number): LevelPart<S> {
    return { states: this.states.slice(a, b) };
  }
  clear(): void {
    this.states = [];
  }
}

class PackedLevel<S> implements Level<S>, WordSink {
  private buf: Int32Array = new Int32Array(4096);
  private used = 0;
  private starts: Int32Array = new Int32Array(256);
  /** Where the kept states' words end. */
  private end = 0;
  /** Where the state last staged begins (its words run to `used`). */
  private stagedAt = 0;
  length = 0;

  constructor(
    private readonly encode: (s: S, sink: WordSink) => void,
    private readonly unpack: (words: Int32Array, start: number) => S,
    from?: { readonly words: Int32Array; readonly starts: Int32Array },
    /** The model's `encodeInto` and `maxWords`, when it gives them. */
    private readonly into?: { readonly encode: (s: S, words: Int32Array, at: number) => number; readonly max: number },
  ) {
    if (from !== undefined) {
      this.buf = from.words;
      this.used = this.end = from.words.length;
      this.starts = from.starts;
      this.length = from.starts.length;
    }
  }

  word(x: number): void {
    if (this.used === this.buf.length) this.room(1);
    this.buf[this.used++] = x;
  }

  /** Grows the words so that `n` more fit after `used`. */
  private room(n: number): void {
    const bigger = new Int32Array(Math.max(4096, this.buf.length * 2, this.used + n));
    bigger.set(this.buf);
    this.buf = bigger;
  }

  /** Writes `s` after the kept states, not kept yet. */
  private write(s: S): void {
    this.used = this.stagedAt = this.end;
    const into = this.into;
    if (into === undefined) this.encode(s, this);
    else {
      if (this.used + into.max > this.buf.length) this.room(into.max);
      this.used = into.encode(s, this.buf, this.used);
    }
  }

  /** Fingerprints the staged words into `sink`. */
  private fingerprint(sink: FingerprintSink): void {
    sink.reset();
    sink.words(this.buf, this.stagedAt, this.used);
    sink.finish();
  }

  push(s: S): void {
    this.write(s);
    this.keep();
  }

  stage(s: S, sink: FingerprintSink): void {
    this.write(s);
    this.fingerprint(sink);
  }

  stageSuccessor<A>(
    model: SuccessorWriter<S, A>,
    s: S,
    a: A,
    parent: Int32Array,
    parentAt: number,
    sink: FingerprintSink,
  ): boolean {
    const into = this.into;
    if (into === undefined) return false;
    this.used = this.stagedAt = this.end;
    if (this.used + into.max > this.buf.length) this.room(into.max);
    const end = model.successorWords(s, a, parent, parentAt, this.buf, this.used);
    if (end < 0) return false;
    this.used = end;
    this.fingerprint(sink);
    return true;
  }

  staged(): S {
    return this.unpack(this.buf, this.stagedAt);
  }

  get packedWords(): Int32Array {
    return this.buf;
  }

  startOf(k: number): number {
    return this.starts[k]!;
  }

  keep(): void {
    if (this.length === this.starts.length) {
      const bigger = new Int32Array(Math.max(256, this.starts.length * 2));
      bigger.set(this.starts);
      this.starts = bigger;
    }
    this.starts[this.length++] = this.stagedAt;
    this.end = this.used;
  }

  get(k: number): S {
    return this.unpack(this.buf, this.starts[k]!);
  }

  toArray(): S[] {
    const out: S[] = [];
    for (let k = 0; k < this.length; k++) out.push(this.get(k));
    return out;
  }

  part(a: number, b: number): LevelPart<S> {
    const from = a < this.length ? this.starts[a]! : this.end;
    const to = b < this.length ? this.starts[b]! : this.end;
    const starts = this.starts.slice(a, b);
    for (let k = 0; k < starts.length; k++) starts[k]! -= from;
    return { words: this.buf.slice(from, to), starts };
  }

  clear(): void {
    this.used = this.end = this.stagedAt = this.length = 0;
  }
}

/**
 * An empty level for `model`'s states (packed when the model's encoding is lossless: it gives `unpack`), or one
 * holding `part`'s states.
 */
export function newLevel<S>(
  model: Pick<Model<S, unknown>, 'encode' | 'unpack' | 'encodeInto' | 'maxWords'>,
  part?: LevelPart<S>,
): Level<S> {
  const encode = model.encode.bind(model);
  const { unpack, encodeInto, maxWords } = model;
  if (unpack !== undefined) {
    if (part !== undefined && !('words' in part)) throw new Error('level: a packing model was sent unpacked states');
    if ((encodeInto === undefined) !== (maxWords === undefined))
      throw new Error('level: a model gives encodeInto and maxWords together, or neither');
    const into = encodeInto !== undefined ? { encode: encodeInto.bind(model), max: maxWords! } : undefined;
    return new PackedLevel<S>(encode, unpack.bind(model), part, into);
  }
  if (part !== undefined && !('states' in part)) throw new Error('level: a model without unpack was sent packed words');
  const level = new ArrayLevel<S>(encode);
  if (part !== undefined) for (const s of part.states) level.push(s);
  return level;
}

/** The buffers to transfer with `part` (its own copies), so `postMessage` moves them instead of copying. */
export function partTransfer(part: LevelPart<unknown>): ArrayBuffer[] {
  return 'words' in part ? [part.words.buffer as ArrayBuffer, part.starts.buffer as ArrayBuffer] : [];
}
