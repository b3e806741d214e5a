/**
 * The callees of impl/node's catch guards throw nothing but InputError, whatever a sender put in its message: the
 * sealed-payload openers (openHop, openBlinded, openBundle: router and payee onion layers, B's and A's bundles) and
 * extractSecret (the claim signatures S, A and the routing nodes check). So each guard's `e instanceof InputError`
 * is always true when it runs, and its `→ true` mutant is equivalent (scripts/mutation/EQUIVALENTS.md 24). Inputs
 * reach the callee as any hex (the codecs admit any even-length hex of the minimum length), a genuine sealed
 * payload with bytes changed, cut or extended, any plaintext sealed by the expected sender under the right or a
 * wrong aad, and any claim signature, including ones with the pre-signature's nonce (past extract's first check).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../util/input-error.ts';
import { preSign } from '../crypto/adaptor.ts';
import { utf8 } from '../crypto/bytes.ts';
import { sealEnvelope } from '../crypto/mailbox.ts';
import { mailboxKeys, nodeKeys } from './node.ts';
import { extractSecret, pointOfSecret, type PtlcEntry } from './ptlc.ts';
import { openBlinded, openBundle, openHop, sealHop } from './sealed-payloads.ts';
import { fromHex, toHex } from './wire.ts';

const SENDER = '01'.repeat(32);
const RECIPIENT = '02'.repeat(32);
const PAYMENT = 'ab'.repeat(32);
const senderKey = toHex(nodeKeys(SENDER).compressed);
const recipientSecKey = mailboxKeys(RECIPIENT).secKey;

/** Runs `f`; the error it threw, if any, must be an InputError. */
function onlyInputError(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    if (!(e instanceof InputError)) throw new Error(`not an InputError: ${String(e)}`);
  }
}

/** Every opener a catch guard calls, on sealed hex `s` and expected sender key `k`. */
function openAll(s: string, k = senderKey): void {
  onlyInputError(() => openHop({ recipientSecKey, sealedHex: s, expectedSenderKeyHex: k, paymentId: PAYMENT }));
  onlyInputError(() => openBlinded({ recipientSecKey, sealedHex: s, expectedSenderKeyHex: k, paymentId: PAYMENT }));
  onlyInputError(() => openBundle({ recipientSecKey, sealedHex: s, expectedSenderKeyHex: k }));
}

const genuine = sealHop({
  senderSecKey: nodeKeys(SENDER).secKey,
  recipientKeyHex: toHex(mailboxKeys(RECIPIENT).compressed),
  payload: {
    kind: 'HopPayload',
    paymentId: PAYMENT,
    hop: 1,
    blinded: null,
    next: 'P2',
    forwardAmountSat: 4,
    forwardTimeoutHeight: 3,
  },
  rand: new Uint8Array(32).fill(7),
});

const sealedBy = (plaintext: Uint8Array, aad: string, signed: boolean): string =>
  toHex(
    sealEnvelope({
      ...(signed ? { senderSecKey: nodeKeys(SENDER).secKey } : {}),
      recipientPubKey: mailboxKeys(RECIPIENT).compressed,
      plaintext,
      aad: utf8(aad),
      rand: new Uint8Array(32).fill(9),
    }),
  );

const hex = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max }).map((b) => toHex(b));

describe('the callees of the catch guards throw only InputError', () => {
  it('a genuine payload opens (the generators below start from one that works)', () => {
    expect(
      openHop({ recipientSecKey, sealedHex: genuine, expectedSenderKeyHex: senderKey, paymentId: PAYMENT }).next,
    ).toBe('P2');
  });

  it('on any hex, any string, and any expected sender key', () => {
    fc.assert(
      fc.property(
        fc.oneof(hex(0, 200), fc.string({ maxLength: 200 })),
        fc.oneof(fc.constant(senderKey), hex(0, 40), fc.constant('')),
        (s, k) => openAll(s, k),
      ),
      { numRuns: 150 },
    );
  });

  it('on a genuine sealed payload with bytes changed, cut or extended', () => {
    const bytes = fromHex(genuine);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: -20, max: 20 }),
        (changes, cut) => {
          const b = Uint8Array.from(bytes);
          for (const [i, x] of changes) b[i] = (b[i] ?? 0) ^ x;
          const out = cut < 0 ? b.slice(0, b.length + cut) : Uint8Array.from([...b, ...new Uint8Array(cut)]);
          openAll(toHex(out));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('on any plaintext sealed by the expected sender (signed or anonymous), under the right aad or another', () => {
    const aads = ['APLN/hop/v2', 'APLN/blinded/v2', 'APLN/bundle/v2'].flatMap((p) => [p, `${p}/${PAYMENT}`]);
    const plaintext = fc.oneof(
      fc.uint8Array({ maxLength: 120 }),
      fc.jsonValue().map((v) => utf8(JSON.stringify(v))),
      // Near misses: each payload kind with one field of any JSON value.
      fc
        .tuple(fc.constantFrom('HopPayload', 'BlindedPayload', 'PayerBundle', 'PayeeBundle'), fc.jsonValue())
        .map(([kind, v]) =>
          utf8(JSON.stringify({ kind, paymentId: PAYMENT, hop: v, tweak: v, blinded: v, next: v, payer: v })),
        ),
    );
    fc.assert(
      fc.property(plaintext, fc.constantFrom(...aads), fc.boolean(), (p, aad, signed) =>
        openAll(sealedBy(p, aad, signed)),
      ),
      { numRuns: 150 },
    );
  });

  it('extractSecret on any claim signature, and on ones with the pre-signature nonce and any s', () => {
    const secret = '33'.repeat(32);
    const point = pointOfSecret(secret);
    const preSig = preSign({
      secKey: new Uint8Array(32).fill(5),
      msg: new Uint8Array(32).fill(1),
      adaptorPoint: fromHex(point),
      auxRand: new Uint8Array(32),
    });
    const entry = { preSig: toHex(preSig), point } as PtlcEntry;
    const rx = toHex(preSig.slice(1, 33));
    fc.assert(
      fc.property(
        fc.oneof(
          hex(0, 80),
          hex(32, 32).map((s) => rx + s),
          fc.string({ maxLength: 140 }),
        ),
        (sig) => onlyInputError(() => extractSecret({ entry, sig })),
      ),
      { numRuns: 150 },
    );
  });
});
