/**
 * The simulated chain: deterministic, advanced only by explicit blocks, and validating every transaction it
 * accepts — inputs exist and are unspent, no value created, nLockTime final (BIP-113), BIP-68 relative locks,
 * and each input's witness (taproot commitment, tapscript with CLTV/CSV, BIP-340 signatures under the
 * BIP-341/342/118 sighash). A refusal is a typed `Rejection` naming the rule.
 *
 * Heights: the genesis block is height 0; a transaction validated "now" is checked for the next block
 * (tip + 1). Time: see `time.ts` (median time past grows 600 s per block from 1_700_000_000, so eltoo's
 * time-based nLockTime 500000000 + n is always final). Simplifications, on purpose: no fees or weight
 * limits, no coinbase maturity (coins from `mint` are spendable at once), no reorgs.
 */
import { Transaction } from 'bitcoinjs-lib';
import { u32le } from '../tx/encoding.ts';
import { inputOutpoint, outpointKey, type Outpoint } from '../tx/outpoint.ts';
import type { SpentOutput } from '../tx/sighash-apo.ts';
import { checkFinality, checkSequenceLocks } from './locks.ts';
import type { Rejection } from './rejection.ts';
import { linearClock, type ChainClock } from './time.ts';
import { verifyInput } from './witness.ts';

const MAX_MONEY = 21_000_000n * 100_000_000n;

/** An unspent output with where it was confirmed. */
export interface Coin {
  readonly outpoint: Outpoint;
  readonly output: SpentOutput;
  readonly height: number;
}

export type CheckResult =
  | { readonly ok: true; readonly txid: string; readonly feeSat: bigint }
  | { readonly ok: false; readonly txid: string; readonly rejection: Rejection };

export type BlockResult =
  | {
      readonly ok: true;
      readonly height: number;
      readonly txids: readonly string[];
      readonly evicted: readonly { txid: string; rejection: Rejection }[];
    }
  | { readonly ok: false; readonly index: number; readonly txid: string; readonly rejection: Rejection };

export type ConfirmResult =
  | { readonly ok: true; readonly txid: string; readonly height: number }
  | { readonly ok: false; readonly txid: string; readonly rejection: Rejection };

/** The mutable state the validation rules read and block application writes. */
interface Ledger {
  readonly coins: Map<string, Coin>;
  /** outpoint key → txid of the confirmed (or, in a mempool view, pending) spender. */
  readonly spentBy: Map<string, string>;
  readonly txHeights: Map<string, number>;
}

function cloneLedger(l: Ledger): Ledger {
  return { coins: new Map(l.coins), spentBy: new Map(l.spentBy), txHeights: new Map(l.txHeights) };
}

export class Chain {
  private ledger: Ledger = { coins: new Map(), spentBy: new Map(), txHeights: new Map() };
  private readonly txs = new Map<string, Transaction>();
  private readonly blocks: string[][] = [[]];
  private pool: Transaction[] = [];
  private readonly clock: ChainClock;

  constructor(
    private readonly opts: { readonly mtpBaseSeconds?: number; readonly blockIntervalSeconds?: number } = {},
  ) {
    this.clock = linearClock(opts);
  }

  /** Height of the tip (0 = genesis). */
  get height(): number {
    return this.blocks.length - 1;
  }

  get tip(): { readonly height: number; readonly medianTimePast: number } {
    return { height: this.height, medianTimePast: this.clock.mtp(this.height) };
  }

  /** The unspent output at `o`, if any. */
  utxo(o: Outpoint): Coin | undefined {
    return this.ledger.coins.get(outpointKey(o));
  }

  isConfirmed(txid: string): boolean {
    return this.ledger.txHeights.has(txid);
  }

  /** Height of the block that confirmed `txid`. */
  confirmationHeight(txid: string): number | undefined {
    return this.ledger.txHeights.get(txid);
  }

  /** Number of confirmations (1 = in the tip block), 0 if unconfirmed. */
  confirmations(txid: string): number {
    const h = this.ledger.txHeights.get(txid);
    return h === undefined ? 0 : this.height - h + 1;
  }

  /** The txid of the confirmed transaction that spent `o`. */
  spentBy(o: Outpoint): string | undefined {
    return this.ledger.spentBy.get(outpointKey(o));
  }

  /** A confirmed transaction (a copy). */
  transaction(txid: string): Transaction | undefined {
    return this.txs.get(txid)?.clone();
  }

