import { describe, expect, it } from 'vitest';
import { balances, broadcastable, nonces, ptlcs, secrets } from './inspect.ts';
import { runSteps, scheme1Steps } from './scenario.ts';
import { World } from './world.ts';
import type { PayerSnapshot } from './payer.ts';
import type { HubSnapshot } from './hub.ts';
import { schnorrVerify } from '../crypto/schnorr.ts';
import { receiptMsg } from './receipt.ts';
import { fromHex } from './wire.ts';

function run(opts: { hops: number; decorrelate: boolean }): World {
  const w = new World({ seed: 7, scheme: 1, ...opts });
  runSteps(w, scheme1Steps());
  return w;
}

function bal(w: World, node: string, peer: string): [number, number] {
  const b = balances(w).find((x) => x.node === node && x.peer === peer);
  if (b === undefined) throw new Error(`no balance ${node}–${peer}`);
  return [b.localSat, b.remoteSat];
}

describe('scheme 1, S pays B directly', () => {
  const w = run({ hops: 0, decorrelate: false });

  it('completes with no refusal: A and S both hold state 1 with (a − amt − fee, s + amt + fee)', () => {
    expect(w.refusals()).toEqual([]);
    expect(bal(w, 'A', 'S')).toEqual([89_900, 110_100]);
    expect(bal(w, 'S', 'A')).toEqual([110_100, 89_900]);
    const a = w.node('A').snapshot as PayerSnapshot;
    expect(a.channel.latest.state).toBe(1);
    expect(a.payments[0]?.status).toBe('completed');
    expect(a.payments[0]?.invoice?.payee).toBe('B');
  });

  it('pays B exactly amt over the S–B PTLC', () => {
    expect(bal(w, 'B', 'S')).toEqual([110_000, 90_000]);
    expect(bal(w, 'S', 'B')).toEqual([90_000, 110_000]);
    expect(ptlcs(w).map((p) => [p.from, p.to, p.amountSat, p.status])).toEqual([['S', 'B', 10_000, 'claimed']]);
  });

  it('leaves s_A with A, B and S (who paid for it) only; M holds only ciphertext', () => {
    expect(secrets(w, 'A')).toContain('sA');
    expect(secrets(w, 'B')).toContain('sA');
    expect(secrets(w, 'S')).toContain('sA');
    expect(secrets(w, 'M')).toEqual([]);
  });

  it('gives A and S both U(1) and St(1) complete, with the same signatures', () => {
    const a = w.node('A').snapshot as PayerSnapshot;
    const s = w.node('S').snapshot as HubSnapshot;
    expect(s.channels[0]?.latest).toEqual(a.channel.latest);
    expect(
      broadcastable(w)
        .filter((b) => b.node === 'S')
        .map((b) => b.tx),
    ).toEqual(['U(1)', 'St(1)']);
  });

  it('replays byte for byte from the same seed', () => {
    const again = run({ hops: 0, decorrelate: false });
    expect(JSON.stringify(again.transcript)).toBe(JSON.stringify(w.transcript));
  });
});

describe('scheme 1 split over two routing nodes', () => {
  it('same point: every hop is locked to T, and each router earns its fee', () => {
    const w = run({ hops: 2, decorrelate: false });
    expect(w.refusals()).toEqual([]);
    const hops = ptlcs(w);
    expect(hops.map((p) => [p.from, p.to, p.amountSat, p.status])).toEqual([
      ['S', 'P1', 10_020, 'claimed'],
      ['P1', 'P2', 10_010, 'claimed'],
      ['P2', 'B', 10_000, 'claimed'],
    ]);
    expect(new Set(hops.map((p) => p.point)).size).toBe(1);
    expect(bal(w, 'P1', 'S')[0] + bal(w, 'P1', 'P2')[0]).toBe(200_010);
    expect(bal(w, 'P2', 'P1')[0] + bal(w, 'P2', 'B')[0]).toBe(200_010);
    expect(bal(w, 'A', 'S')).toEqual([89_900, 110_100]);
    expect(ptlcs(w)[0]?.timeoutHeight).toBeGreaterThan(ptlcs(w)[1]?.timeoutHeight ?? Infinity);
  });

  it('decorrelated: T appears on no hop, no two hops share a point, and S still learns s_A', () => {
    const w = run({ hops: 2, decorrelate: true });
    expect(w.refusals()).toEqual([]);
    const hops = ptlcs(w);
    expect(new Set(hops.map((p) => p.point)).size).toBe(3);
    const s = w.node('S').snapshot as HubSnapshot;
    const T = s.sales[0]?.invoice.paymentPoint;
    expect(hops.map((p) => p.point)).not.toContain(T);
    expect(s.sales[0]?.status).toBe('bought');
    expect(secrets(w, 'P1')).toEqual(['lock:0', 'lock:1', 'x:P1']);
    expect(secrets(w, 'B')).toEqual(['lock:2', 'sA', 'x:B', 'x:P1', 'x:P2']);
    // S learns only the sum X of B's tweaks, never a single one (R-04-14).
    expect(secrets(w, 'S')).toEqual(['X', 'lock:0', 'sA', 'sS']);
    expect(bal(w, 'A', 'S')).toEqual([89_900, 110_100]);
  });
});

describe('nonce safety in a whole run', () => {
  it('every secret nonce signed at most one message, and no two nonces of a node share a message', () => {
    const w = run({ hops: 1, decorrelate: true });
    const all = nonces(w);
    const used = all.filter((n) => n.status === 'used');
    // A and S each used their settlement and update nonces of state 1 (A's update nonce for s_A).
    expect(used.map((n) => `${n.node}:${n.id.split('/').slice(1, 3).join('/')}`).sort()).toEqual([
      'A:1/settle',
      'A:1/update',
      'S:1/settle',
      'S:1/update',
    ]);
    for (const node of ['A', 'S']) {
      const msgs = used.filter((n) => n.node === node).map((n) => n.usedForMsg);
      expect(new Set(msgs).size).toBe(msgs.length);
    }
  });
});

describe('the receipt variant (proof of payment, spec 06 §2)', () => {
  it('A ends with B’s BIP-340 signature over the receipt message naming its invoice, T and amt', () => {
    const w = new World({ seed: 8, hops: 1, scheme: 1, decorrelate: true, receipt: true });
    runSteps(w, scheme1Steps());
    expect(w.refusals()).toEqual([]);
    const a = w.node('A').snapshot as PayerSnapshot;
    const pay = a.payments[0];
    if (pay?.invoice === null || pay?.invoice === undefined || pay.receipt === null) throw new Error('no receipt');
    const { payeeSig: _s, receiptPreSig: _r, ...fields } = pay.invoice;
    expect(
      schnorrVerify({
        pubKey: fromHex(a.directory.B?.node ?? '').slice(1),
        msg: receiptMsg(fields),
        sig: fromHex(pay.receipt),
      }),
    ).toBe(true);
    // The receipt could not have been made before the sale: its secret is s_A + s_S.
    expect(pay.invoice.receiptPreSig).toMatch(/^0[23][0-9a-f]{128}$/);
  });

  it('without the variant there is no receipt', () => {
    const w = run({ hops: 0, decorrelate: false });
    expect((w.node('A').snapshot as PayerSnapshot).payments[0]?.receipt).toBeNull();
  });
});
