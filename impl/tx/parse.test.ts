import { describe, expect, it } from 'vitest';
import { InputError } from '../../util/input-error.ts';
import { parseTransaction } from './parse.ts';
import { buildUpdateTx } from './update.ts';
import { hexToBytes } from '../crypto/index.ts';

const P = hexToBytes('P', 'f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9', 32);
const params = { channelKey: P, settlementKey: P, capacitySat: 10_000n, csvDelayBlocks: 6 };

describe('parseTransaction', () => {
  it('round-trips a transaction built here', () => {
    const tx = buildUpdateTx({ params, stateNumber: 4, spends: { txid: '11'.repeat(32), vout: 0 } });
    expect(parseTransaction('msg.tx', tx.toHex()).getId()).toBe(tx.getId());
  });

  it('refuses non-hex, truncated and trailing-garbage input with an InputError naming the place', () => {
    const hex = buildUpdateTx({ params, stateNumber: 4, spends: { txid: '11'.repeat(32), vout: 0 } }).toHex();
    for (const bad of ['', 'zz', hex.slice(0, -2), `${hex}00`]) {
      expect(() => parseTransaction('msg.tx', bad)).toThrow(InputError);
      expect(() => parseTransaction('msg.tx', bad)).toThrow(/^msg\.tx: /);
    }
  });
});
