/**
 * The whole cryptographic sale of PROTOCOL.md scheme 1, end to end with real keys: A's partial signature
 * s_A on U(n+1) → B through the mailbox → T = s_A⋅G → S checks T against the partial-signature point from
 * public data → PTLC locked to T (adaptor signature) → B claims it by completing with s_A → S extracts s_A →
 * S adds its own partial signature → a complete BIP-340 signature on U(n+1) that noble verifies.
 * The message stands in for U(n+1)'s BIP-118 sighash (computed by impl/tx, not here).
 */
import { describe, expect, it } from 'vitest';
import { secp, sha256 } from './setup.ts';
import { adapt, adaptorPointOf, extract, preSign, preVerify } from './adaptor.ts';
import { musigAdaptorAggNonce, musigAdaptorPartialVerify, musigAdaptorPreSigAgg } from './adaptor-musig.ts';
import { bytesToHex, concatBytes, equalBytes, utf8 } from './bytes.ts';
import { MailboxTamperedError } from './errors.ts';
import { openEnvelope, sealEnvelope } from './mailbox.ts';
import {
  MusigSession,
  musigKeyAgg,
  musigKeySort,
  musigNonceAgg,
  musigNonceGen,
  musigPartialSigVerify,
} from './musig.ts';
import { NonceStore } from './nonce-store.ts';
import { partialSigPointBytes } from './partial-sig-point.ts';
import { compressedPubKey, xonlyPubKey } from './schnorr.ts';

const key = (label: string) => sha256(utf8(`apln test key ${label}`));
const rand = (label: string) => sha256(utf8(`apln test rand ${label}`));

const aSec = key('A');
const sSec = key('S');
const bSec = key('B');
const A = compressedPubKey(aSec);
const S = compressedPubKey(sSec);
const B = compressedPubKey(bSec);
/** The A–S channel key: both keys, sorted (BIP-327 KeySort), aggregated. */
const channelKeys = musigKeySort([A, S]);
const channelKey = musigKeyAgg(channelKeys);
const updateMsg = sha256(utf8('U(n+1) sighash stand-in'));

/** Steps 1–4: A and S exchange nonces for U(n+1); A partially signs it and seals the bundle to B. */
function payerPreSigns(msg = updateMsg) {
  const aStore = new NonceStore();
  const sStore = new NonceStore();
  const aPubNonce = aStore.generate({
    id: 'U(n+1)',
    pubKey: A,
    secKey: aSec,
    aggPubKey: channelKey.xonly,
    msg,
    rand: rand('A nonce'),
  });
  const sPubNonce = sStore.generate({
    id: 'U(n+1)',
    pubKey: S,
    secKey: sSec,
    aggPubKey: channelKey.xonly,
    msg,
    rand: rand('S nonce'),
  });
  const pubNonces = channelKeys.map((k) => (equalBytes(k, A) ? aPubNonce : sPubNonce)); // in key order
  const aggNonce = musigNonceAgg(pubNonces);
  const session = new MusigSession({ aggNonce, publicKeys: channelKeys, msg });
  const sA = aStore.sign({ id: 'U(n+1)', session, secKey: aSec });
  // The bundle: U(n+1)'s message, s_A, and the public data that lets anyone check s_A.
  const bundle = concatBytes(msg, sA, aPubNonce, sPubNonce);
  const envelope = sealEnvelope({
    recipientPubKey: B,
    plaintext: bundle,
    aad: utf8('apln bundle v1'),
    rand: rand('mailbox'),
  });
  return { sStore, aPubNonce, sPubNonce, pubNonces, aggNonce, session, sA, envelope };
}

/** Step 5: B opens the envelope, checks s_A, and derives the payment point T = s_A⋅G. */
function payeeInvoices(envelope: Uint8Array) {
  const { plaintext } = openEnvelope({ recipientSecKey: bSec, envelope, aad: utf8('apln bundle v1') });
  const msg = plaintext.subarray(0, 32);
  const sA = plaintext.subarray(32, 64);
  const aPubNonce = plaintext.subarray(64, 130);
  const sPubNonce = plaintext.subarray(130, 196);
  const pubNonces = channelKeys.map((k) => (equalBytes(k, A) ? aPubNonce : sPubNonce));
  const signerIndex = channelKeys.findIndex((k) => equalBytes(k, A));
  expect(musigPartialSigVerify({ partialSig: sA, pubNonces, publicKeys: channelKeys, msg, signerIndex })).toBe(true);
  return { sA, T: adaptorPointOf(sA), msg };
}

