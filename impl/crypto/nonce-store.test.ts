import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bytesToHex } from './bytes.ts';
import { NonceReuseError, NonceUnknownError } from './errors.ts';
import { MusigSession, musigKeyAgg, musigNonceAgg, musigNonceGen } from './musig.ts';
import { NonceStore, type NonceStoreSnapshot } from './nonce-store.ts';
import { scalarToBytes } from './scalar.ts';
import { compressedPubKey } from './schnorr.ts';
import { runs } from './arbitraries.ts';
import { InputError } from '../../util/input-error.ts';

const aSec = scalarToBytes(0xa11cen);
const sSec = scalarToBytes(0x5e5n);
const publicKeys = [compressedPubKey(aSec), compressedPubKey(sSec)];
const aggPubKey = musigKeyAgg(publicKeys).xonly;
const msgOf = (i: number) => new Uint8Array(32).fill(i + 1);

/** S's side of a session: a fresh nonce for each message, so only A's nonce reuse is in question. */
function sessionFor(aPubNonce: Uint8Array, msg: Uint8Array, sRand = 7): MusigSession {
  const sNonce = musigNonceGen({ pubKey: publicKeys[1] as Uint8Array, rand: new Uint8Array(32).fill(sRand), msg });
  return new MusigSession({ aggNonce: musigNonceAgg([aPubNonce, sNonce.pubNonce]), publicKeys, msg });
}

function storeWithNonce(opts: { persist?: (s: NonceStoreSnapshot) => void } = {}) {
  const store = new NonceStore(opts);
  const pubNonce = store.generate({
    id: 'U(1)',
    pubKey: publicKeys[0] as Uint8Array,
    secKey: aSec,
    aggPubKey,
    rand: new Uint8Array(32).fill(3),
  });
  return { store, pubNonce };
}

