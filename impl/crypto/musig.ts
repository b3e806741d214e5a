/**
 * MuSig2 (BIP-327) for our 2-of-2 channels: a thin typed wrapper of `@scure/btc-signer/musig2.js`.
 * Adds what the library leaves to callers: length checks with titled `InputError`s, tweaks as one list of
 * `{ tweak, xOnly }`, injected randomness (no hidden `randomBytes`), errors mapped to `MusigContributionError`
 * (BIP-327's identifiable abort), and a self-check of every aggregate signature with noble's BIP-340 verify.
 *
 * Key order matters: BIP-327 aggregates keys in the order given. Sort with `musigKeySort` first if both
 * parties should agree on the key without exchanging an order; `partialSigPoint` needs the same order.
 *
 * Secret nonces: `MusigSession.partialSign` zeroes the first 64 bytes of the secret nonce buffer it is given
 * (library behaviour), but cannot erase copies; single use across restarts is `NonceStore`'s job.
 */
import './setup.ts';
import * as musig2 from '@scure/btc-signer/musig2.js';
import { SIZES, bytesToHex, expectBytes } from './bytes.ts';
import { MusigContributionError, type MusigContribution } from './errors.ts';
import { compressedBytes, pointFromCompressed, pointFromCompressedExt, xonlyBytes } from './point.ts';
import { keyGenContext, type Tweak } from './session-values.ts';

export type { Tweak };
import { scalarFromBytes } from './scalar.ts';
import { schnorrVerify } from './schnorr.ts';
import { InputError } from '../../util/input-error.ts';
import { PublicMemo } from '../../util/public-memo.ts';

/** The result of key aggregation (BIP-327 KeyAgg then ApplyTweak for each tweak). */
export type AggregateKey = {
  /** `GetXonlyPubkey`: the 32-byte x-only key BIP-340 signatures verify under. */
  readonly xonly: Uint8Array;
  /** `GetPlainPubkey`: the 33-byte compressed aggregate key Q (after tweaks). */
  readonly compressed: Uint8Array;
  /** gacc and tacc of BIP-327's KeyGen context. */
  readonly gAcc: bigint;
  readonly tweakAcc: bigint;
};

/** BIP-327 KeySort: the keys in lexicographic byte order (a new array). */
export function musigKeySort(publicKeys: readonly Uint8Array[]): Uint8Array[] {
  checkKeys('musigKeySort', publicKeys);
  return musig2.sortKeys([...publicKeys]);
}

/** BIP-327 KeyAgg followed by ApplyTweak for each tweak in order. */
export function musigKeyAgg(publicKeys: readonly Uint8Array[], opts: { tweaks?: readonly Tweak[] } = {}): AggregateKey {
  const tweaks = opts.tweaks ?? [];
  checkKeys('musigKeyAgg', publicKeys);
  checkTweaks('musigKeyAgg', tweaks);
  const key = `${publicKeys.map(bytesToHex).join(',')}|${tweaks.map((t) => `${bytesToHex(t.tweak)}${t.xOnly ? 'x' : 'p'}`).join(',')}`;
  const agg = keyAggMemo.get(key, () => {
    const ctx = library('musigKeyAgg', () =>
      musig2.keyAggregate(
        [...publicKeys],
        tweaks.map((t) => t.tweak),
        tweaks.map((t) => t.xOnly),
      ),
    );
    return {
      xonly: musig2.keyAggExport(ctx),
      compressed: ctx.aggPublicKey.toBytes(true),
      gAcc: ctx.gAcc,
      tweakAcc: ctx.tweakAcc,
    };
  });
  // Copies: a caller may write into what it gets without changing what the next caller gets.
  return { ...agg, xonly: agg.xonly.slice(), compressed: agg.compressed.slice() };
}

/**
 * KeyAgg is a pure function of public keys and tweaks (no secret, no randomness), and nodes aggregate the same
 * channel keys at every update and settlement: remembered, by the keys' and tweaks' bytes. (Nonces are never
 * remembered: `musigNonceGen` runs every time.) Cleared when full.
 */
const keyAggMemo = new PublicMemo<AggregateKey>(4096);

/** A signer's nonce pair: `pubNonce` (66 bytes) is shared, `secNonce` (97 bytes) must be used once. */
export type NoncePair = { readonly pubNonce: Uint8Array; readonly secNonce: Uint8Array };

