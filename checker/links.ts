/**
 * Predecessor links, TLC-style: for state id `i` (ids are given in discovery order), the id of the state
 * it was first reached from and the index of the action taken there (for an initial state: parent -1
 * and the index into `init()`). A path is rebuilt by walking the links back to an initial state and
 * replaying the choices forward (`replay.ts`); no full state is kept.
 *
 * Links are appended in chunks of 65,536 (4-byte parent + 1-byte choice = 5 bytes a state; choices of
 * 255 and more go to a side map, which states with that many enabled actions are rare enough to afford). In `memory`
 * mode the chunks stay in memory; in `disk` mode (the default, as TLC keeps its trace file on disk) each
 * full chunk is written to an anonymous temporary file (unlinked at once, so it disappears with the
 * process) and only the chunk being filled stays in memory; lookups read 5 bytes back. Runs under 65,536
 * states never touch the disk.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type LinkMode = 'memory' | 'disk';

const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;
const CHUNK_BYTES = CHUNK * 5;
/** Choices ≥ this are kept in a side map. */
const CHOICE_ESCAPE = 0xff;

let fileCounter = 0;

export class LinkStore {
  private readonly mode: LinkMode;
  private readonly parents: Uint32Array[] = [];
  private readonly choices: Uint8Array[] = [];
  private readonly bigChoices = new Map<number, number>();
  private curParents = new Uint32Array(CHUNK);
  private curChoices = new Uint8Array(CHUNK);
  private fill = 0;
  private fd = -1;
  private chunksOnDisk = 0;
  private readonly readBuf = new Uint8Array(5);
  size = 0;

  constructor(mode: LinkMode = 'disk') {
    this.mode = mode;
  }

  /** Records the link of the next id (`size`). `parent` is -1 for an initial state. */
  append(parent: number, choice: number): void {
    this.curParents[this.fill] = parent;
    if (choice >= CHOICE_ESCAPE) {
      this.curChoices[this.fill] = CHOICE_ESCAPE;
      this.bigChoices.set(this.size, choice);
    } else {
      this.curChoices[this.fill] = choice;
    }
    this.size++;
    if (++this.fill === CHUNK) this.flushChunk();
  }

  private flushChunk(): void {
    if (this.mode === 'memory') {
      this.parents.push(this.curParents);
      this.choices.push(this.curChoices);
      this.curParents = new Uint32Array(CHUNK);
      this.curChoices = new Uint8Array(CHUNK);
    } else {
      if (this.fd < 0) {
        const file = path.join(os.tmpdir(), `apln-links-${process.pid}-${fileCounter++}.bin`);
        this.fd = fs.openSync(file, 'w+');
        fs.unlinkSync(file);
      }
      const pos = this.chunksOnDisk * CHUNK_BYTES;
      fs.writeSync(this.fd, new Uint8Array(this.curParents.buffer), 0, CHUNK * 4, pos);
      fs.writeSync(this.fd, this.curChoices, 0, CHUNK, pos + CHUNK * 4);
      this.chunksOnDisk++;
    }
    this.fill = 0;
  }

  /** The link of `id`: its parent id (-1 for an initial state) and the choice that led to it (for an initial state, its index in `init()`). */
  link(id: number): { parent: number; choice: number } {
    if (id < 0 || id >= this.size) throw new RangeError(`no link for state id ${id}`);
    const chunk = id >>> CHUNK_BITS;
    const k = id & (CHUNK - 1);
    const completeChunks = this.mode === 'memory' ? this.parents.length : this.chunksOnDisk;
    let parent: number;
    let choice: number;
    if (chunk === completeChunks) {
      parent = this.curParents[k]!;
      choice = this.curChoices[k]!;
    } else if (this.mode === 'memory') {
      parent = this.parents[chunk]![k]!;
      choice = this.choices[chunk]![k]!;
    } else {
      const buf = this.readBuf;
      const pos = chunk * CHUNK_BYTES;
      fs.readSync(this.fd, buf, 0, 4, pos + k * 4);
      parent = buf[0]! | (buf[1]! << 8) | (buf[2]! << 16) | (buf[3]! << 24);
      fs.readSync(this.fd, buf, 4, 1, pos + CHUNK * 4 + k);
      choice = buf[4]!;
    }
    if (choice === CHOICE_ESCAPE) choice = this.bigChoices.get(id)!;
    return { parent: parent === 0xffffffff || parent === -1 ? -1 : parent >>> 0, choice };
  }

  /** Bytes of links held in memory (typed arrays; the side map of huge choices is not counted). */
  get memoryBytes(): number {
    let n = this.curParents.byteLength + this.curChoices.byteLength;
    for (const a of this.parents) n += a.byteLength;
    for (const a of this.choices) n += a.byteLength;
    return n;
  }

  /** Bytes of links written to the temporary file. */
  get diskBytes(): number {
    return this.chunksOnDisk * CHUNK_BYTES;
  }

  /** Closes the temporary file (already unlinked). The store cannot be read afterwards. */
  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }
}
