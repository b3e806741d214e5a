import { describe, expect, it } from 'vitest';
import * as t from 'io-ts';
import { bytesToHex, hexToBytes } from './bytes.ts';
import { MusigContributionError } from './errors.ts';
import {
  MusigSession,
  musigDeterministicSign,
  musigKeyAgg,
  musigKeySort,
  musigNonceAgg,
  musigNonceGen,
  musigPartialSigVerify,
  type Tweak,
} from './musig.ts';
import {
  Hex,
  Indices,
  VectorError,
  readJsonVectors,
  readJsonVectorsIfPresent,
  vectorsPresent,
} from './test-vectors.ts';
import { InputError } from '../../util/input-error.ts';

const DIR = 'bip-0327';
const hex = (where: string, h: string) => hexToBytes(where, h);
const pick = (where: string, list: readonly string[], indices: readonly number[]) =>
  indices.map((i) => {
    const h = list[i];
    if (h === undefined) throw new Error(`${where}: index ${i} out of range`);
    return hex(`${where}[${i}]`, h);
  });
const tweaksOf = (
  where: string,
  list: readonly string[],
  indices: readonly number[],
  xonly: readonly boolean[],
): Tweak[] => pick(where, list, indices).map((tweak, j) => ({ tweak, xOnly: xonly[j] ?? false }));
const label = (kind: string, i: number, comment?: string) => `${kind}[${i}]${comment ? ` (${comment})` : ''}`;

/** Asserts that `f` fails the way the vector says: BIP-327 blame (signer, contrib) or a plain value error. */
function expectVectorError(name: string, f: () => unknown, error: VectorError): void {
  let thrown: unknown;
  try {
    f();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, `${name}: expected an error`).toBeInstanceOf(InputError);
  if (error.type === 'invalid_contribution') {
    expect(thrown, name).toBeInstanceOf(MusigContributionError);
    const c = thrown as MusigContributionError;
    expect({ signer: c.signer, contrib: c.contrib }, name).toEqual({ signer: error.signer, contrib: error.contrib });
  } else {
    expect(thrown, `${name}: a value error, not a blame`).not.toBeInstanceOf(MusigContributionError);
  }
}

const opt = <C extends t.Mixed>(c: C) => t.union([c, t.undefined]);

describe.skipIf(!vectorsPresent(`${DIR}/key_sort_vectors.json`))('BIP-327 key_sort_vectors.json', () => {
  it('sorts the keys as expected', () => {
    const v = readJsonVectors(
      `${DIR}/key_sort_vectors.json`,
      t.type({ pubkeys: t.array(Hex), sorted_pubkeys: t.array(Hex) }),
    );
    const sorted = musigKeySort(v.pubkeys.map((h, i) => hex(`pubkeys[${i}]`, h)));
    expect(sorted.map(bytesToHex)).toEqual(v.sorted_pubkeys.map((h) => h.toLowerCase()));
  });
});

describe.skipIf(!vectorsPresent(`${DIR}/key_agg_vectors.json`))('BIP-327 key_agg_vectors.json', () => {
  const v = readJsonVectorsIfPresent(
    `${DIR}/key_agg_vectors.json`,
    t.type({
      pubkeys: t.array(Hex),
      tweaks: t.array(Hex),
      valid_test_cases: t.array(t.type({ key_indices: Indices, expected: Hex })),
      error_test_cases: t.array(
        t.type({
          key_indices: Indices,
          tweak_indices: Indices,
          is_xonly: t.array(t.boolean),
          error: VectorError,
          comment: t.string,
        }),
      ),
    }),
  );
  if (v === undefined) return;
  v.valid_test_cases.forEach((c, i) => {
    it(`${label('valid', i)}: aggregates keys ${JSON.stringify(c.key_indices)}`, () => {
      const agg = musigKeyAgg(pick('pubkeys', v.pubkeys, c.key_indices));
      expect(bytesToHex(agg.xonly), label('valid', i)).toBe(c.expected.toLowerCase());
    });
  });
  v.error_test_cases.forEach((c, i) => {
    const name = label('error', i, c.comment);
    it(`${name}: is rejected`, () => {
      expectVectorError(
        name,
        () =>
          musigKeyAgg(pick('pubkeys', v.pubkeys, c.key_indices), {
            tweaks: tweaksOf('tweaks', v.tweaks, c.tweak_indices, c.is_xonly),
          }),
        c.error,
      );
    });
  });
});

