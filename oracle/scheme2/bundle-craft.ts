/**
 * Scheme 2's `bundle` stutter (issue 10, as ../scheme1/bundle-probe.ts for scheme 1): an honest, online A is
 * handed by M one item alone, a PayeeBundle a deviating B made from its genuine one (the bundle it stored at M)
 * with fields set and sealed anew with B's keys: M's delivery as the honest M would make it had B stored that
 * item in place of its genuine bundle (A judges each delivered item on its own, R-05-06, so a bad item beside
 * the genuine one refuses nothing: only the crafted item alone shows A's check of it). A's answer is recorded in
 * the transcript (a refusal names its guard); the model stutters, so A's snapshot and the network are put back,
 * and the delivery counts as a stutter's envelope (`driver.stutters`). Directed runs only (../guard-directed.ts).
 */
import { describeEdits } from '../stutter-codecs.ts';
import { MusigSession, musigNonceAgg, musigNonceGen } from '../../impl/crypto/musig.ts';
import { signEnvelope } from '../../impl/node/envelope.ts';
import { ownChannelKey } from '../../impl/node/keys.ts';
import type { Envelope } from '../../impl/node/messages.ts';
import { mailboxKeys, nodeKeys } from '../../impl/node/node.ts';
import { derive } from '../../impl/node/rng.ts';
import { openBundle, sealBundle, type Bundle, type PayeeBundle } from '../../impl/node/sealed-payloads.ts';
import { fromHex, toHex } from '../../impl/node/wire.ts';
import type { Scheme2Driver } from './driver.ts';

/**
 * Bundle edits: a number field moved by the number given, any other field set to the value given. Special:
 * `expiryHeight: 'now'` (the current height); `kind: 'PayerBundle'` (a scheme-1 bundle made of the same update
 * evidence: well formed, not what A buys); `sealed: 'broken'` (the sealed bytes with their last digit changed: A
 * cannot open them); `resign: 'partial'` (B signs its partial signature anew over the crafted message, with a
 * fresh nonce of its own, so the bundle passes the partial-signature check and reaches the check of the field);
 * `sender` (the name M writes on the item: a deviating M's lie, the one edit that needs M and not B).
 */
export type BundleEdits = Readonly<Record<string, number | string>>;

const NOT_FIELDS = ['sealed', 'resign', 'sender'];

/** B's genuine bundle for A, read from the MailboxStore it sent M (the oracle reads it with A's mailbox key). */
function genuineBundle(d: Scheme2Driver): { store: Envelope; bundle: PayeeBundle } | undefined {
  for (const e of d.world.transcript) {
    if (e.kind !== 'message' || !e.accepted) continue;
    const env = e.envelope;
    if (env.from !== 'B' || env.to !== 'M' || env.body.kind !== 'MailboxStore' || env.body.recipient !== 'A') continue;
    const a = d.node('A').snapshot;
    const bundle = openBundle({
      recipientSecKey: mailboxKeys(a.seed).secKey,
      sealedHex: env.body.sealed,
      expectedSenderKeyHex: a.directory.B?.node ?? '',
    });
    return bundle.kind === 'PayeeBundle' ? { store: env, bundle } : undefined;
  }
  return undefined;
}

