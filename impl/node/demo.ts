/**
 * One whole asynchronous payment with real crypto, as data: the run behind `apln demo`. Scheme 1: A pays and
 * goes offline, blocks pass, B comes online and sells s_A, S completes the update, A returns; then S publishes
 * U(n+1) and, after the CSV delay, St(n+1) on the simulated chain, which validates and confirms them. Scheme 2:
 * B pre-signs, A buys S's partial signature and hands B the complete update; then B publishes them.
 *
 * The transcript holds each message, each party's balances after each step, every transaction A or S (B in
 * scheme 2) could broadcast after each step (raw hex, prevout amounts and scripts, tapleaf script, control
 * block), and the chain's confirmations.
 */
import { InputError } from '../../util/input-error.ts';
import { balances, ptlcs, secrets, type BalanceView, type PtlcView } from './inspect.ts';
import { DEFAULT_TERMS, runSteps, scheme1Steps, scheme2Steps, type Step } from './scenario.ts';
import { timeoutVariantDelay } from './params.ts';
import { World, routeIds, type TranscriptEntry } from './world.ts';
import type { BroadcastTx, SpendData } from './eltoo-txs.ts';
import { ptlcClaimTx, ptlcRefundTx, ptlcStateTx } from './ptlc-txs.ts';
import { channelTip } from './onchain.ts';

export type DemoOptions = {
  readonly hops: number;
  readonly scheme: 1 | 2;
  readonly decorrelate: boolean;
  readonly seed: number;
  readonly receipt?: boolean;
  readonly timeout?: boolean;
};

type DemoTx = {
  readonly name: string;
  readonly txid: string;
  readonly hex: string;
  readonly spends: readonly SpendData[];
};

type DemoMessage = {
  readonly from: string;
  readonly to: string;
  readonly seq: number;
  readonly kind: string;
  readonly accepted: boolean;
  readonly error?: string;
  readonly envelope: unknown;
};

type DemoStep = {
  readonly step: string;
  readonly height: number;
  readonly messages: readonly DemoMessage[];
  readonly notes: readonly string[];
  readonly balances: readonly BalanceView[];
  readonly broadcastable: Readonly<Record<string, readonly DemoTx[]>>;
};

type DemoConfirmation = {
  readonly node: string;
  readonly tx: string;
  readonly txid: string;
  readonly hex: string;
  readonly spends: readonly SpendData[];
  readonly confirmed: boolean;
  readonly height: number;
  readonly rejection?: string;
};

/**
 * One routing-channel PTLC as transactions (impl/tx/hop-channel.ts, ptlc.ts): the receiver's H and claim, the
 * offerer's refund, each checked on a copy of the demo's final chain (the payment itself was claimed off chain,
 * so the channel's funding output is still unspent): H confirms; the claim then verifies; the refund is refused
 * one block before the timeout and verifies at it.
 */
type DemoPtlcTxs = {
  readonly paymentId: string;
  readonly hop: number;
  readonly from: string;
  readonly to: string;
  readonly state: DemoTx & { readonly check: string };
  readonly claim: (DemoTx & { readonly check: string }) | null;
  readonly refund: DemoTx & { readonly check: string };
  readonly verified: boolean;
};

export type DemoTranscript = {
  readonly config: DemoOptions & { readonly route: readonly string[]; readonly params: World['params'] };
  readonly steps: readonly DemoStep[];
  readonly ptlcs: readonly PtlcView[];
  readonly secrets: Readonly<Record<string, readonly string[]>>;
  readonly chain: readonly DemoConfirmation[];
  /** Every routing-channel PTLC of the run as real transactions, checked by the validating chain. */
  readonly ptlcTransactions: readonly DemoPtlcTxs[];
  /** Receipt variant: B's completed receipt signature A holds (its proof of payment), else null. */
  readonly receipt: string | null;
  readonly completed: boolean;
};

export const MAX_DEMO_HOPS = 16;

export function checkDemoOptions(o: DemoOptions): DemoOptions {
  if (!Number.isSafeInteger(o.hops) || o.hops < 0 || o.hops > MAX_DEMO_HOPS)
    throw new InputError('--hops', `expected an integer in [0, ${MAX_DEMO_HOPS}], got ${o.hops}`);
  if (o.scheme !== 1 && o.scheme !== 2) throw new InputError('--scheme', `expected 1 or 2, got ${String(o.scheme)}`);
  if (o.scheme === 2 && o.hops > 0)
    throw new InputError('--hops', 'the split applies to scheme 1 only (scheme 2 has A pay S directly)');
  if (o.scheme === 2 && o.decorrelate) throw new InputError('--decorrelate', 'applies to scheme 1 with --hops ≥ 1');
  if (o.scheme === 2 && o.receipt === true)
    throw new InputError('--receipt', 'the receipt variant applies to scheme 1');
  if (o.scheme === 2 && o.timeout === true)
    throw new InputError('--timeout', 'the timeout variant applies to scheme 1');
  if (!Number.isSafeInteger(o.seed) || o.seed < 0)
    throw new InputError('--seed', `expected an integer ≥ 0, got ${o.seed}`);
  return o;
}

