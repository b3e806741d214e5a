/**
 * `npm run bench -- crypto [--quick]`: the cost of one sale's cryptography (S's checks and completion) and
 * of a whole payment, beside the raw curve operations they are made of (noble's base-point multiplication,
 * a general point multiplication and `schnorr.verify`), with each figure's ratio to one base multiplication
 * and to one verify, so the overhead of our code is visible.
 *
 * Method: each case runs a warm-up, then batches until at least the time budget (1 s, 0.25 s with --quick)
 * has passed, timed with `process.hrtime.bigint()`; the figure is the mean time per operation. Inputs are
 * fixed (derived from labels), so runs are comparable. Single-threaded, so one core is used.
 */
import { sha256 } from '../impl/crypto/setup.ts';
import * as secp from '@noble/secp256k1';
import {
  MusigSession,
  NonceStore,
  Point,
  adapt,
  adaptorPointOf,
  bytesToBigInt,
  equalBytes,
  extract,
  musigKeyAgg,
  musigKeySort,
  musigNonceAgg,
  musigNonceGen,
  musigPartialSigVerify,
  openEnvelope,
  partialSigPoint,
  partialSigPointBytes,
  preSign,
  preVerify,
  sealEnvelope,
  compressedPubKey,
  xonlyPubKey,
  utf8,
} from '../impl/crypto/index.ts';

const bytes = (label: string) => sha256(utf8(`apln bench ${label}`));

type Row = { name: string; nsPerOp: number };

function measure(name: string, budgetMs: number, op: (i: number) => void): Row {
  let i = 0;
  const warmEnd = process.hrtime.bigint() + BigInt(Math.round(budgetMs * 0.2e6));
  while (process.hrtime.bigint() < warmEnd) op(i++);
  let ops = 0;
  let elapsed = 0n;
  const budget = BigInt(Math.round(budgetMs * 1e6));
  let batch = 1;
  while (elapsed < budget) {
    const t0 = process.hrtime.bigint();
    for (let k = 0; k < batch; k++) op(i++);
    elapsed += process.hrtime.bigint() - t0;
    ops += batch;
    batch = Math.min(batch * 2, 1024);
  }
  return { name, nsPerOp: Number(elapsed) / ops };
}

/** Fixed channel, session and sale data; `fresh*` give what a loop iteration consumes. */
function fixture() {
  const aSec = bytes('A');
  const sSec = bytes('S');
  const bSec = bytes('B');
  const A = compressedPubKey(aSec);
  const S = compressedPubKey(sSec);
  const B = compressedPubKey(bSec);
  const keys = musigKeySort([A, S]);
  const aggKey = musigKeyAgg(keys);
  const msg = bytes('U(n+1) sighash');
  const aN = musigNonceGen({ pubKey: A, secKey: aSec, aggPubKey: aggKey.xonly, msg, rand: bytes('A nonce') });
  const sN = musigNonceGen({ pubKey: S, secKey: sSec, aggPubKey: aggKey.xonly, msg, rand: bytes('S nonce') });
  const inKeyOrder = <T>(forA: T, forS: T) => keys.map((k) => (equalBytes(k, A) ? forA : forS));
  const pubNonces = inKeyOrder(aN.pubNonce, sN.pubNonce);
  const aggNonce = musigNonceAgg(pubNonces);
  const session = new MusigSession({ aggNonce, publicKeys: keys, msg });
  const sA = session.partialSign({ secNonce: aN.secNonce.slice(), secKey: aSec });
  const T = adaptorPointOf(sA);
  const ptlcSec = bytes('S ptlc');
  const ptlcPub = xonlyPubKey(ptlcSec);
  const claimMsg = bytes('claim sighash');
  const preSig = preSign({ secKey: ptlcSec, msg: claimMsg, adaptorPoint: T, auxRand: bytes('aux') });
  const claimSig = adapt({ preSig, secret: sA, pubKey: ptlcPub, msg: claimMsg });
  return {
    aSec,
    sSec,
    bSec,
    A,
    S,
    B,
    keys,
    aggKey,
    msg,
    aN,
    sN,
    pubNonces,
    aggNonce,
    session,
    sA,
    T,
    ptlcSec,
    ptlcPub,
    claimMsg,
    preSig,
    claimSig,
    inKeyOrder,
  };
}