/**
 * BIP-327 NonceGen with injected randomness `rand` (32 bytes): the same inputs give the same nonces, so runs
 * replay. Pass `secKey`, `aggPubKey` (32-byte x-only) and `msg` when known: BIP-327 mixes them in so that a
 * repeated `rand` alone does not repeat the nonce.
 */
export function musigNonceGen(opts: {
  pubKey: Uint8Array;
  rand: Uint8Array;
  secKey?: Uint8Array;
  aggPubKey?: Uint8Array;
  msg?: Uint8Array;
  extraIn?: Uint8Array;
}): NoncePair {
  const pubKey = expectBytes('pubKey', opts.pubKey, SIZES.compressedPoint);
  const rand = expectBytes('rand', opts.rand, SIZES.rand);
  if (opts.secKey !== undefined) expectBytes('secKey', opts.secKey, SIZES.secretKey);
  if (opts.aggPubKey !== undefined) expectBytes('aggPubKey', opts.aggPubKey, SIZES.xonlyPubKey);
  if (opts.msg !== undefined) expectBytes('msg', opts.msg);
  if (opts.extraIn !== undefined) expectBytes('extraIn', opts.extraIn);
  const pair = library('musigNonceGen', () =>
    musig2.nonceGen(
      pubKey,
      opts.secKey,
      opts.aggPubKey ?? new Uint8Array(0),
      opts.msg,
      opts.extraIn ?? new Uint8Array(0),
      rand,
    ),
  );
  return { pubNonce: pair.public, secNonce: pair.secret };
}

/** BIP-327 NonceAgg: the 66-byte aggregate nonce (`cbytes_ext`, so a half may be infinity). */
export function musigNonceAgg(pubNonces: readonly Uint8Array[]): Uint8Array {
  if (pubNonces.length === 0) throw new InputError('musigNonceAgg: pubNonces', 'expected at least one public nonce');
  pubNonces.forEach((n, i) => checkPubNonce(`musigNonceAgg: pubNonces[${i}]`, n, i));
  return library('musigNonceAgg', () => musig2.nonceAggregate([...pubNonces]));
}

/** The public data of one signing session (BIP-327's session context). */
export type SessionParams = {
  readonly aggNonce: Uint8Array;
  /** Individual 33-byte keys, in aggregation order. */
  readonly publicKeys: readonly Uint8Array[];
  readonly msg: Uint8Array;
  readonly tweaks?: readonly Tweak[];
};

/**
 * The library's session context (KeyAgg of the keys and tweaks, then b, R and e) is a pure function of public
 * inputs, and the library's `Session` never changes after construction (it copies its inputs): a node signs,
 * checks the other's partial signature and aggregates in the same session, each through a new `MusigSession`,
 * so the context is remembered by the inputs' bytes. Cleared when full. Secret nonces and keys never enter it.
 */
const sessionMemo = new PublicMemo<musig2.Session>(1024);

/** A BIP-327 signing session: partial sign, partial verify and aggregation for one message. */
export class MusigSession {
  readonly params: SessionParams;
  readonly #session: musig2.Session;
  #aggKey: AggregateKey | undefined;

