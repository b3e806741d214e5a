/**
 * Scheme 2's `craft` stutter (issue 10, as ../scheme1/craft.ts for scheme 1): a deviating A makes a PTLC offer to
 * an honest, online S from its own offer (the one queued to S, else the last S took), with several terms set at
 * once (a number moved by the given amount, any other term set to the given value), and signs it anew with its
 * own keys: the claim's adaptor pre-signature and the PTLC state signature over the altered terms (its current
 * ledger with S), in a fresh envelope with the sequence number S expects next. One altered field of A's offer
 * only trips the signature checks every receiver makes first (ptlc:offer-presig-forged); signed anew, the
 * offer reaches S's own scheme-2 checks (hub:s2-offer-*: no such state, already sold, stale, the point, the
 * amount, the timeout). The guard-directed runs use it (../guard-directed.ts); random runs do not draw it.
 */
import type { Envelope } from '../../impl/node/messages.ts';
import { ledgerWith, signOffer } from '../../impl/node/ptlc.ts';
import { sendAs } from '../scheme1/tamper.ts';
import type { Scheme2Driver } from './driver.ts';

/** Term edits: a number term moved by the number given, any other term set to the value given. */
export type OfferEdits = Readonly<Record<string, number | string>>;

type Offer = Extract<Envelope['body'], { kind: 'PtlcOffer' }>;
const TERMS = ['paymentId', 'hop', 'amountSat', 'point', 'timeoutHeight'] as const;

/** A's offer to S the craft starts from: queued to S first, else the last S accepted. */
function lastOffer(d: Scheme2Driver): Envelope | undefined {
  const isOffer = (e: Envelope): boolean => e.from === 'A' && e.to === 'S' && e.body.kind === 'PtlcOffer';
  const queued = d.queued().find(isOffer);
  if (queued !== undefined) return queued;
  for (const e of [...d.world.transcript].reverse())
    if (e.kind === 'message' && e.accepted && isOffer(e.envelope) && !d.stutters.has(e.envelope.sig)) return e.envelope;
  return undefined;
}

/** Runs the stutter; what it did, or undefined when it does not apply (A honest, S offline, no offer yet). */
export function runOfferCraft(d: Scheme2Driver, edits: OfferEdits): string | undefined {
  if (!(d.config.deviating ?? []).includes('A') || (d.config.deviating ?? []).includes('S') || !d.isOnline('S'))
    return undefined;
  const env = lastOffer(d);
  const a = d.node('A');
  const ledger = a.role === 'payer' ? ledgerWith(a.snapshot.ledgers, 'S') : undefined;
  if (env === undefined || env.body.kind !== 'PtlcOffer' || a.role !== 'payer' || ledger === undefined)
    return undefined;
  const original: Offer = env.body;
  const terms: Record<(typeof TERMS)[number], number | string> = {
    paymentId: original.paymentId,
    hop: original.hop,
    amountSat: original.amountSat,
    point: original.point,
    timeoutHeight: original.timeoutHeight,
  };
  for (const [k, v] of Object.entries(edits)) {
    if (!(TERMS as readonly string[]).includes(k)) throw new Error(`offer craft: ${k} is not a term of PtlcOffer`);
    const o = terms[k as (typeof TERMS)[number]];
    terms[k as (typeof TERMS)[number]] = typeof v === 'number' && typeof o === 'number' ? o + v : v;
  }
  const t = terms as unknown as Pick<Offer, (typeof TERMS)[number]>;
  const { preSig, stateSig } = signOffer({ terms: t, ledger, seed: a.snapshot.seed, auxRand: new Uint8Array(32) });
  const body: Offer = { ...original, ...t, preSig, stateSig };
  const seq = (d.node('S').snapshot.seqIn.A ?? 0) + 1;
  sendAs(d, env, body, seq, false);
  const what = Object.entries(edits)
    .map(([k, v]) => `${k} ${typeof v === 'number' ? `${v >= 0 ? '+' : ''}${v}` : `= ${v.slice(0, 8)}…`}`)
    .join(', ');
  return `A sends S a PTLC offer made from its own, signed anew${what === '' ? '' : `: ${what}`}`;
}

/**
 * The `relay` stutter: a deviating A sends an honest, online B, under its own name and keys, a copy of the last
 * channel message of kind `kind` S sent B (B's channel partner is S: it must refuse the message from anyone else).
 */
export function runRelay(d: Scheme2Driver, kind: 'AcceptState' | 'SettlementSig'): string | undefined {
  const deviating = d.config.deviating ?? [];
  if (!deviating.includes('A') || deviating.includes('B') || !d.isOnline('B')) return undefined;
  const sent = [...d.world.transcript]
    .reverse()
    .find(
      (e) =>
        e.kind === 'message' &&
        e.accepted &&
        e.envelope.from === 'S' &&
        e.envelope.to === 'B' &&
        e.envelope.body.kind === kind,
    );
  if (sent === undefined || sent.kind !== 'message') return undefined;
  const seq = (d.node('B').snapshot.seqIn.A ?? 0) + 1;
  sendAs(d, { ...sent.envelope, from: 'A' }, sent.envelope.body, seq, false);
  return `A sends B, as its own, the ${kind} S sent B`;
}
