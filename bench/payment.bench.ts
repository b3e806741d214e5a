/**
 * `npm run bench -- payment [--quick]`: the cost of a whole asynchronous payment through the message-driven
 * nodes of impl/node (envelopes signed and checked, every message decoded with io-ts, snapshots copied on every
 * step, MuSig2, adaptor PTLCs, the sealed mailbox, BIP-118 sighashes), and of S's two sale steps at node level
 * (handling B's invoice: every step-6 check then the PTLC offer; handling the claim: extraction, its own partial
 * signature, aggregation), beside one noble point multiplication and one `schnorr.verify` measured in the
 * same run, with each figure's ratio to them.
 *
 * Method: a warm-up run, then repeated runs until the time budget (3 s per case, 1 s with --quick) has passed;
 * the figure is the mean. Node steps are pure (snapshot in, snapshot out), so S's sale steps are re-run on the
 * same snapshot and message. Single-threaded.
 */
import * as secp from '@noble/secp256k1';
import { sha256 } from '../impl/crypto/setup.ts';
import { utf8 } from '../impl/crypto/bytes.ts';
import { runDemo } from '../impl/node/demo.ts';
import type { Envelope } from '../impl/node/messages.ts';
import { runSteps, scheme1Steps, scheme2Steps } from '../impl/node/scenario.ts';
import { take } from '../impl/node/testkit.ts';
import { chainView } from '../impl/node/onchain.ts';
import { World, stepMessage, type WorldConfig } from '../impl/node/world.ts';

type Row = { name: string; msPerOp: number; runs: number; note?: string };

function measure(name: string, budgetMs: number, op: (i: number) => void, note?: string): Row {
  op(0);
  let runs = 0;
  const t0 = process.hrtime.bigint();
  const end = t0 + BigInt(Math.round(budgetMs * 1e6));
  while (runs < 3 || process.hrtime.bigint() < end) op(++runs);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { name, msPerOp: ms / runs, runs, ...(note === undefined ? {} : { note }) };
}

function payment(config: WorldConfig, steps: typeof scheme1Steps): () => number {
  return () => {
    const w = new World(config);
    runSteps(w, steps());
    if (w.refusals().length > 0) throw new Error(`bench: refusals ${JSON.stringify(w.refusals())}`);
    return w.transcript.filter((e) => e.kind === 'message').length;
  };
}

/** A world where S's next input is B's invoice (or, with `claim`, the claim that completes the sale). */
function saleFixture(opts: { claim: boolean }): { w: World; msg: Envelope } {
  const w = new World({ seed: 77, hops: 0, scheme: 1, decorrelate: false });
  for (const s of scheme1Steps().slice(0, 4)) s.run(w);
  w.setOnline('B', true);
  w.command('B', { kind: 'PayeeFetch' });
  w.deliverOne();
  w.deliverOne();
  if (!opts.claim) return { w, msg: take(w, (e) => e.body.kind === 'Invoice') };
  w.deliverOne(); // S handles the invoice, offers the PTLC
  w.deliverOne(); // B claims
  return { w, msg: take(w, (e) => e.body.kind === 'PtlcClaim') };
}

export async function run(args: readonly string[] = []): Promise<void> {
  const budget = args.includes('--quick') ? 1000 : 3000;
  const k = sha256(utf8('apln bench payment key'));
  const pub = secp.schnorr.getPublicKey(k);
  const msg = sha256(utf8('apln bench payment msg'));
  const sig = secp.schnorr.sign(msg, k, new Uint8Array(32));
  const scalar =
    BigInt(`0x${Array.from(sha256(utf8('scalar')), (b) => b.toString(16).padStart(2, '0')).join('')}`) %
    secp.Point.CURVE().n;
  const P = secp.Point.BASE.multiply(7n);
  const curve = [
    measure('noble Point.multiply (one point multiplication)', budget / 3, (i) => void P.multiply(scalar + BigInt(i))),
    measure('noble schnorr.verify', budget / 3, () => void secp.schnorr.verify(sig, msg, pub)),
  ];
  const [mul, verify] = curve as [Row, Row];

  const invoice = saleFixture({ claim: false });
  const claim = saleFixture({ claim: true });
  const hubInvoice = invoice.w.node('S');
  const hubClaim = claim.w.node('S');
  const msgs: Record<string, number> = {};
  const rows: Row[] = [
    measure("S handles B's invoice (envelope, step-6 checks, PTLC offer)", budget, () => {
      const r = stepMessage(hubInvoice, invoice.msg, invoice.w.height, chainView(invoice.w.chain));
      if (r.error !== undefined) throw new Error(r.error.detail);
    }),
    measure('S handles the claim (extract s_A, sign, aggregate U(n+1))', budget, () => {
      const r = stepMessage(hubClaim, claim.msg, claim.w.height, chainView(claim.w.chain));
      if (r.error !== undefined) throw new Error(r.error.detail);
    }),
  ];
  const cases: [string, WorldConfig, typeof scheme1Steps][] = [
    ['whole payment, scheme 1 direct', { seed: 1, hops: 0, scheme: 1, decorrelate: false }, scheme1Steps],
    ['whole payment, scheme 1, 2 hops same point', { seed: 1, hops: 2, scheme: 1, decorrelate: false }, scheme1Steps],
    ['whole payment, scheme 1, 2 hops decorrelated', { seed: 1, hops: 2, scheme: 1, decorrelate: true }, scheme1Steps],
    ['whole payment, scheme 2', { seed: 1, hops: 0, scheme: 2, decorrelate: false }, scheme2Steps],
  ];
  for (const [name, config, steps] of cases) {
    const f = payment(config, steps);
    msgs[name] = f();
    rows.push(measure(name, budget, () => void f(), `${msgs[name]} messages`));
  }
  rows.push(
    measure(
      'apln demo (scheme 1 direct, with on-chain U(1) and St(1))',
      budget,
      () => void runDemo({ hops: 0, scheme: 1, decorrelate: false, seed: 1 }),
    ),
  );

  const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toFixed(4));
  process.stdout.write(`curve operations (same run):\n`);
  for (const r of curve) process.stdout.write(`  ${r.name.padEnd(62)} ${fmt(r.msPerOp * 1000).padStart(10)} µs\n`);
  process.stdout.write(
    `\n${'case'.padEnd(62)} ${'ms/op'.padStart(10)} ${'× mul'.padStart(8)} ${'× verify'.padStart(9)}  runs\n`,
  );
  for (const r of rows) {
    process.stdout.write(
      `${r.name.padEnd(62)} ${fmt(r.msPerOp).padStart(10)} ${fmt(r.msPerOp / mul.msPerOp).padStart(8)} ${fmt(r.msPerOp / verify.msPerOp).padStart(9)}  ${r.runs}${r.note === undefined ? '' : `  (${r.note})`}\n`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run(process.argv.slice(2));