  constructor(params: SessionParams) {
    const tweaks = params.tweaks ?? [];
    checkAggNonce('MusigSession: aggNonce', params.aggNonce);
    checkKeys('MusigSession', params.publicKeys);
    checkTweaks('MusigSession', tweaks);
    const msg = expectBytes('MusigSession: msg', params.msg);
    this.params = {
      aggNonce: params.aggNonce.slice(),
      publicKeys: params.publicKeys.map((k) => k.slice()),
      msg: msg.slice(),
      tweaks: tweaks.map((t) => ({ tweak: t.tweak.slice(), xOnly: t.xOnly })),
    };
    const key = `${bytesToHex(params.aggNonce)}|${params.publicKeys.map(bytesToHex).join(',')}|${bytesToHex(msg)}|${tweaks.map((t) => `${bytesToHex(t.tweak)}${t.xOnly ? 'x' : 'p'}`).join(',')}`;
    this.#session = sessionMemo.get(key, () =>
      library(
        'MusigSession',
        () =>
          new musig2.Session(
            params.aggNonce,
            [...params.publicKeys],
            msg,
            tweaks.map((t) => t.tweak),
            tweaks.map((t) => t.xOnly),
          ),
      ),
    );
  }

  /**
   * The session's aggregate key, computed on first use (only aggregation needs it) by session-values.ts's
   * memoised KeyAgg, which is cross-checked against the library's in session-values.test.ts.
   */
  get aggKey(): AggregateKey {
    if (this.#aggKey === undefined) {
      const { Q, gacc, tacc } = keyGenContext({ publicKeys: this.params.publicKeys, tweaks: this.params.tweaks ?? [] });
      this.#aggKey = { xonly: xonlyBytes(Q), compressed: compressedBytes(Q), gAcc: gacc, tweakAcc: tacc };
    }
    return this.#aggKey;
  }

  /**
   * BIP-327 Sign: this signer's 32-byte partial signature, self-verified by the library (BIP-327 recommends
   * it). Zeroes `secNonce`'s first 64 bytes. Prefer `NonceStore.sign`, which enforces single use durably.
   */
  partialSign(opts: { secNonce: Uint8Array; secKey: Uint8Array }): Uint8Array {
    const secNonce = expectBytes('partialSign: secNonce', opts.secNonce, SIZES.secNonce);
    const secKey = expectBytes('partialSign: secKey', opts.secKey, SIZES.secretKey);
    return library('partialSign', () => this.#session.sign(secNonce, secKey));
  }

  /** BIP-327 PartialSigVerify for signer `signerIndex`, given every signer's public nonce in key order. */
  partialVerify(opts: { partialSig: Uint8Array; pubNonces: readonly Uint8Array[]; signerIndex: number }): boolean {
    const partialSig = expectBytes('partialVerify: partialSig', opts.partialSig, SIZES.partialSig);
    const n = this.params.publicKeys.length;
    if (opts.pubNonces.length !== n) {
      throw new InputError(
        'partialVerify: pubNonces',
        `expected ${n} public nonces (one per key), got ${opts.pubNonces.length}`,
      );
    }
    if (!Number.isInteger(opts.signerIndex) || opts.signerIndex < 0 || opts.signerIndex >= n) {
      throw new InputError('partialVerify: signerIndex', `expected an integer in [0, ${n}), got ${opts.signerIndex}`);
    }
    opts.pubNonces.forEach((p, i) => checkPubNonce(`partialVerify: pubNonces[${i}]`, p, i));
    return library('partialVerify', () =>
      this.#session.partialSigVerify(partialSig, [...opts.pubNonces], opts.signerIndex),
    );
  }

  /**
   * BIP-327 PartialSigAgg: the 64-byte BIP-340 signature. Fails closed: the result is checked with noble's
   * `schnorr.verify` under the aggregate x-only key, so an invalid partial signature cannot slip through.
   */
  aggregate(partialSigs: readonly Uint8Array[]): Uint8Array {
    partialSigs.forEach((p, i) => expectBytes(`aggregate: partialSigs[${i}]`, p, SIZES.partialSig));
    const sig = library('aggregate', () => this.#session.partialSigAgg([...partialSigs]));
    if (!schnorrVerify({ pubKey: this.aggKey.xonly, msg: this.params.msg, sig })) {
      throw new InputError('aggregate', 'the aggregate signature does not verify: some partial signature is invalid');
    }
    return sig;
  }
}

/**
 * BIP-327 PartialSigVerify in one call: is `partialSig` signer `signerIndex`'s valid partial signature, given
 * every signer's public nonce (the aggregate nonce is recomputed from them, as the BIP does)? This is what B
 * runs on the bundle before asking S to pay; S's own check is `partialSigPoint` (it never sees s_A first).
 */
export function musigPartialSigVerify(opts: {
  partialSig: Uint8Array;
  pubNonces: readonly Uint8Array[];
  publicKeys: readonly Uint8Array[];
  msg: Uint8Array;
  tweaks?: readonly Tweak[];
  signerIndex: number;
}): boolean {
  const aggNonce = musigNonceAgg(opts.pubNonces);
  const session = new MusigSession({ aggNonce, publicKeys: opts.publicKeys, msg: opts.msg, tweaks: opts.tweaks ?? [] });
  return session.partialVerify(opts);
}

/** BIP-327 DeterministicSign (for a signer that wants no nonce state; used by the det_sign vectors). */
export function musigDeterministicSign(opts: {
  secKey: Uint8Array;
  aggOtherNonce: Uint8Array;
  publicKeys: readonly Uint8Array[];
  msg: Uint8Array;
  tweaks?: readonly Tweak[];
  rand?: Uint8Array;
}): { pubNonce: Uint8Array; partialSig: Uint8Array } {
  const tweaks = opts.tweaks ?? [];
  expectBytes('musigDeterministicSign: secKey', opts.secKey, SIZES.secretKey);
  // BIP-327 DeterministicSign parses aggothernonce with cpoint (not cpoint_ext) and blames 'aggothernonce'.
  checkNonce('musigDeterministicSign: aggOtherNonce', opts.aggOtherNonce, {
    ext: false,
    signer: null,
    contrib: 'aggothernonce',
  });
  checkKeys('musigDeterministicSign', opts.publicKeys);
  checkTweaks('musigDeterministicSign', tweaks);
  expectBytes('musigDeterministicSign: msg', opts.msg);
  if (opts.rand !== undefined) expectBytes('musigDeterministicSign: rand', opts.rand, SIZES.rand);
  const r = library('musigDeterministicSign', () =>
    musig2.deterministicSign(
      opts.secKey,
      opts.aggOtherNonce,
      [...opts.publicKeys],
      opts.msg,
      tweaks.map((t) => t.tweak),
      tweaks.map((t) => t.xOnly),
      opts.rand,
    ),
  );
  return { pubNonce: r.publicNonce, partialSig: r.partialSig };
}

// ---- boundary checks (before the library sees anything) ----

function checkKeys(where: string, publicKeys: readonly Uint8Array[]): void {
  if (publicKeys.length === 0) throw new InputError(`${where}: publicKeys`, 'expected at least one public key');
  publicKeys.forEach((k, i) => {
    expectBytes(`${where}: publicKeys[${i}]`, k, SIZES.compressedPoint);
    try {
      pointFromCompressed(`${where}: publicKeys[${i}]`, k);
    } catch (e) {
      throw new MusigContributionError(`${where}: publicKeys[${i}]`, i, 'pubkey', (e as Error).message);
    }
  });
}

function checkTweaks(where: string, tweaks: readonly Tweak[]): void {
  tweaks.forEach((t, i) => {
    // BIP-327 ApplyTweak: "Let t = int(tweak); fail if t ≥ n" (zero is allowed).
    scalarFromBytes(`${where}: tweaks[${i}].tweak`, t.tweak, { allowZero: true });
    if (typeof t.xOnly !== 'boolean') throw new InputError(`${where}: tweaks[${i}].xOnly`, 'expected a boolean');
  });
}

function checkPubNonce(where: string, pubNonce: Uint8Array, signer: number): void {
  checkNonce(where, pubNonce, { ext: false, signer, contrib: 'pubnonce' });
}

function checkAggNonce(where: string, aggNonce: Uint8Array): void {
  checkNonce(where, aggNonce, { ext: true, signer: null, contrib: 'aggnonce' });
}

/** Two 33-byte points: `cpoint` each for a public nonce, `cpoint_ext` each for an aggregate nonce. */
function checkNonce(
  where: string,
  nonce: Uint8Array,
  opts: { ext: boolean; signer: number | null; contrib: MusigContribution },
): void {
  expectBytes(where, nonce, SIZES.pubNonce);
  const parse = opts.ext ? pointFromCompressedExt : pointFromCompressed;
  try {
    parse(`${where} R1`, nonce.subarray(0, 33));
    parse(`${where} R2`, nonce.subarray(33, 66));
  } catch (e) {
    throw new MusigContributionError(where, opts.signer, opts.contrib, (e as Error).message);
  }
}

/** Runs a library call, mapping its errors to ours: InvalidContributionErr keeps its blame, others become InputError. */
function library<T>(where: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof InputError) throw e;
    if (e instanceof musig2.InvalidContributionErr) {
      const contrib =
        e.message === 'pubkey' || e.message === 'pubnonce' || e.message === 'psig' ? e.message : undefined;
      if (contrib === undefined) throw new InputError(where, `invalid contribution from signer ${e.idx}: ${e.message}`);
      throw new MusigContributionError(where, e.idx, contrib, `rejected by BIP-327 (${e.message})`);
    }
    throw new InputError(where, (e as Error).message);
  }
}