describe.skipIf(!vectorsPresent(`${DIR}/nonce_gen_vectors.json`))('BIP-327 nonce_gen_vectors.json', () => {
  const nullable = t.union([Hex, t.null]);
  const v = readJsonVectorsIfPresent(
    `${DIR}/nonce_gen_vectors.json`,
    t.type({
      test_cases: t.array(
        t.type({
          rand_: Hex,
          sk: nullable,
          pk: Hex,
          aggpk: nullable,
          msg: nullable,
          extra_in: nullable,
          expected_secnonce: Hex,
          expected_pubnonce: Hex,
        }),
      ),
    }),
  );
  if (v === undefined) return;
  const maybe = (where: string, h: string | null) => (h === null ? undefined : hex(where, h));
  v.test_cases.forEach((c, i) => {
    it(`${label('test_cases', i)}: derives the expected secret and public nonce`, () => {
      const pair = musigNonceGen({
        pubKey: hex('pk', c.pk),
        rand: hex('rand_', c.rand_),
        ...(c.sk === null ? {} : { secKey: hex('sk', c.sk) }),
        ...(c.aggpk === null ? {} : { aggPubKey: maybe('aggpk', c.aggpk) as Uint8Array }),
        ...(c.msg === null ? {} : { msg: maybe('msg', c.msg) as Uint8Array }),
        ...(c.extra_in === null ? {} : { extraIn: maybe('extra_in', c.extra_in) as Uint8Array }),
      });
      expect(bytesToHex(pair.secNonce), label('test_cases', i)).toBe(c.expected_secnonce.toLowerCase());
      expect(bytesToHex(pair.pubNonce), label('test_cases', i)).toBe(c.expected_pubnonce.toLowerCase());
    });
  });
});

describe.skipIf(!vectorsPresent(`${DIR}/nonce_agg_vectors.json`))('BIP-327 nonce_agg_vectors.json', () => {
  const v = readJsonVectorsIfPresent(
    `${DIR}/nonce_agg_vectors.json`,
    t.type({
      pnonces: t.array(Hex),
      valid_test_cases: t.array(t.type({ pnonce_indices: Indices, expected: Hex, comment: opt(t.string) })),
      error_test_cases: t.array(t.type({ pnonce_indices: Indices, error: VectorError, comment: t.string })),
    }),
  );
  if (v === undefined) return;
  v.valid_test_cases.forEach((c, i) => {
    const name = label('valid', i, c.comment);
    it(`${name}: aggregates to the expected nonce`, () => {
      expect(bytesToHex(musigNonceAgg(pick('pnonces', v.pnonces, c.pnonce_indices))), name).toBe(
        c.expected.toLowerCase(),
      );
    });
  });
  v.error_test_cases.forEach((c, i) => {
    const name = label('error', i, c.comment);
    it(`${name}: blames the right signer`, () => {
      expectVectorError(name, () => musigNonceAgg(pick('pnonces', v.pnonces, c.pnonce_indices)), c.error);
    });
  });
});

const SignVerify = t.type({
  sk: Hex,
  pubkeys: t.array(Hex),
  secnonces: t.array(Hex),
  pnonces: t.array(Hex),
  aggnonces: t.array(Hex),
  msgs: t.array(Hex),
  valid_test_cases: t.array(
    t.type({
      key_indices: Indices,
      nonce_indices: Indices,
      aggnonce_index: t.number,
      msg_index: t.number,
      signer_index: t.number,
      expected: Hex,
      comment: opt(t.string),
    }),
  ),
  sign_error_test_cases: t.array(
    t.type({
      key_indices: Indices,
      aggnonce_index: t.number,
      msg_index: t.number,
      secnonce_index: t.number,
      error: VectorError,
      comment: t.string,
    }),
  ),
  verify_fail_test_cases: t.array(
    t.type({
      sig: Hex,
      key_indices: Indices,
      nonce_indices: Indices,
      msg_index: t.number,
      signer_index: t.number,
      comment: t.string,
    }),
  ),
  verify_error_test_cases: t.array(
    t.type({
      sig: Hex,
      key_indices: Indices,
      nonce_indices: Indices,
      msg_index: t.number,
      signer_index: t.number,
      error: VectorError,
      comment: t.string,
    }),
  ),
});