function txView(t: DemoTx): DemoTx {
  return { name: t.name, txid: t.txid, hex: t.hex, spends: t.spends };
}

export function runDemo(opts: DemoOptions): DemoTranscript {
  checkDemoOptions(opts);
  const w = new World({
    seed: opts.seed,
    hops: opts.hops,
    scheme: opts.scheme,
    decorrelate: opts.decorrelate,
    receipt: opts.receipt === true,
    // The timeout variant is a choice of A's command, not of the world: named here so it reaches the node seeds.
    ...(opts.timeout === true ? { tag: 'timeout' } : {}),
  });
  const holders = opts.scheme === 1 ? ['A', 'S'] : ['A', 'S', 'B'];
  const steps: DemoStep[] = [];
  const record = (step: string, from: number): void => {
    const entries = w.transcript.slice(from);
    steps.push({
      step,
      height: w.height,
      messages: entries
        .filter((e): e is Extract<TranscriptEntry, { kind: 'message' }> => e.kind === 'message')
        .map((e) => ({
          from: e.envelope.from,
          to: e.envelope.to,
          seq: e.envelope.seq,
          kind: e.envelope.body.kind,
          accepted: e.accepted,
          ...(e.error === undefined ? {} : { error: `${e.error.kind}: ${e.error.detail}` }),
          envelope: e.envelope,
        })),
      notes: entries
        .filter((e): e is Extract<TranscriptEntry, { kind: 'note' }> => e.kind === 'note')
        .map((e) => e.text),
      balances: balances(w),
      broadcastable: Object.fromEntries(holders.map((id) => [id, w.broadcastable(id).map(txView)])),
    });
  };
  const terms =
    opts.timeout === true
      ? {
          ...DEFAULT_TERMS,
          timeout: {
            afterExpiryBlocks: timeoutVariantDelay({
              csvDelayBlocks: w.params.csvDelayBlocks,
              claimMarginBlocks: 3,
              rebindMarginBlocks: 1,
            }),
            claimMarginBlocks: 3,
          },
        }
      : DEFAULT_TERMS;
  const scenario: Step[] = opts.scheme === 1 ? scheme1Steps(terms) : scheme2Steps();
  runSteps(w, scenario, {
    after: (() => {
      let from = 0;
      return (s: Step, world: World) => {
        record(s.name, from);
        from = world.transcript.length;
      };
    })(),
  });
  // The holder of the complete update publishes it, then the settlement after the CSV delay.
  const publisher = opts.scheme === 1 ? 'S' : 'B';
  const party = opts.scheme === 1 ? 'A' : 'B';
  const chain: DemoConfirmation[] = [];
  const from = w.transcript.length;
  const txs = w.broadcastable(publisher);
  const [u, st] = txs;
  if (u !== undefined && st !== undefined) {
    const ru = w.publishUpdate(publisher, { party });
    chain.push({
      node: publisher,
      tx: u.name,
      txid: u.txid,
      hex: u.hex,
      spends: u.spends,
      confirmed: ru.ok,
      height: w.height,
      ...('rejection' in ru ? { rejection: JSON.stringify(ru.rejection) } : {}),
    });
    // The publisher watches the chain (R-08-09): it broadcasts St(n+1) as soon as U(n+1) is CSV-deep.
    for (
      let i = 0;
      i <= w.params.csvDelayBlocks && channelTip(w.chain, w.channelOf(publisher, party)).kind !== 'settled';
      i++
    )
      w.mine(1);
    const end = channelTip(w.chain, w.channelOf(publisher, party));
    const settled = end.kind === 'settled' && end.txid === st.txid;
    chain.push({
      node: publisher,
      tx: st.name,
      txid: st.txid,
      hex: st.hex,
      spends: st.spends,
      confirmed: settled,
      height: w.chain.confirmationHeight(st.txid) ?? w.height,
      ...(settled ? {} : { rejection: `not settled by ${st.name}: the channel is ${end.kind}` }),
    });
  }
  record(
    `${publisher} publishes ${u?.name ?? 'U'} and, after ${w.params.csvDelayBlocks} blocks, ${st?.name ?? 'St'}`,
    from,
  );
  const ptlcTransactions = ptlcTxsChecked(w);
  const completed =
    w.refusals().length === 0 &&
    chain.length === 2 &&
    chain.every((c) => c.confirmed) &&
    ptlcTransactions.every((p) => p.verified);
  return {
    config: { ...opts, route: opts.scheme === 1 ? routeIds(opts.hops) : [], params: w.params },
    steps,
    ptlcs: ptlcs(w),
    secrets: Object.fromEntries([...w.nodes.keys()].map((id) => [id, secrets(w, id)])),
    chain,
    ptlcTransactions,
    receipt: (() => {
      const a = w.node('A');
      return a.role === 'payer' ? (a.snapshot.payments[0]?.receipt ?? null) : null;
    })(),
    completed,
  };
}

function checked(tx: BroadcastTx, check: string): DemoTx & { readonly check: string } {
  return { ...txView(tx), check };
}