  /** The txids confirmed in block `height`, in order. */
  block(height: number): readonly string[] | undefined {
    return this.blocks[height];
  }

  /** Mempool transactions, in submission order (copies). */
  mempool(): readonly Transaction[] {
    return this.pool.map((t) => t.clone());
  }

  /**
   * Creates coins from nothing (the simulation's faucet): mines one block holding a coinbase transaction
   * with these outputs and returns their outpoints.
   */
  mint(outputs: readonly SpentOutput[]): Outpoint[] {
    const cb = new Transaction();
    cb.version = 2;
    // BIP-34 style: the coinbase scriptSig carries the height, so every coinbase txid is unique.
    cb.addInput(new Uint8Array(32), 0xffffffff, 0xffffffff, Uint8Array.of(0x04, ...u32le(this.height + 1)));
    for (const o of outputs) cb.addOutput(o.script, o.value);
    const txid = cb.getId();
    const height = this.height + 1;
    this.blocks.push([txid]);
    this.txs.set(txid, cb.clone());
    this.ledger.txHeights.set(txid, height);
    return outputs.map((o, vout) => {
      const outpoint = { txid, vout };
      this.ledger.coins.set(outpointKey(outpoint), { outpoint, output: { value: o.value, script: o.script }, height });
      return outpoint;
    });
  }

  /** Would `tx` be valid in the next block (ignoring the mempool)? */
  check(tx: Transaction): CheckResult {
    return this.validate(tx, this.ledger, this.height + 1);
  }

  /** Validates `tx` against the chain plus the mempool and, if valid, adds it to the mempool. */
  submit(tx: Transaction): CheckResult {
    const txid = tx.getId();
    if (this.pool.some((p) => p.getId() === txid)) return { ok: false, txid, rejection: { rule: 'duplicate', txid } };
    const view = cloneLedger(this.ledger);
    for (const p of this.pool) apply(view, p, this.height + 1);
    const r = this.validate(tx, view, this.height + 1);
    if (r.ok) this.pool.push(tx.clone());
    return r;
  }

  /**
   * Mines one block. With `txs`, exactly those, in order (all or nothing: the first invalid one refuses the
   * block); without, the mempool, dropping whatever is no longer valid. Afterwards the mempool keeps only
   * transactions still valid on the new tip; the ones it drops are reported in `evicted`.
   */
  mine(txs?: readonly Transaction[]): BlockResult {
    const height = this.height + 1;
    const work = cloneLedger(this.ledger);
    const included: Transaction[] = [];
    const evicted: { txid: string; rejection: Rejection }[] = [];
    const candidates = txs ?? this.pool;
    for (let i = 0; i < candidates.length; i++) {
      const tx = candidates[i]!;
      const r = this.validate(tx, work, height);
      if (!r.ok) {
        if (txs !== undefined) return { ok: false, index: i, txid: r.txid, rejection: r.rejection };
        evicted.push({ txid: r.txid, rejection: r.rejection });
        continue;
      }
      apply(work, tx, height);
      included.push(tx.clone());
    }
    this.ledger = work;
    this.blocks.push(included.map((t) => t.getId()));
    for (const t of included) this.txs.set(t.getId(), t);
    this.revalidatePool(evicted);
    return { ok: true, height, txids: included.map((t) => t.getId()), evicted };
  }

  /** Mines a block holding just `tx`; the result says whether it confirmed or which rule refused it. */
  confirm(tx: Transaction): ConfirmResult {
    const r = this.mine([tx]);
    return r.ok
      ? { ok: true, txid: r.txids[0]!, height: r.height }
      : { ok: false, txid: r.txid, rejection: r.rejection };
  }