describe('the cryptographic sale (scheme 1), end to end', () => {
  it('S buys s_A through a single-signer PTLC and ends with a complete BIP-340 signature on U(n+1)', () => {
    const a = payerPreSigns();
    const b = payeeInvoices(a.envelope);

    // Step 6: S computes, from public data only, the point s_A must have, and checks B's T against it.
    const expectedT = partialSigPointBytes({
      pubNonce: a.aPubNonce,
      aggNonce: a.aggNonce,
      publicKeys: channelKeys,
      signerPubKey: A,
      msg: updateMsg,
    });
    expect(bytesToHex(b.T)).toBe(bytesToHex(expectedT));

    // Step 7: S locks the PTLC to T: a pre-signature on the claim under T with S's PTLC key.
    const claimMsg = sha256(utf8('PTLC claim tx sighash stand-in'));
    const ptlcKey = key('S ptlc');
    const preSig = preSign({ secKey: ptlcKey, msg: claimMsg, adaptorPoint: b.T, auxRand: rand('S ptlc aux') });
    expect(preVerify({ pubKey: xonlyPubKey(ptlcKey), msg: claimMsg, adaptorPoint: b.T, preSig })).toBe(true); // B checks it

    // Step 8: B claims by completing with s_A; the claim signature is valid for noble.
    const claimSig = adapt({ preSig, secret: b.sA, pubKey: xonlyPubKey(ptlcKey), msg: claimMsg });
    expect(secp.schnorr.verify(claimSig, claimMsg, xonlyPubKey(ptlcKey))).toBe(true);

    // S sees the claim and extracts s_A, then adds its own partial signature.
    const learned = extract({ sig: claimSig, preSig, adaptorPoint: b.T });
    expect(bytesToHex(learned)).toBe(bytesToHex(a.sA));
    const sS = a.sStore.sign({ id: 'U(n+1)', session: a.session, secKey: sSec });
    const partialSigs = channelKeys.map((k) => (equalBytes(k, A) ? learned : sS));
    const updateSig = a.session.aggregate(partialSigs);
    expect(secp.schnorr.verify(updateSig, updateMsg, channelKey.xonly)).toBe(true);
  });

  it('S buys s_A through a 2-of-2 MuSig2 PTLC with B, and ends with the same complete signature', () => {
    const a = payerPreSigns();
    const b = payeeInvoices(a.envelope);
    expect(bytesToHex(b.T)).toBe(
      bytesToHex(
        partialSigPointBytes({
          pubNonce: a.aPubNonce,
          aggNonce: a.aggNonce,
          publicKeys: channelKeys,
          signerPubKey: A,
          msg: updateMsg,
        }),
      ),
    );

    // The S–B PTLC output is a MuSig2 key of S and B; both co-sign the claim on the T-adapted nonce.
    const ptlcKeys = musigKeySort([S, B]);
    const ptlcKey = musigKeyAgg(ptlcKeys);
    const claimMsg = sha256(utf8('PTLC claim tx sighash stand-in'));
    const sN = musigNonceGen({
      pubKey: S,
      secKey: sSec,
      aggPubKey: ptlcKey.xonly,
      msg: claimMsg,
      rand: rand('S ptlc nonce'),
    });
    const bN = musigNonceGen({
      pubKey: B,
      secKey: bSec,
      aggPubKey: ptlcKey.xonly,
      msg: claimMsg,
      rand: rand('B ptlc nonce'),
    });
    const aggNonce = musigAdaptorAggNonce({
      aggNonce: musigNonceAgg(ptlcKeys.map((k) => (equalBytes(k, S) ? sN.pubNonce : bN.pubNonce))),
      adaptorPoint: b.T,
    });
    const claim = new MusigSession({ aggNonce, publicKeys: ptlcKeys, msg: claimMsg });
    const sPsig = claim.partialSign({ secNonce: sN.secNonce, secKey: sSec });
    expect(
      musigAdaptorPartialVerify({ params: claim.params, partialSig: sPsig, pubNonce: sN.pubNonce, signerPubKey: S }),
    ).toBe(true); // B checks S
    const bPsig = claim.partialSign({ secNonce: bN.secNonce, secKey: bSec });
    const preSig = musigAdaptorPreSigAgg({
      params: claim.params,
      adaptorPoint: b.T,
      partialSigs: ptlcKeys.map((k) => (equalBytes(k, S) ? sPsig : bPsig)),
    });
    const claimSig = adapt({ preSig, secret: b.sA, pubKey: ptlcKey.xonly, msg: claimMsg });
    expect(secp.schnorr.verify(claimSig, claimMsg, ptlcKey.xonly)).toBe(true);

    const learned = extract({ sig: claimSig, preSig, adaptorPoint: b.T });
    const sS = a.sStore.sign({ id: 'U(n+1)', session: a.session, secKey: sSec });
    const updateSig = a.session.aggregate(channelKeys.map((k) => (equalBytes(k, A) ? learned : sS)));
    expect(secp.schnorr.verify(updateSig, updateMsg, channelKey.xonly)).toBe(true);
  });

  it('S refuses to lock a PTLC to a point that is not A’s partial-signature point', () => {
    const a = payerPreSigns();
    // B (or anyone) asks payment for a point that is not s_A⋅G: e.g. S's own nonce-derived data, or junk.
    const forged = adaptorPointOf(key('junk'));
    const expectedT = partialSigPointBytes({
      pubNonce: a.aPubNonce,
      aggNonce: a.aggNonce,
      publicKeys: channelKeys,
      signerPubKey: A,
      msg: updateMsg,
    });
    expect(equalBytes(forged, expectedT)).toBe(false);
    // Nor is S's own partial-signature point accepted as A's.
    const sPoint = partialSigPointBytes({
      pubNonce: a.sPubNonce,
      aggNonce: a.aggNonce,
      publicKeys: channelKeys,
      signerPubKey: S,
      msg: updateMsg,
    });
    expect(equalBytes(sPoint, expectedT)).toBe(false);
  });

  it('a bundle for a superseded update has another point: S’s check for the current U(n+1) fails', () => {
    const stale = payerPreSigns(sha256(utf8('U(n) sighash stand-in')));
    const b = payeeInvoices(stale.envelope);
    const current = partialSigPointBytes({
      pubNonce: stale.aPubNonce,
      aggNonce: stale.aggNonce,
      publicKeys: channelKeys,
      signerPubKey: A,
      msg: updateMsg,
    });
    expect(equalBytes(b.T, current)).toBe(false);
  });

  it('B detects a bundle that the mailbox tampered with', () => {
    const a = payerPreSigns();
    const tampered = a.envelope.slice();
    tampered[100] = (tampered[100] ?? 0) ^ 1; // inside the encrypted s_A
    expect(() => payeeInvoices(tampered)).toThrow(MailboxTamperedError);
  });
});