describe.skipIf(!vectorsPresent(`${DIR}/sign_verify_vectors.json`))('BIP-327 sign_verify_vectors.json', () => {
  const v = readJsonVectorsIfPresent(`${DIR}/sign_verify_vectors.json`, SignVerify);
  if (v === undefined) return;
  const sk = hex('sk', v.sk);
  const at = (where: string, list: readonly string[], i: number) => pick(where, list, [i])[0] as Uint8Array;

  v.valid_test_cases.forEach((c, i) => {
    const name = label('valid', i, c.comment);
    it(`${name}: signs to the expected partial signature, which verifies`, () => {
      const publicKeys = pick('pubkeys', v.pubkeys, c.key_indices);
      const msg = at('msgs', v.msgs, c.msg_index);
      const session = new MusigSession({ aggNonce: at('aggnonces', v.aggnonces, c.aggnonce_index), publicKeys, msg });
      const psig = session.partialSign({ secNonce: at('secnonces', v.secnonces, 0), secKey: sk });
      expect(bytesToHex(psig), name).toBe(c.expected.toLowerCase());
      const pubNonces = pick('pnonces', v.pnonces, c.nonce_indices);
      expect(
        musigPartialSigVerify({ partialSig: psig, pubNonces, publicKeys, msg, signerIndex: c.signer_index }),
        name,
      ).toBe(true);
    });
  });

  v.sign_error_test_cases.forEach((c, i) => {
    const name = label('sign_error', i, c.comment);
    it(`${name}: signing is refused`, () => {
      expectVectorError(
        name,
        () =>
          new MusigSession({
            aggNonce: at('aggnonces', v.aggnonces, c.aggnonce_index),
            publicKeys: pick('pubkeys', v.pubkeys, c.key_indices),
            msg: at('msgs', v.msgs, c.msg_index),
          }).partialSign({ secNonce: at('secnonces', v.secnonces, c.secnonce_index), secKey: sk }),
        c.error,
      );
    });
  });

  v.verify_fail_test_cases.forEach((c, i) => {
    const name = label('verify_fail', i, c.comment);
    it(`${name}: does not verify`, () => {
      const ok = musigPartialSigVerify({
        partialSig: hex('sig', c.sig),
        pubNonces: pick('pnonces', v.pnonces, c.nonce_indices),
        publicKeys: pick('pubkeys', v.pubkeys, c.key_indices),
        msg: at('msgs', v.msgs, c.msg_index),
        signerIndex: c.signer_index,
      });
      expect(ok, name).toBe(false);
    });
  });

  v.verify_error_test_cases.forEach((c, i) => {
    const name = label('verify_error', i, c.comment);
    it(`${name}: verification blames the right signer`, () => {
      expectVectorError(
        name,
        () =>
          musigPartialSigVerify({
            partialSig: hex('sig', c.sig),
            pubNonces: pick('pnonces', v.pnonces, c.nonce_indices),
            publicKeys: pick('pubkeys', v.pubkeys, c.key_indices),
            msg: at('msgs', v.msgs, c.msg_index),
            signerIndex: c.signer_index,
          }),
        c.error,
      );
    });
  });
});

describe.skipIf(!vectorsPresent(`${DIR}/tweak_vectors.json`))('BIP-327 tweak_vectors.json', () => {
  const Case = t.type({
    key_indices: Indices,
    nonce_indices: Indices,
    tweak_indices: Indices,
    is_xonly: t.array(t.boolean),
    signer_index: t.number,
    comment: t.string,
  });
  const v = readJsonVectorsIfPresent(
    `${DIR}/tweak_vectors.json`,
    t.type({
      sk: Hex,
      pubkeys: t.array(Hex),
      secnonce: Hex,
      pnonces: t.array(Hex),
      aggnonce: Hex,
      tweaks: t.array(Hex),
      msg: Hex,
      valid_test_cases: t.array(t.intersection([Case, t.type({ expected: Hex })])),
      error_test_cases: t.array(t.intersection([Case, t.type({ error: VectorError })])),
    }),
  );
  if (v === undefined) return;
  const session = (c: t.TypeOf<typeof Case>) =>
    new MusigSession({
      aggNonce: hex('aggnonce', v.aggnonce),
      publicKeys: pick('pubkeys', v.pubkeys, c.key_indices),
      msg: hex('msg', v.msg),
      tweaks: tweaksOf('tweaks', v.tweaks, c.tweak_indices, c.is_xonly),
    });
  v.valid_test_cases.forEach((c, i) => {
    const name = label('valid', i, c.comment);
    it(`${name}: signs to the expected partial signature, which verifies`, () => {
      const s = session(c);
      const psig = s.partialSign({ secNonce: hex('secnonce', v.secnonce), secKey: hex('sk', v.sk) });
      expect(bytesToHex(psig), name).toBe(c.expected.toLowerCase());
      const pubNonces = pick('pnonces', v.pnonces, c.nonce_indices);
      expect(s.partialVerify({ partialSig: psig, pubNonces, signerIndex: c.signer_index }), name).toBe(true);
    });
  });
  v.error_test_cases.forEach((c, i) => {
    const name = label('error', i, c.comment);
    it(`${name}: is rejected`, () => {
      expectVectorError(
        name,
        () => session(c).partialSign({ secNonce: hex('secnonce', v.secnonce), secKey: hex('sk', v.sk) }),
        c.error,
      );
    });
  });
});

