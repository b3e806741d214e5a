/**
 * Issue 13, nonces: a MuSig2 public nonce never signs two different messages, under any seed, across restarts
 * and restores of older snapshots; the nonce-reuse key recovery (three partial signatures, one nonce) works on
 * nonces that ignore the message and finds nothing to work on in the nodes' nonces.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bytesToHex } from '../crypto/bytes.ts';
import { MusigSession, musigKeyAgg, musigKeySort, musigNonceAgg, musigNonceGen } from '../crypto/musig.ts';
import { recoverKeyFromNonceReuse, type ObservedPartial } from '../crypto/nonce-reuse-attack.ts';
import { compressedPubKey } from '../crypto/schnorr.ts';
import { taggedHash } from '../crypto/tagged-hash.ts';
import { randArb, runs, secKeyArb } from '../crypto/arbitraries.ts';
import { musigPartialSigVerify } from '../crypto/musig.ts';
import { msgOf, pubNoncesInOrder } from './eltoo-sign.ts';
import { channelKeys, keyTweaks, signerIndex } from './channel-txs.ts';
import { World } from './world.ts';
import { fromHex } from './wire.ts';

/** Three sessions where `signer` uses one nonce (generated without the message) on three messages. */
function reusedNonceSessions(o: { signer: Uint8Array; other: Uint8Array; rand: Uint8Array; withMsg: boolean }): {
  observed: ObservedPartial[];
  pubNonces: string[];
} {
  const P = compressedPubKey(o.signer);
  const keys = musigKeySort([P, compressedPubKey(o.other)]);
  const aggPubKey = musigKeyAgg(keys).xonly;
  const observed: ObservedPartial[] = [];
  const pubNonces: string[] = [];
  for (let i = 0; i < 3; i++) {
    const msg = taggedHash('test/msg', Uint8Array.of(i));
    // The signer's nonce: the same rand each time (an RNG that repeats: same seed, or a restored snapshot).
    const mine = musigNonceGen({ pubKey: P, secKey: o.signer, aggPubKey, rand: o.rand, ...(o.withMsg ? { msg } : {}) });
    const theirs = musigNonceGen({
      pubKey: compressedPubKey(o.other),
      rand: taggedHash('test/other', Uint8Array.of(i)),
    });
    const pub = keys.map((k) => (bytesToHex(k) === bytesToHex(P) ? mine.pubNonce : theirs.pubNonce));
    const aggNonce = musigNonceAgg(pub);
    const partialSig = new MusigSession({ aggNonce, publicKeys: keys, msg }).partialSign({
      secNonce: mine.secNonce,
      secKey: o.signer,
    });
    observed.push({ aggNonce, publicKeys: keys, msg, signerPubKey: P, partialSig });
    pubNonces.push(bytesToHex(mine.pubNonce));
  }
  return { observed, pubNonces };
}

describe('the nonce-reuse key recovery', () => {
  it('recovers the secret key from three partial signatures with a nonce that ignores the message (the attack is real)', () => {
    fc.assert(
      fc.property(secKeyArb, secKeyArb, randArb, (signer, other, rand) => {
        fc.pre(bytesToHex(signer) !== bytesToHex(other));
        const { observed, pubNonces } = reusedNonceSessions({ signer, other, rand, withMsg: false });
        expect(new Set(pubNonces).size).toBe(1);
        expect(bytesToHex(recoverKeyFromNonceReuse(observed) ?? new Uint8Array())).toBe(bytesToHex(signer));
      }),
      { numRuns: runs(5) },
    );
  });

  it('finds no shared nonce when NonceGen hashes the message: the same rand gives three different nonces', () => {
    fc.assert(
      fc.property(secKeyArb, secKeyArb, randArb, (signer, other, rand) => {
        fc.pre(bytesToHex(signer) !== bytesToHex(other));
        const { pubNonces } = reusedNonceSessions({ signer, other, rand, withMsg: true });
        expect(new Set(pubNonces).size).toBe(3);
      }),
      { numRuns: runs(5) },
    );
  });

  it('gives different nonces for two different messages under any rand, key, aggregate key and extra input', () => {
    fc.assert(
      fc.property(
        secKeyArb,
        randArb,
        randArb,
        fc.uint8Array({ maxLength: 40 }),
        fc.uint8Array({ maxLength: 40 }),
        fc.uint8Array({ maxLength: 40 }),
        (sk, rand, agg, m1, m2, extraIn) => {
          fc.pre(bytesToHex(m1) !== bytesToHex(m2));
          const pubKey = compressedPubKey(sk);
          const a = musigNonceGen({ pubKey, secKey: sk, aggPubKey: agg, msg: m1, extraIn, rand });
          const b = musigNonceGen({ pubKey, secKey: sk, aggPubKey: agg, msg: m2, extraIn, rand });
          expect(bytesToHex(a.pubNonce)).not.toBe(bytesToHex(b.pubNonce));
        },
      ),
      { numRuns: runs(30) },
    );
  });
});