export async function run(args: readonly string[] = []): Promise<void> {
  const budgetMs = args.includes('--quick') ? 250 : 1000;
  const f = fixture();
  const scalars = Array.from({ length: 64 }, (_, i) => (bytesToBigInt(bytes(`k${i}`)) % (Point.CURVE().n - 1n)) + 1n);
  const P = Point.fromBytes(f.A);
  const sigs = scalars.slice(0, 16).map((_, i) => {
    const m = bytes(`m${i}`);
    return { m, sig: secp.schnorr.sign(m, f.aSec, bytes(`aux${i}`)) };
  });
  const aPubX = xonlyPubKey(f.aSec);
  const aSignerIndex = f.keys.findIndex((k) => equalBytes(k, f.A));
  const pspInput = { pubNonce: f.aN.pubNonce, aggNonce: f.aggNonce, publicKeys: f.keys, signerPubKey: f.A, msg: f.msg };

  /** S's side of one sale: check T, lock the PTLC, see the claim, extract s_A, sign, aggregate (verified). */
  const saleS = (i: number) => {
    if (!equalBytes(partialSigPointBytes(pspInput), f.T)) throw new Error('bench: T mismatch');
    const preSig = preSign({ secKey: f.ptlcSec, msg: f.claimMsg, adaptorPoint: f.T, auxRand: bytes(`lock${i % 8}`) });
    const claimSig = adapt({ preSig, secret: f.sA, pubKey: f.ptlcPub, msg: f.claimMsg }); // B's step, for the data
    if (!secp.schnorr.verify(claimSig, f.claimMsg, f.ptlcPub)) throw new Error('bench: claim');
    const learned = extract({ sig: claimSig, preSig, adaptorPoint: f.T });
    // Bench only: the same session and message each time, so re-signing gives the same s_S (no leak).
    const sS = f.session.partialSign({ secNonce: f.sN.secNonce.slice(), secKey: f.sSec });
    f.session.aggregate(f.inKeyOrder(learned, sS));
  };
  // The figure for S alone subtracts nothing: B's adapt is listed on its own row below.

  /** A whole payment: nonces, A signs, mailbox, B checks, S checks, PTLC, claim, extraction, final signature. */
  const payment = (i: number) => {
    const aStore = new NonceStore();
    const sStore = new NonceStore();
    const id = `U${i}`;
    const aPub = aStore.generate({
      id,
      pubKey: f.A,
      secKey: f.aSec,
      aggPubKey: f.aggKey.xonly,
      msg: f.msg,
      rand: bytes(`ra${i % 8}`),
    });
    const sPub = sStore.generate({
      id,
      pubKey: f.S,
      secKey: f.sSec,
      aggPubKey: f.aggKey.xonly,
      msg: f.msg,
      rand: bytes(`rs${i % 8}`),
    });
    const pubNonces = f.inKeyOrder(aPub, sPub);
    const aggNonce = musigNonceAgg(pubNonces);
    const session = new MusigSession({ aggNonce, publicKeys: f.keys, msg: f.msg });
    const sA = aStore.sign({ id, session, secKey: f.aSec });
    const envelope = sealEnvelope({ recipientPubKey: f.B, plaintext: sA, aad: utf8('b'), rand: bytes(`n${i % 8}`) });
    const got = openEnvelope({ recipientSecKey: f.bSec, envelope, aad: utf8('b') }).plaintext;
    if (
      !musigPartialSigVerify({ partialSig: got, pubNonces, publicKeys: f.keys, msg: f.msg, signerIndex: aSignerIndex })
    )
      throw new Error('bench: s_A');
    const T = adaptorPointOf(got);
    if (
      !equalBytes(
        partialSigPointBytes({ pubNonce: aPub, aggNonce, publicKeys: f.keys, signerPubKey: f.A, msg: f.msg }),
        T,
      )
    )
      throw new Error('bench: T');
    const preSig = preSign({ secKey: f.ptlcSec, msg: f.claimMsg, adaptorPoint: T, auxRand: bytes(`lock${i % 8}`) });
    if (!preVerify({ pubKey: f.ptlcPub, msg: f.claimMsg, adaptorPoint: T, preSig })) throw new Error('bench: preSig');
    const claimSig = adapt({ preSig, secret: got, pubKey: f.ptlcPub, msg: f.claimMsg });
    const learned = extract({ sig: claimSig, preSig, adaptorPoint: T });
    const sS = sStore.sign({ id, session, secKey: f.sSec });
    session.aggregate(f.inKeyOrder(learned, sS));
  };

  const rows: Row[] = [
    measure('noble Point.BASE.multiply', budgetMs, (i) => Point.BASE.multiply(scalars[i % 64] as bigint)),
    measure('noble P.multiply (other point)', budgetMs, (i) => P.multiply(scalars[i % 64] as bigint)),
    measure('noble P.multiplyUnsafe (public data)', budgetMs, (i) => P.multiplyUnsafe(scalars[i % 64] as bigint)),
    measure('noble schnorr.verify', budgetMs, (i) => {
      const s = sigs[i % 16] as { m: Uint8Array; sig: Uint8Array };
      secp.schnorr.verify(s.sig, s.m, aPubX);
    }),
    measure('partialSigPoint (S checks T)', budgetMs, () => partialSigPoint(pspInput)),
    measure('musigPartialSigVerify (B checks s_A)', budgetMs, () =>
      musigPartialSigVerify({
        partialSig: f.sA,
        pubNonces: f.pubNonces,
        publicKeys: f.keys,
        msg: f.msg,
        signerIndex: aSignerIndex,
      }),
    ),
    measure('preSign (self-verified)', budgetMs, (i) =>
      preSign({ secKey: f.ptlcSec, msg: f.claimMsg, adaptorPoint: f.T, auxRand: bytes(`lock${i % 8}`) }),
    ),
    measure('preVerify', budgetMs, () =>
      preVerify({ pubKey: f.ptlcPub, msg: f.claimMsg, adaptorPoint: f.T, preSig: f.preSig }),
    ),
    measure('adapt (self-verified)', budgetMs, () =>
      adapt({ preSig: f.preSig, secret: f.sA, pubKey: f.ptlcPub, msg: f.claimMsg }),
    ),
    measure('extract', budgetMs, () => extract({ sig: f.claimSig, preSig: f.preSig, adaptorPoint: f.T })),
    measure('MuSig2 partialSign (self-verified)', budgetMs, () =>
      f.session.partialSign({ secNonce: f.sN.secNonce.slice(), secKey: f.sSec }),
    ),
    measure('one sale, S side (+B adapt)', budgetMs, saleS),
    measure('whole payment (A, B, S, mailbox)', budgetMs, payment),
  ];

  const mul = rows[0]?.nsPerOp ?? 1;
  const ver = rows.find((r) => r.name === 'noble schnorr.verify')?.nsPerOp ?? 1;
  const w = Math.max(...rows.map((r) => r.name.length));
  const line = (cells: string[]) => cells.join('  ');
  process.stdout.write(
    `crypto (node ${process.version}, ${budgetMs} ms per case after warm-up; mean per operation)\n` +
      line([
        'case'.padEnd(w),
        'µs/op'.padStart(10),
        'ops/s'.padStart(9),
        '× base mul'.padStart(11),
        '× verify'.padStart(9),
      ]) +
      '\n',
  );
  for (const r of rows) {
    process.stdout.write(
      `${line([
        r.name.padEnd(w),
        (r.nsPerOp / 1e3).toFixed(1).padStart(10),
        (1e9 / r.nsPerOp).toFixed(0).padStart(9),
        (r.nsPerOp / mul).toFixed(2).padStart(11),
        (r.nsPerOp / ver).toFixed(2).padStart(9),
      ])}\n`,
    );
  }
}
