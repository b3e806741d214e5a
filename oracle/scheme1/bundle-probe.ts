/**
 * The `bundle` stutter (issue 10): a deviating A stores at M, in place of its genuine bundle for B, one it crafted
 * with its own keys (some fields set, the sealed bytes broken, or a bundle of the wrong kind), and B, fetching its
 * mail, is handed that item alone. B judges each delivered item on its own (R-02-09, R-02-10), so a bad item
 * beside the genuine one refuses nothing: only a delivery holding the crafted item alone shows B's check of it.
 *
 * The probe runs A's and M's part on a copy of the world (A reads S's St(n+1) signature as its node does and
 * seals its bundle, or takes the one it sent M earlier; M stores the crafted item and answers B's fetch), then
 * hands M's delivery to the real B, whose answer is recorded in the transcript (a refusal names its guard). The
 * model stutters: B's snapshot and the network are put back, and the delivery counts as a stutter's envelope
 * (`driver.stutters`: it teaches nobody, and M's genuine item is not handed out by it). Directed runs only
 * (oracle/guard-directed.ts); random runs do not draw it.
 */
import { describeEdits } from '../stutter-codecs.ts';
import type { Envelope } from '../../impl/node/messages.ts';
import { mailboxKeys, nodeKeys } from '../../impl/node/node.ts';
import { signEnvelope } from '../../impl/node/envelope.ts';
import { derive } from '../../impl/node/rng.ts';
import { openBundle, sealBundle, type Bundle, type PayerBundle } from '../../impl/node/sealed-payloads.ts';
import type { World } from '../../impl/node/world.ts';
import type { ImplDriver } from './driver.ts';

/**
 * Bundle edits: a number field moved by the number given, any other field set to the value given; three values
 * are special: `expiryHeight: 'now'` (the current height), `kind: 'PayeeBundle'` (a scheme-2 bundle made of the
 * same evidence) and `sealed: 'broken'` (the sealed bytes with their last digit changed: B cannot open it).
 * `sender` names the item's sender in M's delivery (M, deviating too, signs its delivery anew).
 */
export type BundleEdits = Readonly<Record<string, number | string>>;

const isStore = (e: Envelope): boolean => e.from === 'A' && e.to === 'M' && e.body.kind === 'MailboxStore';

/** A's MailboxStore of its genuine bundle on the copy `w`: sealed now from S's St(n+1) signature, or the last one M took. */
function genuineStore(d: ImplDriver, w: World): Envelope | undefined {
  const sig = d.queued().find((e) => e.to === 'A' && e.body.kind === 'SettlementSig');
  if (sig !== undefined) {
    w.receive('A', JSON.parse(JSON.stringify(sig)));
    return w.unqueue(isStore);
  }
  const sent = d.world.transcript.filter((e) => e.kind === 'message' && e.accepted && isStore(e.envelope));
  const last = sent[sent.length - 1];
  return last?.kind === 'message' ? last.envelope : undefined;
}

/** The crafted bundle: `genuine` with `edits` applied. */
function crafted(genuine: PayerBundle, edits: BundleEdits, height: number): Bundle {
  const body: Record<string, unknown> = { ...genuine };
  for (const [k, v] of Object.entries(edits)) {
    if (k === 'sealed' || k === 'sender') continue;
    const o = body[k];
    body[k] = v === 'now' ? height : typeof v === 'number' && typeof o === 'number' ? o + v : v;
  }
  if (edits.kind !== 'PayeeBundle') return body as unknown as Bundle;
  // A scheme-2 bundle (B's to A) with the same update evidence: well formed, but not what B waits for.
  const { payer: _p, channelId, ...evidence } = genuine;
  return {
    ...evidence,
    kind: 'PayeeBundle',
    payee: 'A',
    settleSig: '00'.repeat(64),
    fundingTxid: channelId,
    fundingVout: 0,
    capacitySat: 0,
    csvDelayBlocks: 0,
    partySat: 0,
    hubSat: 0,
  };
}

/** M's delivery `e` with each item's sender set to `sender`, signed anew by a deviating M; else undefined. */
function deliveryFrom(d: ImplDriver, e: Envelope, sender: string): Envelope | undefined {
  if (e.body.kind !== 'MailboxDeliver' || !(d.config.deviating ?? []).includes('M')) return undefined;
  return signEnvelope({
    from: e.from,
    to: e.to,
    seq: e.seq,
    sessionId: e.sessionId,
    body: { kind: 'MailboxDeliver', items: e.body.items.map((i) => ({ ...i, sender })) },
    nodeSecKey: nodeKeys(d.world.seedOf('M')).secKey,
    auxRand: new Uint8Array(32),
  });
}

/** Runs the stutter; what it did, or undefined when A has no bundle to make it from (or A does not deviate). */
export function runBundle(d: ImplDriver, edits: BundleEdits): string | undefined {
  if (!(d.config.deviating ?? []).includes('A')) return undefined;
  const w = d.world.clone();
  const store = genuineStore(d, w);
  if (store === undefined || store.body.kind !== 'MailboxStore') return undefined;
  const aSeed = d.world.seedOf('A');
  const bSeed = d.world.seedOf('B');
  // A made this bundle and knows what is in it; the oracle reads it with B's key rather than rebuild it.
  const genuine = openBundle({
    recipientSecKey: mailboxKeys(bSeed).secKey,
    sealedHex: store.body.sealed,
    expectedSenderKeyHex: w.node('A').snapshot.directory.A?.node ?? '',
  });
  if (genuine.kind !== 'PayerBundle') return undefined;
  let sealed = sealBundle({
    senderSecKey: nodeKeys(aSeed).secKey,
    recipientKeyHex: w.node('A').snapshot.directory.B?.mailbox ?? '',
    bundle: crafted(genuine, edits, d.world.height),
    rand: derive(aSeed, 'oracle/crafted-bundle'),
  });
  if (edits.sealed === 'broken') sealed = `${sealed.slice(0, -1)}${sealed.endsWith('0') ? '1' : '0'}`;
  const a = w.node('A').snapshot;
  const toM = signEnvelope({
    from: 'A',
    to: 'M',
    seq: (w.node('M').snapshot.seqIn.A ?? 0) + 1,
    sessionId: store.sessionId,
    body: { kind: 'MailboxStore', recipient: 'B', sealed },
    nodeSecKey: nodeKeys(a.seed).secKey,
    auxRand: new Uint8Array(32),
  });
  if (w.receive('M', toM) !== undefined) return undefined;
  // B fetches its mail; on the copy, M answers with the crafted item alone.
  if (w.commandNode('B', { kind: 'PayeeFetch' }) !== undefined) return undefined;
  const fetch = w.unqueue((e) => e.from === 'B' && e.to === 'M' && e.body.kind === 'MailboxFetch');
  if (fetch === undefined || w.receive('M', fetch) !== undefined) return undefined;
  const made = w.unqueue((e) => e.from === 'M' && e.to === 'B' && e.body.kind === 'MailboxDeliver');
  if (made === undefined) return undefined;
  const delivery = typeof edits.sender === 'string' ? deliveryFrom(d, made, edits.sender) : made;
  if (delivery === undefined) return undefined;
  // The real B judges it; what B did is undone (the model stutters), its answer stays in the transcript.
  const refusal = d.judgeStutter('B', delivery);
  const what = describeEdits(edits);
  const answer = refusal === undefined ? 'B invoiced it' : `B refused it (${refusal.guard})`;
  return `A stores at M, in place of its bundle for B, one it crafted (${what === '' ? 'unchanged' : what}): ${answer}`;
}
