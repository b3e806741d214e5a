import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { secp } from './setup.ts';
import { bytesToHex, concatBytes, utf8 } from './bytes.ts';
import { MailboxTamperedError } from './errors.ts';
import {
  MAILBOX_HEADER_BYTES,
  MAILBOX_HKDF_INFO,
  MAILBOX_NONCE_OFFSET,
  MAILBOX_SENDER_BYTES,
  openEnvelope,
  sealEnvelope,
} from './mailbox.ts';
import { compressedPubKey } from './schnorr.ts';
import { randArb, runs, secKeyArb } from './arbitraries.ts';
import { InputError } from '../../util/input-error.ts';

const caseArb = fc.record({
  sender: secKeyArb,
  recipient: secKeyArb,
  plaintext: fc.uint8Array({ maxLength: 300 }),
  aad: fc.uint8Array({ maxLength: 40 }),
  rand: randArb,
  signed: fc.boolean(),
});
type Case = {
  sender: Uint8Array;
  recipient: Uint8Array;
  plaintext: Uint8Array;
  aad: Uint8Array;
  rand: Uint8Array;
  signed: boolean;
};

const seal = (c: Case) =>
  sealEnvelope({
    recipientPubKey: compressedPubKey(c.recipient),
    plaintext: c.plaintext,
    aad: c.aad,
    rand: c.rand,
    ...(c.signed ? { senderSecKey: c.sender } : {}),
  });

/** An independent reimplementation of the key schedule from the file comment (HKDF over the ECDH point). */
function keyAndNonce(
  secKey: Uint8Array,
  peer: Uint8Array,
  E: Uint8Array,
  R: Uint8Array,
): { key: Uint8Array; nonce: Uint8Array } {
  const okm = hkdf(sha256, secp.getSharedSecret(secKey, peer, true), concatBytes(E, R), utf8(MAILBOX_HKDF_INFO), 56);
  return { key: okm.slice(0, 32), nonce: okm.slice(32) };
}

/** The recipient's view of the inner block (flag, [sender key, signature], plaintext). */
function innerOf(recipient: Uint8Array, envelope: Uint8Array, aad: Uint8Array): Uint8Array {
  const E = envelope.slice(1, MAILBOX_NONCE_OFFSET);
  const R = compressedPubKey(recipient);
  const { key, nonce } = keyAndNonce(recipient, E, E, R);
  return xchacha20poly1305(key, nonce, concatBytes(envelope.subarray(0, MAILBOX_HEADER_BYTES), R, aad)).decrypt(
    envelope.subarray(MAILBOX_HEADER_BYTES),
  );
}

