/**
 * Test-only fixtures for impl/chain and impl/tx tests: deterministic keys, a funded A–S eltoo channel with
 * MuSig2 (impl/crypto) signing of its update and settlement transactions. Not exported from index.ts.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import {
  MusigSession,
  compressedPubKey,
  concatBytes,
  musigKeyAgg,
  musigKeySort,
  musigNonceAgg,
  musigNonceGen,
  utf8,
  xonlyPubKey,
} from '../crypto/index.ts';
import type { EltooChannelParams } from '../tx/channel.ts';
import { buildFundingTx, fundingOutput } from '../tx/funding.ts';
import { keyPathOutput, signKeyPath } from '../tx/keypath.ts';
import type { Outpoint } from '../tx/outpoint.ts';
import { settlementSighash, type SettlementTerms } from '../tx/settlement.ts';
import { updateSighash } from '../tx/update.ts';
import { Chain } from './chain.ts';

export interface TestKey {
  readonly sec: Uint8Array;
  readonly xonly: Uint8Array;
  readonly compressed: Uint8Array;
}

/** A key derived from a name: sha256("APLN/test-key/" + name). */
export function testKey(name: string): TestKey {
  const sec = sha256(utf8(`APLN/test-key/${name}`));
  return { sec, xonly: xonlyPubKey(sec), compressed: compressedPubKey(sec) };
}

/** 32 deterministic bytes for aux randomness. */
export function testRand(label: string): Uint8Array {
  return sha256(utf8(`APLN/test-rand/${label}`));
}

/** A complete 2-of-2 MuSig2 signature of `msg` by `signers` (BIP-327, nonces from `label`). */
export function musigSign(signers: readonly TestKey[], msg: Uint8Array, label: string): Uint8Array {
  const publicKeys = musigKeySort(signers.map((k) => k.compressed));
  const agg = musigKeyAgg(publicKeys).xonly;
  const nonces = signers.map((k, i) =>
    musigNonceGen({
      pubKey: k.compressed,
      secKey: k.sec,
      aggPubKey: agg,
      msg,
      rand: sha256(concatBytes(utf8(`${label}/${i}`), msg)),
    }),
  );
  const ordered = publicKeys.map((pk) => signers.findIndex((k) => k.compressed.every((b, j) => b === pk[j])));
  const session = new MusigSession({
    aggNonce: musigNonceAgg(ordered.map((i) => nonces[i]!.pubNonce)),
    publicKeys,
    msg,
  });
  const partials = ordered.map((i) => session.partialSign({ secNonce: nonces[i]!.secNonce, secKey: signers[i]!.sec }));
  return session.aggregate(partials);
}

export interface FundedChannel {
  readonly chain: Chain;
  readonly a: TestKey;
  readonly s: TestKey;
  readonly params: EltooChannelParams;
  readonly funding: Outpoint;
  /** MuSig2 signature of A and S on U(n). */
  signUpdate(stateNumber: number): Uint8Array;
  /** MuSig2 signature of A and S on St(n) with these outputs. */
  signSettlement(terms: SettlementTerms): Uint8Array;
  /** Terms of St(n) with balances (aSat, sSat) and no PTLC. */
  settlementTerms(stateNumber: number, aSat: bigint, sSat: bigint): SettlementTerms;
}

/** A chain with a confirmed A–S eltoo funding output (capacity 1_000_000 sat, CSV 6) funded by A's coin. */
export function fundedChannel(opts: { readonly csvDelayBlocks?: number } = {}): FundedChannel {
  const a = testKey('A');
  const s = testKey('S');
  const channelKey = musigKeyAgg(musigKeySort([a.compressed, s.compressed])).xonly;
  // One key for both leaves here: the chain's checks do not depend on Q_u ≠ Q_s (the nodes' channels use two, node/channel-keys.ts).
  const params: EltooChannelParams = {
    channelKey,
    settlementKey: channelKey,
    capacitySat: 1_000_000n,
    csvDelayBlocks: opts.csvDelayBlocks ?? 6,
  };
  const chain = new Chain();
  const wallet = keyPathOutput({ internalKey: a.xonly });
  const [coin] = chain.mint([{ script: wallet.scriptPubKey, value: 1_500_000n }]);
  const prevout = { script: wallet.scriptPubKey, value: 1_500_000n };
  const fundingTx = buildFundingTx({
    params,
    from: { outpoint: coin!, prevout },
    changeScript: wallet.scriptPubKey,
    feeSat: 1_000n,
  });
  fundingTx.setWitness(
    0,
    signKeyPath({ tx: fundingTx, inputIndex: 0, prevouts: [prevout], secKey: a.sec, auxRand: testRand('funding') }),
  );
  const r = chain.confirm(fundingTx);
  if (!r.ok) throw new Error(`fixture: funding refused: ${JSON.stringify(r.rejection)}`);
  if (fundingTx.outs[0]!.script.some((b, i) => b !== fundingOutput(params).scriptPubKey[i]))
    throw new Error('fixture: funding output');
  return {
    chain,
    a,
    s,
    params,
    funding: { txid: r.txid, vout: 0 },
    signUpdate: (n) => musigSign([a, s], updateSighash({ params, stateNumber: n }), `update/${n}`),
    signSettlement: (terms) => musigSign([a, s], settlementSighash(terms), `settle/${terms.stateNumber}`),
    settlementTerms: (n, aSat, sSat) => ({
      params,
      stateNumber: n,
      balances: [
        { key: a.xonly, valueSat: aSat },
        { key: s.xonly, valueSat: sSat },
      ],
      ptlcs: [],
    }),
  };
}