describe('NonceStore', () => {
  it('signs once with a fresh nonce, and the partial signature verifies', () => {
    const { store, pubNonce } = storeWithNonce();
    const msg = msgOf(0);
    const sNonce = musigNonceGen({ pubKey: publicKeys[1] as Uint8Array, rand: new Uint8Array(32).fill(7), msg });
    const session = new MusigSession({ aggNonce: musigNonceAgg([pubNonce, sNonce.pubNonce]), publicKeys, msg });
    const psig = store.sign({ id: 'U(1)', session, secKey: aSec });
    expect(session.partialVerify({ partialSig: psig, pubNonces: [pubNonce, sNonce.pubNonce], signerIndex: 0 })).toBe(
      true,
    );
    expect(store.status('U(1)')).toBe('used');
  });

  it('refuses a second signature for another message', () => {
    const { store, pubNonce } = storeWithNonce();
    store.sign({ id: 'U(1)', session: sessionFor(pubNonce, msgOf(0)), secKey: aSec });
    expect(() => store.sign({ id: 'U(1)', session: sessionFor(pubNonce, msgOf(1)), secKey: aSec })).toThrow(
      NonceReuseError,
    );
  });

  it('refuses a second signature even for the same message, and says so', () => {
    const { store, pubNonce } = storeWithNonce();
    store.sign({ id: 'U(1)', session: sessionFor(pubNonce, msgOf(0)), secKey: aSec });
    // The same message with S's nonce changed: signing again would reveal A's key.
    expect(() => store.sign({ id: 'U(1)', session: sessionFor(pubNonce, msgOf(0), 8), secKey: aSec })).toThrow(
      /same message; refused anyway/,
    );
  });

  it('refuses a nonce id that was never generated', () => {
    const { store, pubNonce } = storeWithNonce();
    expect(() => store.sign({ id: 'U(2)', session: sessionFor(pubNonce, msgOf(0)), secKey: aSec })).toThrow(
      NonceUnknownError,
    );
    expect(store.status('U(2)')).toBe('unknown');
  });

  it('refuses to generate an id twice, even after it was used', () => {
    const { store, pubNonce } = storeWithNonce();
    store.sign({ id: 'U(1)', session: sessionFor(pubNonce, msgOf(0)), secKey: aSec });
    expect(() => store.generate({ id: 'U(1)', pubKey: publicKeys[0] as Uint8Array, rand: new Uint8Array(32) })).toThrow(
      NonceReuseError,
    );
  });

  it('keeps refusing after a restart (snapshot → JSON → restore)', () => {
    const { store, pubNonce } = storeWithNonce();
    store.sign({ id: 'U(1)', session: sessionFor(pubNonce, msgOf(0)), secKey: aSec });
    const restored = NonceStore.restore(JSON.parse(JSON.stringify(store.snapshot())));
    expect(restored.status('U(1)')).toBe('used');
    expect(() => restored.sign({ id: 'U(1)', session: sessionFor(pubNonce, msgOf(1)), secKey: aSec })).toThrow(
      NonceReuseError,
    );
  });

  it('a fresh nonce survives a restart and can then sign exactly once', () => {
    const { store, pubNonce } = storeWithNonce();
    const restored = NonceStore.restore(JSON.parse(JSON.stringify(store.snapshot())));
    expect(bytesToHex(restored.pubNonce('U(1)'))).toBe(bytesToHex(pubNonce));
    restored.sign({ id: 'U(1)', session: sessionFor(pubNonce, msgOf(0)), secKey: aSec });
    expect(() => restored.sign({ id: 'U(1)', session: sessionFor(pubNonce, msgOf(0)), secKey: aSec })).toThrow(
      NonceReuseError,
    );
  });

  it('persists the used mark before the signature exists: a crash right after persisting leaves the nonce burnt', () => {
    let persisted: NonceStoreSnapshot | undefined;
    let crash = false;
    const { store, pubNonce } = storeWithNonce({
      persist: (s) => {
        persisted = JSON.parse(JSON.stringify(s)) as NonceStoreSnapshot;
        if (crash) throw new Error('power cut after the write');
      },
    });
    crash = true;
    expect(() => store.sign({ id: 'U(1)', session: sessionFor(pubNonce, msgOf(0)), secKey: aSec })).toThrow(
      'power cut',
    );
    expect(persisted?.nonces.map((n) => n.status)).toEqual(['used']);
    expect(() => store.sign({ id: 'U(1)', session: sessionFor(pubNonce, msgOf(0)), secKey: aSec })).toThrow(
      NonceReuseError,
    );
    const restarted = NonceStore.restore(persisted);
    expect(() => restarted.sign({ id: 'U(1)', session: sessionFor(pubNonce, msgOf(1)), secKey: aSec })).toThrow(
      NonceReuseError,
    );
  });

  it('drops the secret nonce from its snapshot once used', () => {
    const { store, pubNonce } = storeWithNonce();
    const before = JSON.stringify(store.snapshot());
    store.sign({ id: 'U(1)', session: sessionFor(pubNonce, msgOf(0)), secKey: aSec });
    const secHex =
      (JSON.parse(before) as NonceStoreSnapshot).nonces.map((n) => (n.status === 'fresh' ? n.secNonceHex : ''))[0] ??
      'x';
    expect(JSON.stringify(store.snapshot())).not.toContain(secHex);
  });

  it('rejects a malformed snapshot with a titled InputError', () => {
    expect(() => NonceStore.restore({ version: 2, nonces: [] })).toThrow(InputError);
    expect(() =>
      NonceStore.restore({ version: 1, nonces: [{ id: 'x', status: 'fresh', pubNonceHex: '00', secNonceHex: '00' }] }),
    ).toThrow('nonceStore snapshot: nonces[0].pubNonceHex: expected 66 bytes, got 1');
    const dup = { id: 'x', status: 'used', pubNonceHex: '02'.repeat(66), usedForMsgHex: '' };
    expect(() => NonceStore.restore({ version: 1, nonces: [dup, dup] })).toThrow(/duplicate nonce id/);
  });

  it('never lets one nonce produce two signatures, whatever the order of signs and restarts (fast-check)', () => {
    type Op = { kind: 'sign'; id: number; msg: number } | { kind: 'restart' };
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('sign' as const), id: fc.nat({ max: 2 }), msg: fc.nat({ max: 2 }) }),
      fc.constant({ kind: 'restart' as const }),
    );
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 8 }), (ops) => {
        let disk: unknown;
        const persist = (s: NonceStoreSnapshot) => {
          disk = JSON.parse(JSON.stringify(s));
        };
        let store = new NonceStore({ persist });
        const pubNonces = [0, 1, 2].map((i) =>
          store.generate({
            id: `n${i}`,
            pubKey: publicKeys[0] as Uint8Array,
            secKey: aSec,
            rand: new Uint8Array(32).fill(i),
          }),
        );
        const signatures = new Map<number, number>();
        for (const op of ops) {
          if (op.kind === 'restart') {
            store = NonceStore.restore(disk, { persist });
            continue;
          }
          try {
            store.sign({
              id: `n${op.id}`,
              session: sessionFor(pubNonces[op.id] as Uint8Array, msgOf(op.msg)),
              secKey: aSec,
            });
            signatures.set(op.id, (signatures.get(op.id) ?? 0) + 1);
          } catch (e) {
            expect(e).toBeInstanceOf(NonceReuseError);
            expect(signatures.get(op.id)).toBe(1);
          }
        }
        for (const count of signatures.values()) expect(count).toBe(1);
      }),
      { numRuns: runs(15) },
    );
  });
});