describe('mailbox sealed box (fast-check)', () => {
  it('opens to the sealed plaintext, naming the sender only when it signed', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const envelope = seal(c);
        const opened = openEnvelope({
          recipientSecKey: c.recipient,
          envelope,
          aad: c.aad,
          ...(c.signed ? { expectedSenderPubKey: compressedPubKey(c.sender) } : {}),
        });
        expect(bytesToHex(opened.plaintext)).toBe(bytesToHex(c.plaintext));
        expect(opened.senderPubKey === null ? null : bytesToHex(opened.senderPubKey)).toBe(
          c.signed ? bytesToHex(compressedPubKey(c.sender)) : null,
        );
        expect(envelope.length).toBe(
          MAILBOX_HEADER_BYTES + (c.signed ? MAILBOX_SENDER_BYTES : 1) + c.plaintext.length + 16,
        );
      }),
      { numRuns: runs(30) },
    );
  });

  it('shows the relay no sender key: the header is the version, a fresh ephemeral key and the nonce', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const hex = bytesToHex(seal({ ...c, signed: true }));
        const sender = compressedPubKey(c.sender);
        expect(hex.includes(bytesToHex(sender.subarray(1)))).toBe(false);
      }),
      { numRuns: runs(20) },
    );
  });

  it('never reuses a keystream: two envelopes to one recipient from one repeated rand differ in ephemeral key and nonce, and c1 ⊕ c2 ≠ p1 ⊕ p2', () => {
    fc.assert(
      fc.property(caseArb, fc.uint8Array({ minLength: 16, maxLength: 300 }), (c, other) => {
        const p1 = concatBytes(c.plaintext, new Uint8Array(16));
        fc.pre(bytesToHex(other) !== bytesToHex(p1));
        const a = seal({ ...c, plaintext: p1, signed: false });
        const b = seal({ ...c, plaintext: other, signed: false });
        expect(bytesToHex(a.subarray(1, MAILBOX_NONCE_OFFSET))).not.toBe(
          bytesToHex(b.subarray(1, MAILBOX_NONCE_OFFSET)),
        );
        expect(bytesToHex(a.subarray(MAILBOX_NONCE_OFFSET, MAILBOX_HEADER_BYTES))).not.toBe(
          bytesToHex(b.subarray(MAILBOX_NONCE_OFFSET, MAILBOX_HEADER_BYTES)),
        );
        // The check of issue 13: with a shared key and nonce, c1 ⊕ c2 = p1 ⊕ p2 on the common prefix.
        const n = Math.min(p1.length, other.length);
        const i1 = concatBytes(Uint8Array.of(0), p1);
        const i2 = concatBytes(Uint8Array.of(0), other);
        let same = true;
        for (let i = 0; i < n; i++) {
          if (
            ((a[MAILBOX_HEADER_BYTES + i] ?? 0) ^ (b[MAILBOX_HEADER_BYTES + i] ?? 0)) !==
            ((i1[i] ?? 0) ^ (i2[i] ?? 0))
          )
            same = false;
        }
        expect(same).toBe(false);
      }),
      { numRuns: runs(20) },
    );
  });

  it('detects a change to any byte of the envelope', () => {
    fc.assert(
      fc.property(caseArb, fc.nat(), fc.integer({ min: 1, max: 255 }), (c, at, flip) => {
        const envelope = seal(c);
        const i = at % envelope.length;
        const tampered = envelope.slice();
        tampered[i] = (tampered[i] ?? 0) ^ flip;
        expect(() => openEnvelope({ recipientSecKey: c.recipient, envelope: tampered, aad: c.aad })).toThrow(
          MailboxTamperedError,
        );
      }),
      { numRuns: runs(40) },
    );
  });

  it('detects a truncated or extended envelope', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 1, max: 20 }), (c, n) => {
        const envelope = seal(c);
        expect(() =>
          openEnvelope({ recipientSecKey: c.recipient, envelope: envelope.slice(0, envelope.length - n), aad: c.aad }),
        ).toThrow(MailboxTamperedError);
        const longer = new Uint8Array([...envelope, ...new Uint8Array(n)]);
        expect(() => openEnvelope({ recipientSecKey: c.recipient, envelope: longer, aad: c.aad })).toThrow(
          MailboxTamperedError,
        );
      }),
      { numRuns: runs(15) },
    );
  });

  it('refuses a different aad, a wrong recipient key, an unexpected sender, and an anonymous envelope where a sender is required', () => {
    fc.assert(
      fc.property(caseArb, secKeyArb, (c, other) => {
        fc.pre(bytesToHex(other) !== bytesToHex(c.recipient) && bytesToHex(other) !== bytesToHex(c.sender));
        const envelope = seal(c);
        const otherAad = new Uint8Array([...c.aad, 1]);
        expect(() => openEnvelope({ recipientSecKey: c.recipient, envelope, aad: otherAad })).toThrow(
          MailboxTamperedError,
        );
        expect(() => openEnvelope({ recipientSecKey: other, envelope, aad: c.aad })).toThrow(MailboxTamperedError);
        expect(() =>
          openEnvelope({
            recipientSecKey: c.recipient,
            envelope,
            aad: c.aad,
            expectedSenderPubKey: compressedPubKey(other),
          }),
        ).toThrow(MailboxTamperedError);
      }),
      { numRuns: runs(15) },
    );
  });

  it('refuses a signed payload re-sealed by its first recipient to another (the signature binds the ephemeral key and recipient)', () => {
    fc.assert(
      fc.property(caseArb, secKeyArb, (c, eve) => {
        fc.pre(bytesToHex(eve) !== bytesToHex(c.recipient));
        const toEve = sealEnvelope({
          recipientPubKey: compressedPubKey(eve),
          plaintext: c.plaintext,
          aad: c.aad,
          rand: c.rand,
          senderSecKey: c.sender,
        });
        const inner = innerOf(eve, toEve, c.aad);
        // Eve seals the same inner block (sender key, signature, plaintext) to the honest recipient.
        const e = new Uint8Array(32).fill(5);
        const E = secp.getPublicKey(e, true);
        const R = compressedPubKey(c.recipient);
        const { key, nonce } = keyAndNonce(e, R, E, R);
        const header = concatBytes(toEve.subarray(0, 1), E, nonce);
        const forged = concatBytes(header, xchacha20poly1305(key, nonce, concatBytes(header, R, c.aad)).encrypt(inner));
        expect(() =>
          openEnvelope({
            recipientSecKey: c.recipient,
            envelope: forged,
            aad: c.aad,
            expectedSenderPubKey: compressedPubKey(c.sender),
          }),
        ).toThrow("the sender's signature does not verify");
      }),
      { numRuns: runs(10) },
    );
  });
});

describe('mailbox envelope input checks', () => {
  it('names a wrong-length rand', () => {
    const k = new Uint8Array(32).fill(1);
    expect(() =>
      sealEnvelope({
        recipientPubKey: compressedPubKey(k),
        plaintext: new Uint8Array(1),
        aad: new Uint8Array(0),
        rand: new Uint8Array(12),
      }),
    ).toThrow('rand: expected 32 bytes, got 12');
  });

  it('rejects an x-only recipient key (the envelope uses 33-byte compressed keys)', () => {
    const k = new Uint8Array(32).fill(1);
    expect(() =>
      sealEnvelope({
        recipientPubKey: compressedPubKey(k).subarray(1),
        plaintext: new Uint8Array(1),
        aad: new Uint8Array(0),
        rand: new Uint8Array(32),
      }),
    ).toThrow(InputError);
  });
});