/** B's partial signature over the bundle's (crafted) message, with a fresh nonce of B's for that message. */
function resignPartial(d: Scheme2Driver, b: PayeeBundle): PayeeBundle {
  const ch = d.channelOf('B');
  if (ch === undefined) throw new Error('bundle craft: B has no channel with S');
  const bSeed = d.world.seedOf('B');
  const key = ownChannelKey(bSeed, ch, 'party');
  const msg = fromHex(b.msg);
  // BIP-327 mixes the key and the message into the nonce: a fresh nonce for each crafted message, never reused.
  const nonce = musigNonceGen({
    pubKey: key.compressed,
    secKey: key.secKey,
    msg,
    rand: derive(bSeed, `oracle/bundle-craft/${b.msg}`),
  });
  const pubNonces = b.pubNonces.map((n, i) => (i === b.signerIndex ? nonce.pubNonce : fromHex(n)));
  const session = new MusigSession({
    aggNonce: musigNonceAgg(pubNonces),
    publicKeys: b.publicKeys.map((k) => fromHex(k)),
    msg,
  });
  const partialSig = toHex(session.partialSign({ secNonce: nonce.secNonce, secKey: key.secKey }));
  return { ...b, pubNonces: [toHex(pubNonces[0] as Uint8Array), toHex(pubNonces[1] as Uint8Array)], partialSig };
}

/** The crafted bundle: `genuine` with `edits` applied. */
function crafted(d: Scheme2Driver, genuine: PayeeBundle, edits: BundleEdits): Bundle {
  const body: Record<string, unknown> = { ...genuine };
  for (const [k, v] of Object.entries(edits)) {
    if (NOT_FIELDS.includes(k) || k === 'kind') continue;
    const o = body[k];
    body[k] = v === 'now' ? d.implHeight : typeof v === 'number' && typeof o === 'number' ? o + v : v;
  }
  let b = body as unknown as PayeeBundle;
  if (edits.resign === 'partial') b = resignPartial(d, b);
  if (edits.kind !== 'PayerBundle') return b;
  const {
    payee: _p,
    settleSig: _s,
    fundingTxid,
    fundingVout: _v,
    capacitySat: _c,
    csvDelayBlocks: _d,
    ...evidence
  } = b;
  const { partySat: _ps, hubSat: _hs, ...rest } = evidence;
  return { ...rest, kind: 'PayerBundle', payer: 'B', channelId: fundingTxid };
}

/** Runs the stutter; what it did, or undefined when it does not apply (A deviating or offline, no bundle of B's). */
export function runBundleCraft(d: Scheme2Driver, edits: BundleEdits): string | undefined {
  const deviating = d.config.deviating ?? [];
  const content = Object.keys(edits).some((k) => k !== 'sender');
  if (deviating.includes('A') || !d.isOnline('A')) return undefined;
  if ((content && !deviating.includes('B')) || (edits.sender !== undefined && !deviating.includes('M')))
    return undefined;
  if (!content && edits.sender === undefined && !deviating.includes('B')) return undefined;
  const g = genuineBundle(d);
  if (g === undefined || g.store.body.kind !== 'MailboxStore') return undefined;
  const a = d.node('A').snapshot;
  let sealed = g.store.body.sealed;
  if (content) {
    const bSeed = d.world.seedOf('B');
    sealed = sealBundle({
      senderSecKey: nodeKeys(bSeed).secKey,
      recipientKeyHex: a.directory.A?.mailbox ?? '',
      bundle: crafted(d, g.bundle, edits),
      rand: derive(bSeed, 'oracle/crafted-bundle'),
    });
  }
  if (edits.sealed === 'broken') sealed = `${sealed.slice(0, -1)}${sealed.endsWith('0') ? '1' : '0'}`;
  const sender = typeof edits.sender === 'string' ? edits.sender : 'B';
  const delivery = signEnvelope({
    from: 'M',
    to: 'A',
    seq: (a.seqIn.M ?? 0) + 1,
    sessionId: g.store.sessionId,
    body: { kind: 'MailboxDeliver', items: [{ sender, sealed }] },
    nodeSecKey: nodeKeys(d.world.seedOf('M')).secKey,
    auxRand: new Uint8Array(32),
  });
  const refusal = d.judgeStutter('A', delivery);
  const what = describeEdits(edits, 12);
  const answer = refusal === undefined ? 'A bought it' : `A refused it (${refusal.guard})`;
  return `M hands A, alone, a bundle of B's it crafted (${what === '' ? 'unchanged' : what}): ${answer}`;
}