describe.skipIf(!vectorsPresent(`${DIR}/det_sign_vectors.json`))('BIP-327 det_sign_vectors.json', () => {
  const Case = t.type({
    rand: t.union([Hex, t.null]),
    aggothernonce: Hex,
    key_indices: Indices,
    tweaks: t.array(Hex),
    is_xonly: t.array(t.boolean),
    msg_index: t.number,
    signer_index: t.number,
    comment: opt(t.string),
  });
  const v = readJsonVectorsIfPresent(
    `${DIR}/det_sign_vectors.json`,
    t.type({
      sk: Hex,
      pubkeys: t.array(Hex),
      msgs: t.array(Hex),
      valid_test_cases: t.array(t.intersection([Case, t.type({ expected: t.tuple([Hex, Hex]) })])),
      error_test_cases: t.array(t.intersection([Case, t.type({ error: VectorError })])),
    }),
  );
  if (v === undefined) return;
  const sign = (c: t.TypeOf<typeof Case>) =>
    musigDeterministicSign({
      secKey: hex('sk', v.sk),
      aggOtherNonce: hex('aggothernonce', c.aggothernonce),
      publicKeys: pick('pubkeys', v.pubkeys, c.key_indices),
      msg: pick('msgs', v.msgs, [c.msg_index])[0] as Uint8Array,
      tweaks: c.tweaks.map((h, j) => ({ tweak: hex(`tweaks[${j}]`, h), xOnly: c.is_xonly[j] ?? false })),
      ...(c.rand === null ? {} : { rand: hex('rand', c.rand) }),
    });
  v.valid_test_cases.forEach((c, i) => {
    const name = label('valid', i, c.comment);
    it(`${name}: gives the expected public nonce and partial signature`, () => {
      const r = sign(c);
      expect([bytesToHex(r.pubNonce), bytesToHex(r.partialSig)], name).toEqual(c.expected.map((h) => h.toLowerCase()));
    });
  });
  v.error_test_cases.forEach((c, i) => {
    const name = label('error', i, c.comment);
    it(`${name}: is rejected`, () => expectVectorError(name, () => sign(c), c.error));
  });
});

describe.skipIf(!vectorsPresent(`${DIR}/sig_agg_vectors.json`))('BIP-327 sig_agg_vectors.json', () => {
  const Case = t.type({
    aggnonce: Hex,
    nonce_indices: Indices,
    key_indices: Indices,
    tweak_indices: Indices,
    is_xonly: t.array(t.boolean),
    psig_indices: Indices,
    comment: opt(t.string),
  });
  const v = readJsonVectorsIfPresent(
    `${DIR}/sig_agg_vectors.json`,
    t.type({
      pubkeys: t.array(Hex),
      pnonces: t.array(Hex),
      tweaks: t.array(Hex),
      psigs: t.array(Hex),
      msg: Hex,
      valid_test_cases: t.array(t.intersection([Case, t.type({ expected: Hex })])),
      error_test_cases: t.array(t.intersection([Case, t.type({ error: VectorError })])),
    }),
  );
  if (v === undefined) return;
  const aggregate = (c: t.TypeOf<typeof Case>) => {
    const pubNonces = pick('pnonces', v.pnonces, c.nonce_indices);
    const aggNonce = hex('aggnonce', c.aggnonce);
    // The vector's aggnonce is NonceAgg of the listed nonces; check that link before using it.
    expect(bytesToHex(musigNonceAgg(pubNonces))).toBe(bytesToHex(aggNonce));
    return new MusigSession({
      aggNonce,
      publicKeys: pick('pubkeys', v.pubkeys, c.key_indices),
      msg: hex('msg', v.msg),
      tweaks: tweaksOf('tweaks', v.tweaks, c.tweak_indices, c.is_xonly),
    }).aggregate(pick('psigs', v.psigs, c.psig_indices));
  };
  v.valid_test_cases.forEach((c, i) => {
    const name = label('valid', i, c.comment);
    it(`${name}: aggregates to the expected BIP-340 signature`, () => {
      expect(bytesToHex(aggregate(c)), name).toBe(c.expected.toLowerCase());
    });
  });
  v.error_test_cases.forEach((c, i) => {
    const name = label('error', i, c.comment);
    it(`${name}: blames the right signer`, () => expectVectorError(name, () => aggregate(c), c.error));
  });
});
