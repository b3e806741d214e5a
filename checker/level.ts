/**
 * One BFS level of states waiting to be expanded. A model that can `pack` its states losslessly into words
 * (and `unpack` them) has its levels kept in typed arrays: a waiting state then costs its words and nothing
 * the garbage collector must copy (a level's states live long enough to be copied twice by V8's young-space
 * scavenger, which was most of the collector's time on the protocol models); it is unpacked when expanded.
 * Other models' levels are plain arrays.
 */
import type { Model, WordSink } from './model.ts';

export interface Level<S> {
  readonly length: number;
  push(s: S): void;
  get(k: number): S;
  /** Every state, in order (the parallel search's hand-off). */
  toArray(): S[];
}

class ArrayLevel<S> implements Level<S> {
  private readonly states: S[] = [];
  get length(): number {
    return this.states.length;
  }
  push(s: S): void {
    this.states.push(s);
  }
  get(k: number): S {
    return this.states[k]!;
  }
  toArray(): S[] {
    return this.states;
  }
}

class PackedLevel<S> implements Level<S>, WordSink {
  private words = new Int32Array(4096);
  private used = 0;
  private starts = new Int32Array(256);
  length = 0;

  constructor(
    private readonly pack: (s: S, sink: WordSink) => void,
    private readonly unpack: (words: Int32Array, start: number) => S,
  ) {}

  word(x: number): void {
    if (this.used === this.words.length) {
      const bigger = new Int32Array(this.words.length * 2);
      bigger.set(this.words);
      this.words = bigger;
    }
    this.words[this.used++] = x;
  }

  push(s: S): void {
    if (this.length === this.starts.length) {
      const bigger = new Int32Array(this.starts.length * 2);
      bigger.set(this.starts);
      this.starts = bigger;
    }
    this.starts[this.length++] = this.used;
    this.pack(s, this);
  }

  get(k: number): S {
    return this.unpack(this.words, this.starts[k]!);
  }

  toArray(): S[] {
    const out: S[] = [];
    for (let k = 0; k < this.length; k++) out.push(this.get(k));
    return out;
  }
}

/** An empty level for `model`'s states: packed when the model packs. */
export function newLevel<S>(model: Pick<Model<S, unknown>, 'pack' | 'unpack'>): Level<S> {
  const { pack, unpack } = model;
  return pack !== undefined && unpack !== undefined
    ? new PackedLevel<S>(pack.bind(model), unpack.bind(model))
    : new ArrayLevel<S>();
}