  /** Mines `n` empty blocks (the mempool waits). */
  addBlocks(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`addBlocks: ${n} is not a block count`);
    for (let i = 0; i < n; i++) {
      this.blocks.push([]);
      this.revalidatePool([]);
    }
  }

  /**
   * The chain as it will read once the next block holds the mempool transactions `select` picks (default: all),
   * in submission order: a copy, the chain itself when none is picked. Not validated again: the mempool's
   * transactions were validated for that block when submitted (a driver that counts what it published as
   * confirmed at once reads this).
   */
  projected(select: (txid: string) => boolean = () => true): Chain {
    const picked = this.pool.filter((t) => select(t.getId()));
    if (picked.length === 0) return this;
    const c = this.clone();
    const height = this.height + 1;
    for (const t of picked) {
      apply(c.ledger, t, height);
      c.txs.set(t.getId(), t);
    }
    c.blocks.push(picked.map((t) => t.getId()));
    c.pool = this.pool.filter((t) => !picked.includes(t));
    return c;
  }

  /** An independent copy (for exploring alternatives from the same state). */
  clone(): Chain {
    const c = new Chain(this.opts);
    c.ledger = cloneLedger(this.ledger);
    for (const [k, v] of this.txs) c.txs.set(k, v);
    c.blocks.length = 0;
    for (const b of this.blocks) c.blocks.push([...b]);
    c.pool = [...this.pool];
    return c;
  }

  private revalidatePool(evicted: { txid: string; rejection: Rejection }[]): void {
    const view = cloneLedger(this.ledger);
    const keep: Transaction[] = [];
    for (const t of this.pool) {
      if (this.ledger.txHeights.has(t.getId())) continue;
      const r = this.validate(t, view, this.height + 1);
      if (r.ok) {
        apply(view, t, this.height + 1);
        keep.push(t);
      } else evicted.push({ txid: r.txid, rejection: r.rejection });
    }
    this.pool = keep;
  }

  private validate(tx: Transaction, ledger: Ledger, blockHeight: number): CheckResult {
    const txid = tx.getId();
    const reject = (rejection: Rejection): CheckResult => ({ ok: false, txid, rejection });
    // Structure.
    if (tx.ins.length === 0 || tx.outs.length === 0)
      return reject({ rule: 'malformed', detail: 'a transaction needs inputs and outputs' });
    if (tx.isCoinbase()) return reject({ rule: 'malformed', detail: 'coinbase transactions come only from mint()' });
    let outputSat = 0n;
    for (const [i, o] of tx.outs.entries()) {
      if (o.value < 0n || o.value > MAX_MONEY)
        return reject({ rule: 'malformed', detail: `output ${i} value ${o.value} is out of range` });
      outputSat += o.value;
    }
    if (outputSat > MAX_MONEY)
      return reject({ rule: 'malformed', detail: `outputs total ${outputSat} sat exceeds the money supply` });
    if (ledger.txHeights.has(txid)) return reject({ rule: 'duplicate', txid });
    // Inputs exist and are unspent; none is spent twice within the transaction.
    const prevouts: SpentOutput[] = [];
    const coinHeights: number[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < tx.ins.length; i++) {
      const outpoint = inputOutpoint(tx, i);
      const key = outpointKey(outpoint);
      if (seen.has(key)) return reject({ rule: 'double-spend', input: i, outpoint, spentBy: txid });
      seen.add(key);
      const coin = ledger.coins.get(key);
      if (coin === undefined) {
        const by = ledger.spentBy.get(key);
        return reject(
          by === undefined
            ? { rule: 'missing-input', input: i, outpoint }
            : { rule: 'double-spend', input: i, outpoint, spentBy: by },
        );
      }
      prevouts.push(coin.output);
      coinHeights.push(coin.height);
    }
    // No value created.
    const inputSat = prevouts.reduce((s, p) => s + p.value, 0n);
    if (outputSat > inputSat) return reject({ rule: 'value-created', inputSat, outputSat });
    // Timelocks: nLockTime (BIP-113), then BIP-68 relative locks.
    const fin = checkFinality(tx, { blockHeight, clock: this.clock });
    if (fin !== undefined) return reject(fin);
    const seqLock = checkSequenceLocks(tx, { blockHeight, clock: this.clock, coinHeights });
    if (seqLock !== undefined) return reject(seqLock);
    // Every input's witness.
    for (let i = 0; i < tx.ins.length; i++) {
      const r = verifyInput({ tx, inputIndex: i, prevouts });
      if (r !== undefined) return reject(r);
    }
    return { ok: true, txid, feeSat: inputSat - outputSat };
  }
}

/** Spends `tx`'s inputs and adds its outputs at `height`. */
function apply(l: Ledger, tx: Transaction, height: number): void {
  const txid = tx.getId();
  for (let i = 0; i < tx.ins.length; i++) {
    const key = outpointKey(inputOutpoint(tx, i));
    l.coins.delete(key);
    l.spentBy.set(key, txid);
  }
  tx.outs.forEach((o, vout) => {
    const outpoint = { txid, vout };
    l.coins.set(outpointKey(outpoint), { outpoint, output: { value: o.value, script: o.script }, height });
  });
  l.txHeights.set(txid, height);
}