type Signed = { node: string; pubNonce: string; msg: string; partialSig: string; observed: ObservedPartial };

/** Every partial signature A and S made on their channel so far, with the public session data. */
function signedSoFar(w: World): Signed[] {
  const out: Signed[] = [];
  const ch = w.channelOf('S', 'A');
  for (const p of ch.proposals) {
    for (const kind of ['update', 'settle'] as const) {
      const partials =
        kind === 'update'
          ? { party: p.partyUpdatePartial, hub: p.hubUpdatePartial }
          : { party: p.partySettlePartial, hub: p.hubSettlePartial };
      if (p.hubUpdateNonce === null || p.hubSettleNonce === null) continue;
      const pubNonces = pubNoncesInOrder(ch, p, kind);
      const msg = msgOf(ch, p, kind);
      for (const side of ['party', 'hub'] as const) {
        const partial = partials[side];
        if (partial === null) continue;
        const key = side === 'party' ? ch.partyKey : ch.hubKey;
        const i = signerIndex(ch, key);
        const tweaks = keyTweaks(ch, kind);
        const observed = {
          aggNonce: musigNonceAgg(pubNonces),
          publicKeys: channelKeys(ch),
          tweaks,
          msg,
          signerPubKey: fromHex(key),
          partialSig: fromHex(partial),
        };
        expect(
          musigPartialSigVerify({
            partialSig: fromHex(partial),
            pubNonces,
            publicKeys: channelKeys(ch),
            tweaks,
            msg,
            signerIndex: i,
          }),
        ).toBe(true);
        out.push({
          node: side === 'party' ? 'A' : 'S',
          pubNonce: bytesToHex(pubNonces[i] ?? new Uint8Array()),
          msg: bytesToHex(msg),
          partialSig: partial,
          observed,
        });
      }
    }
  }
  return out;
}

describe('channel nonces under restores of older snapshots', () => {
  it('never sign two different messages with one public nonce, so the key recovery has nothing to work on', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.uniqueArray(fc.integer({ min: 1_000, max: 50_000 }), { minLength: 3, maxLength: 3 }),
        (seed, amounts) => {
          const w = new World({ seed, hops: 0, scheme: 1, decorrelate: false });
          const oldA = JSON.parse(JSON.stringify(w.node('A').snapshot));
          const oldS = JSON.parse(JSON.stringify(w.node('S').snapshot));
          const seen: Signed[] = [];
          for (const amountSat of amounts) {
            // Both A and S come back from the same older snapshot (a backup restored): their RNG counters repeat.
            w.setSnapshot('A', structuredClone(oldA));
            w.setSnapshot('S', structuredClone(oldS));
            w.dropQueued(() => true);
            expect(
              w.command('A', { kind: 'PayerPay', payee: 'B', amountSat, feeSat: 100, expiryHeight: w.height + 144 }),
            ).toBeUndefined();
            w.deliver();
            w.restart('A');
            w.restart('S');
            seen.push(...signedSoFar(w));
          }
          // Not vacuous: A and S each signed the settlement of state 1 three times (three amounts).
          expect(seen.filter((s) => s.node === 'A').length).toBeGreaterThanOrEqual(3);
          expect(seen.filter((s) => s.node === 'S').length).toBeGreaterThanOrEqual(3);
          const byNonce = new Map<string, Signed[]>();
          for (const s of seen)
            byNonce.set(`${s.node}/${s.pubNonce}`, [...(byNonce.get(`${s.node}/${s.pubNonce}`) ?? []), s]);
          for (const [nonce, list] of byNonce) {
            expect(new Set(list.map((s) => s.msg)).size, `nonce ${nonce} signed more than one message`).toBe(1);
            const distinct = [...new Map(list.map((s) => [s.partialSig, s.observed])).values()];
            expect(recoverKeyFromNonceReuse(distinct)).toBeNull();
          }
        },
      ),
      { numRuns: runs(3) },
    );
  });
});
