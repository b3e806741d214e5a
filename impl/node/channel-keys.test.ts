/**
 * Issue 13, keys per role and per channel: the identity key, each channel's key and the two aggregate keys are
 * all different, and a second channel between the same two nodes, same capacity and delay, refuses the first
 * channel's ANYPREVOUTANYSCRIPT update signature on the validating chain (with one key for everything its scripts
 * were byte-identical and the chain took it).
 */
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../crypto/bytes.ts';
import { schnorrVerify } from '../crypto/schnorr.ts';
import type { EltooChannel } from './channel.ts';
import { aggregateXonly } from './channel-keys.ts';
import { boundUpdate, channelParams } from './eltoo-txs.ts';
import { updateMsg } from './channel-txs.ts';
import { channelKeyHex, channelPath, identityKey } from './keys.ts';
import { DEFAULT_TERMS, runSteps, scheme1Steps } from './scenario.ts';
import { World } from './world.ts';
import { fundingOutput } from '../tx/funding.ts';

const paid = (() => {
  const w = new World({ seed: 31, hops: 0, scheme: 1, decorrelate: false });
  runSteps(w, scheme1Steps(DEFAULT_TERMS));
  return w;
})();

/** A channel like `ch` (same nodes, capacity, delay) with the given keys, funded on the world's chain. */
function fundedLike(
  w: World,
  ch: EltooChannel,
  keys: { partyKey: string; hubKey: string; number: number },
): EltooChannel {
  const template = { ...ch, ...keys };
  const [outpoint] = w.chain.mint([
    { value: BigInt(ch.capacitySat), script: fundingOutput(channelParams(template)).scriptPubKey },
  ]);
  if (outpoint === undefined) throw new Error('mint returned nothing');
  return { ...template, fundingTxid: outpoint.txid, fundingVout: outpoint.vout };
}

describe('keys per role and per channel', () => {
  it('gives the identity, each channel and each of Q_u and Q_s a different key', () => {
    const ch = paid.channelOf('S', 'A');
    const aSeed = paid.node('A').snapshot.seed;
    const keys = [
      bytesToHex(identityKey(aSeed).compressed),
      ch.partyKey,
      channelKeyHex(aSeed, 'S', 1),
      bytesToHex(aggregateXonly(ch, 'update')),
      bytesToHex(aggregateXonly(ch, 'settle')),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    expect(ch.partyKey).toBe(channelKeyHex(aSeed, 'S', 0));
    expect(channelPath('S', 0)).toMatch(/^m\/1017'\/0'\/1'\/\d+'\/0'$/);
  });

  it("a second channel between A and S refuses the first channel's APOAS update signature, which the first channel's own copy accepts", () => {
    const w = paid;
    const ch = w.channelOf('S', 'A');
    const updateSig = ch.latest.updateSig;
    expect(ch.latest.state).toBe(1);
    if (updateSig === null) throw new Error('no update signature');
    // Control: a channel with the first channel's keys (what one key for everything gave) takes the signature.
    const sameKeys = fundedLike(w, ch, { partyKey: ch.partyKey, hubKey: ch.hubKey, number: 0 });
    const control = w.chain.confirm(boundUpdate(sameKeys, { state: 1, updateSig, spends: { kind: 'funding' } }).tx);
    expect(control.ok).toBe(true);
    // The second channel: keys at number 1 for both sides.
    const second = fundedLike(w, ch, {
      partyKey: channelKeyHex(w.node('A').snapshot.seed, 'S', 1),
      hubKey: channelKeyHex(w.node('S').snapshot.seed, 'A', 1),
      number: 1,
    });
    expect(
      schnorrVerify({
        pubKey: aggregateXonly(second, 'update'),
        msg: updateMsg(second, 1),
        sig: Buffer.from(updateSig, 'hex'),
      }),
    ).toBe(false);
    const r = w.chain.confirm(boundUpdate(second, { state: 1, updateSig, spends: { kind: 'funding' } }).tx);
    expect(r.ok).toBe(false);
  });

  it("an update signature never verifies as the settlement's: Q_s ≠ Q_u", () => {
    const ch = paid.channelOf('S', 'A');
    const sig = Buffer.from(ch.latest.updateSig ?? '', 'hex');
    expect(schnorrVerify({ pubKey: aggregateXonly(ch, 'update'), msg: updateMsg(ch, 1), sig })).toBe(true);
    expect(schnorrVerify({ pubKey: aggregateXonly(ch, 'settle'), msg: updateMsg(ch, 1), sig })).toBe(false);
  });
});