const verdict = (r: { ok: boolean; rejection?: unknown }): string =>
  r.ok ? 'valid' : `refused: ${JSON.stringify(r.rejection ?? null)}`;

/** Each receiver's H and claim and its offerer's refund, checked on copies of the world's chain. */
function ptlcTxsChecked(w: World): DemoPtlcTxs[] {
  const out: DemoPtlcTxs[] = [];
  for (const [to, n] of w.nodes) {
    if (n.role === 'mailbox') continue;
    for (const entry of n.snapshot.ptlcs.filter((p) => p.direction === 'in')) {
      const from = w.node(entry.peer);
      const ledger = n.snapshot.ledgers.find((l) => l.peer === entry.peer);
      const offered =
        from.role === 'mailbox'
          ? undefined
          : from.snapshot.ptlcs.find((p) => p.direction === 'out' && p.paymentId === entry.paymentId && p.peer === to);
      const fromLedger = from.role === 'mailbox' ? undefined : from.snapshot.ledgers.find((l) => l.peer === to);
      if (ledger === undefined || offered === undefined || fromLedger === undefined) continue;
      const h = ptlcStateTx(n.snapshot.seed, ledger, entry);
      const claim = entry.secret === null ? null : ptlcClaimTx(n.snapshot.seed, ledger, entry);
      const refund = ptlcRefundTx(from.snapshot.seed, fromLedger, offered);
      const c1 = w.chain.clone();
      const rh = c1.confirm(h.tx);
      const rc = claim === null ? null : c1.check(claim.tx);
      // The refund: refused while the tip is below the timeout (when this run's chain is still there), valid at it.
      const c2 = w.chain.clone();
      c2.confirm(h.tx);
      const early =
        c2.height < entry.timeoutHeight
          ? (c2.addBlocks(entry.timeoutHeight - 1 - c2.height), c2.check(refund.tx))
          : null;
      c2.addBlocks(Math.max(0, entry.timeoutHeight - c2.height));
      const late = c2.check(refund.tx);
      const refundCheck = `${early === null ? `(the chain is past the timeout ${entry.timeoutHeight})` : `tip at ${entry.timeoutHeight - 1}: ${verdict(early)}`}; tip at ${c2.height}: ${verdict(late)}`;
      out.push({
        paymentId: entry.paymentId,
        hop: entry.hop,
        from: entry.peer,
        to,
        state: checked(h, verdict(rh)),
        claim: claim === null || rc === null ? null : checked(claim, `after H: ${verdict(rc)}`),
        refund: checked(refund, refundCheck),
        verified: rh.ok && (rc?.ok ?? true) && early?.ok !== true && late.ok,
      });
    }
  }
  return out;
}

/** The human-readable transcript. */
export function formatDemo(t: DemoTranscript): string {
  const lines: string[] = [];
  const c = t.config;
  lines.push(
    `apln demo: scheme ${c.scheme}, ${c.hops} hop(s)${c.decorrelate ? ' (decorrelated)' : ''}, seed ${c.seed}; path S → ${c.route.join(' → ') || '(A → S)'}`,
  );
  for (const [i, s] of t.steps.entries()) {
    lines.push('', `${i + 1}. ${s.step}  [height ${s.height}]`);
    for (const m of s.messages)
      lines.push(`   ${m.from} → ${m.to}  ${m.kind}${m.accepted ? '' : `  REFUSED (${m.error ?? ''})`}`);
    for (const n of s.notes) lines.push(`   · ${n}`);
    const bal = s.balances
      .map((b) => `${b.node}|${b.peer}${b.state === null ? '' : `@${b.state}`} ${b.localSat}`)
      .join(', ');
    lines.push(`   balances: ${bal}`);
    for (const [node, txs] of Object.entries(s.broadcastable))
      if (txs.length > 0)
        lines.push(`   ${node} can broadcast: ${txs.map((x) => `${x.name} ${x.txid.slice(0, 16)}…`).join(', ')}`);
  }
  lines.push('', 'chain:');
  for (const x of t.chain)
    lines.push(
      `   ${x.node} publishes ${x.tx} ${x.txid}: ${x.confirmed ? `confirmed at height ${x.height}` : `REFUSED ${x.rejection ?? ''}`}`,
    );
  if (t.ptlcTransactions.length > 0) lines.push('', 'PTLCs as transactions (checked on a copy of the chain):');
  for (const p of t.ptlcTransactions) {
    lines.push(`   hop ${p.hop} ${p.from} → ${p.to}: ${p.verified ? 'verified' : 'NOT VERIFIED'}`);
    for (const x of [p.state, p.claim, p.refund])
      if (x !== null) lines.push(`     ${x.name} ${x.txid.slice(0, 16)}…  ${x.check}`);
  }
  lines.push(
    '',
    `secrets held: ${Object.entries(t.secrets)
      .map(([id, s]) => `${id}{${s.join(',')}}`)
      .join(' ')}`,
  );
  if (t.receipt !== null) lines.push(`A's receipt from B (proof of payment): ${t.receipt}`);
  lines.push(t.completed ? 'payment completed and enforced on chain' : 'payment did NOT complete');
  return `${lines.join('\n')}\n`;
}
