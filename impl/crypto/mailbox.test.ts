import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bytesToHex } from './bytes.ts';
import { MailboxTamperedError } from './errors.ts';
import { MAILBOX_HEADER_BYTES, openEnvelope, sealEnvelope } from './mailbox.ts';
import { compressedPubKey } from './schnorr.ts';
import { runs, secKeyArb } from './arbitraries.ts';
import { InputError } from '../../util/input-error.ts';

const caseArb = fc.record({
  sender: secKeyArb,
  recipient: secKeyArb,
  plaintext: fc.uint8Array({ maxLength: 300 }),
  aad: fc.uint8Array({ maxLength: 40 }),
  nonce: fc.uint8Array({ minLength: 24, maxLength: 24 }),
});

const seal = (c: { sender: Uint8Array; recipient: Uint8Array; plaintext: Uint8Array; aad: Uint8Array; nonce: Uint8Array }) =>
  sealEnvelope({ senderSecKey: c.sender, recipientPubKey: compressedPubKey(c.recipient), plaintext: c.plaintext, aad: c.aad, nonce: c.nonce });

describe('mailbox envelope (fast-check)', () => {
  it('opens to the sealed plaintext and names the sender', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const envelope = seal(c);
        const opened = openEnvelope({ recipientSecKey: c.recipient, envelope, aad: c.aad, expectedSenderPubKey: compressedPubKey(c.sender) });
        expect(bytesToHex(opened.plaintext)).toBe(bytesToHex(c.plaintext));
        expect(bytesToHex(opened.senderPubKey)).toBe(bytesToHex(compressedPubKey(c.sender)));
        expect(envelope.length).toBe(MAILBOX_HEADER_BYTES + c.plaintext.length + 16);
      }),
      { numRuns: runs(30) },
    );
  });

  it('detects a change to any byte of the envelope', () => {
    fc.assert(
      fc.property(caseArb, fc.nat(), fc.integer({ min: 1, max: 255 }), (c, at, flip) => {
        const envelope = seal(c);
        const i = at % envelope.length;
        const tampered = envelope.slice();
        tampered[i] = (tampered[i] ?? 0) ^ flip;
        expect(() => openEnvelope({ recipientSecKey: c.recipient, envelope: tampered, aad: c.aad })).toThrow(MailboxTamperedError);
      }),
      { numRuns: runs(40) },
    );
  });

  it('detects a truncated or extended envelope', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 1, max: 20 }), (c, n) => {
        const envelope = seal(c);
        expect(() => openEnvelope({ recipientSecKey: c.recipient, envelope: envelope.slice(0, envelope.length - n), aad: c.aad })).toThrow(
          MailboxTamperedError,
        );
        const longer = new Uint8Array([...envelope, ...new Uint8Array(n)]);
        expect(() => openEnvelope({ recipientSecKey: c.recipient, envelope: longer, aad: c.aad })).toThrow(MailboxTamperedError);
      }),
      { numRuns: runs(15) },
    );
  });

  it('refuses a different aad, a wrong recipient key and an unexpected sender', () => {
    fc.assert(
      fc.property(caseArb, secKeyArb, (c, other) => {
        fc.pre(bytesToHex(other) !== bytesToHex(c.recipient) && bytesToHex(other) !== bytesToHex(c.sender));
        const envelope = seal(c);
        const otherAad = new Uint8Array([...c.aad, 1]);
        expect(() => openEnvelope({ recipientSecKey: c.recipient, envelope, aad: otherAad })).toThrow(MailboxTamperedError);
        expect(() => openEnvelope({ recipientSecKey: other, envelope, aad: c.aad })).toThrow(MailboxTamperedError);
        expect(() =>
          openEnvelope({ recipientSecKey: c.recipient, envelope, aad: c.aad, expectedSenderPubKey: compressedPubKey(other) }),
        ).toThrow(MailboxTamperedError);
      }),
      { numRuns: runs(15) },
    );
  });

  it('is deterministic in its injected nonce, and a new nonce changes the ciphertext', () => {
    fc.assert(
      fc.property(caseArb, fc.uint8Array({ minLength: 24, maxLength: 24 }), (c, nonce2) => {
        fc.pre(bytesToHex(nonce2) !== bytesToHex(c.nonce));
        expect(bytesToHex(seal(c))).toBe(bytesToHex(seal(c)));
        const a = seal(c).subarray(MAILBOX_HEADER_BYTES);
        const b = seal({ ...c, nonce: nonce2 }).subarray(MAILBOX_HEADER_BYTES);
        expect(bytesToHex(a)).not.toBe(bytesToHex(b));
      }),
      { numRuns: runs(10) },
    );
  });
});

describe('mailbox envelope input checks', () => {
  it('names a wrong-length nonce', () => {
    const k = new Uint8Array(32).fill(1);
    expect(() =>
      sealEnvelope({ senderSecKey: k, recipientPubKey: compressedPubKey(k), plaintext: new Uint8Array(1), aad: new Uint8Array(0), nonce: new Uint8Array(12) }),
    ).toThrow('nonce: expected 24 bytes, got 12');
  });

  it('rejects an x-only recipient key (the envelope uses 33-byte compressed keys)', () => {
    const k = new Uint8Array(32).fill(1);
    expect(() =>
      sealEnvelope({ senderSecKey: k, recipientPubKey: compressedPubKey(k).subarray(1), plaintext: new Uint8Array(1), aad: new Uint8Array(0), nonce: new Uint8Array(24) }),
    ).toThrow(InputError);
  });
});
