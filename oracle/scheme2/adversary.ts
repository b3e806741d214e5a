/**
 * Scheme-2 adversarial steps with no model action: the model stutters, so the implementation must refuse or
 * absorb them and its abstraction must not move.
 * - `restart`: a node crashes and comes back from its snapshot (JSON text);
 * - `replay`: the last accepted message is delivered again;
 * - `forgedOffer`: S gets a PTLC offer from A (A's real key: the oracle injected A's seed) for the payment,
 *   locked to a point that is not S's partial-signature point on U_BS(m+1): S must refuse (bad-point), or it
 *   would sell s_S for a lock that does not reveal it;
 * - `forgedBundle`: A gets, from M, B's real bundle re-sealed by B's key with balances B's settlement signature
 *   does not cover (B + 1, S − 1): A must refuse it (R-05-06), buying nothing;
 * - `forgedHandoff`: B gets a handoff "from A" (A's real key) whose U_BS(m+1) signature is not valid: B must
 *   refuse it (R-05-13);
 * - `staleCancel`: once S sold s_S, B proposes m+2 with the balances of m (a cancel after the sale); the model
 *   never allows it (PayeeHubCancel needs an unclaimed PTLC), so S must refuse (R-05-12: m+1 is S's latest
 *   once it claimed A's PTLC). B's snapshot is put back when S refuses (B's half-open proposal is not a step);
 * - `tamper`, `resend`: a deviating party's message to an honest one, one field altered, or sent again
 *   (../scheme1/tamper.ts, as in scheme 1);
 * - `craft`: a deviating A's PTLC offer to S with several terms set, signed anew with A's keys; `relay`: a
 *   deviating A sends B, as its own, a channel message S sent B (craft.ts; directed runs only);
 * - `bundle`: an honest A is handed by M, alone, a bundle a deviating B crafted from its genuine one
 *   (bundle-craft.ts); `claim`: a deviating S claims A's PTLC with a signature that does not complete it
 *   (claim-craft.ts); `owner`: an honest node's owner asks it for what it must refuse (../scheme1/owner-probe.ts).
 *   Directed runs only.
 */
import * as t from 'io-ts';
import { Edits, OwnerCommand } from '../stutter-codecs.ts';
import type { Envelope } from '../../impl/node/messages.ts';
import { mailboxKeys, nodeKeys } from '../../impl/node/node.ts';
import { signEnvelope } from '../../impl/node/envelope.ts';
import { derive } from '../../impl/node/rng.ts';
import { ledgerWith, pointOfSecret, signOffer } from '../../impl/node/ptlc.ts';
import { openBundle, sealBundle } from '../../impl/node/sealed-payloads.ts';
import { toHex } from '../../impl/node/wire.ts';
import { runResend, runTamper } from '../scheme1/tamper.ts';
import { runOwner } from '../scheme1/owner-probe.ts';
import { runBundleCraft } from './bundle-craft.ts';
import { runClaimCraft } from './claim-craft.ts';
import { runOfferCraft, runRelay } from './craft.ts';
import type { Scheme2Driver } from './driver.ts';

export const AdversaryCommand = t.union([
  t.type({ kind: t.literal('restart'), node: t.keyof({ A: null, S: null, B: null, M: null }) }),
  t.type({ kind: t.literal('replay') }),
  t.type({ kind: t.literal('forgedOffer') }),
  t.type({ kind: t.literal('forgedBundle') }),
  t.type({ kind: t.literal('forgedHandoff') }),
  t.type({ kind: t.literal('staleCancel') }),
  t.type({ kind: t.literal('tamper'), field: t.number }),
  t.type({ kind: t.literal('resend'), back: t.number, field: t.number }),
  t.type({ kind: t.literal('craft'), edits: Edits }),
  t.type({ kind: t.literal('relay'), message: t.keyof({ AcceptState: null, SettlementSig: null }) }),
  t.type({ kind: t.literal('bundle'), edits: Edits }),
  t.type({ kind: t.literal('claim'), edits: Edits }),
  OwnerCommand,
]);
export type AdversaryCommand = t.TypeOf<typeof AdversaryCommand>;

/** An owner's command with `paymentId: 'watched'` standing for the payment of A's watch (B's update A bought). */
function ownerCommand(
  d: Scheme2Driver,
  command: Readonly<Record<string, number | string>>,
): Record<string, number | string> {
  const a = d.node('A');
  const watched = a.role === 'payer' ? a.snapshot.watches[0]?.paymentId : undefined;
  return command.paymentId === 'watched' && watched !== undefined ? { ...command, paymentId: watched } : { ...command };
}

/** Runs an adversarial step; returns what it did (`undefined`: nothing to do in this state). */
export function runAdversary(d: Scheme2Driver, c: AdversaryCommand): string | undefined {
  switch (c.kind) {
    case 'restart':
    case 'replay':
      return d.commonStutter(c);
    case 'tamper':
      return runTamper(d, c.field);
    case 'resend':
      return runResend(d, c.back, c.field);
    case 'craft':
      return runOfferCraft(d, c.edits);
    case 'relay':
      return runRelay(d, c.message);
    case 'bundle':
      return runBundleCraft(d, c.edits);
    case 'claim':
      return runClaimCraft(d, c.edits);
    case 'owner':
      return runOwner(d, c.node, ownerCommand(d, c.command));
    case 'forgedOffer': {
      const hub = d.node('S');
      if (hub.role !== 'hub') return undefined;
      const ch = hub.snapshot.channels.find((x) => x.party === 'B');
      const p = ch?.proposals.find((x) => x.purpose === 'async2' && x.status === 'settled');
      if (p === undefined) return undefined;
      const aSeed = d.world.seedOf('A');
      const wrongPoint = pointOfSecret(toHex(derive(aSeed, 'oracle/wrong-point')));
      const terms = {
        paymentId: p.sessionId,
        hop: 0,
        amountSat: p.amountSat + p.feeSat,
        point: wrongPoint,
        timeoutHeight: d.implHeight + d.config.ptlcTimeoutBlocks,
      };
      const payer = d.node('A');
      const ledger = payer.role === 'payer' ? ledgerWith(payer.snapshot.ledgers, 'S') : undefined;
      if (ledger === undefined) return undefined;
      const { preSig, stateSig } = signOffer({ terms, ledger, seed: aSeed, auxRand: new Uint8Array(32) });
      const seq = (hub.snapshot.seqIn.A ?? 0) + 1;
      const env: Envelope = signEnvelope({
        from: 'A',
        to: 'S',
        seq,
        sessionId: p.sessionId,
        body: { kind: 'PtlcOffer', ...terms, preSig, stateSig, onion: [] },
        nodeSecKey: nodeKeys(aSeed).secKey,
        auxRand: new Uint8Array(32),
      });
      d.receive('S', env);
      return "S gets a PTLC offer from A locked to a point that is not S's partial-signature point";
    }
    case 'forgedBundle': {
      if (!d.isOnline('A')) return undefined;
      const a = d.node('A');
      const store = [...d.world.transcript].find(
        (e) =>
          e.kind === 'message' &&
          e.envelope.from === 'B' &&
          e.envelope.to === 'M' &&
          e.envelope.body.kind === 'MailboxStore',
      );
      if (
        a.role !== 'payer' ||
        store === undefined ||
        store.kind !== 'message' ||
        store.envelope.body.kind !== 'MailboxStore'
      )
        return undefined;
      const aSeed = d.world.seedOf('A');
      const bSeed = d.world.seedOf('B');
      const bundle = openBundle({
        recipientSecKey: mailboxKeys(aSeed).secKey,
        sealedHex: store.envelope.body.sealed,
        expectedSenderKeyHex: a.snapshot.directory.B?.node ?? '',
      });
      if (bundle.kind !== 'PayeeBundle') return undefined;
      const lying = { ...bundle, partySat: bundle.partySat + 1, hubSat: bundle.hubSat - 1 };
      const sealed = sealBundle({
        senderSecKey: nodeKeys(bSeed).secKey,
        recipientKeyHex: a.snapshot.directory.A?.mailbox ?? '',
        bundle: lying,
        rand: new Uint8Array(32),
      });
      const seq = (a.snapshot.seqIn.M ?? 0) + 1;
      const mKey = nodeKeys(d.world.seedOf('M')).secKey;
      d.receive(
        'A',
        signEnvelope({
          from: 'M',
          to: 'A',
          seq,
          sessionId: store.envelope.sessionId,
          body: { kind: 'MailboxDeliver', items: [{ sender: 'B', sealed }] },
          nodeSecKey: mKey,
          auxRand: new Uint8Array(32),
        }),
      );
      return "A gets B's bundle re-sealed with balances B's settlement signature does not cover";
    }
    case 'forgedHandoff': {
      if (!d.isOnline('B')) return undefined;
      const b = d.node('B');
      const p = b.role === 'payee' ? b.snapshot.channel?.proposals.find((x) => x.purpose === 'async2') : undefined;
      if (b.role !== 'payee' || p === undefined) return undefined;
      const aSeed = d.world.seedOf('A');
      const updateSig = toHex(derive(aSeed, 'oracle/forged-handoff')) + toHex(derive(aSeed, 'oracle/forged-handoff/2'));
      const seq = (b.snapshot.seqIn.A ?? 0) + 1;
      d.receive(
        'B',
        signEnvelope({
          from: 'A',
          to: 'B',
          seq,
          sessionId: p.sessionId,
          body: { kind: 'WatchtowerHandoff', paymentId: p.sessionId, state: p.state, updateSig },
          nodeSecKey: nodeKeys(aSeed).secKey,
          auxRand: new Uint8Array(32),
        }),
      );
      return 'B gets a handoff "from A" whose update signature is not valid';
    }
    case 'staleCancel': {
      const hub = d.node('S');
      if (hub.role !== 'hub' || hub.snapshot.sold.length === 0 || !d.isOnline('B')) return undefined;
      const bBefore = d.node('B');
      const queueBefore = d.world.saveQueue();
      const e = d.command('B', { kind: 'PayeeUpdate' });
      if (e !== undefined) return undefined;
      const refusals = d.deliverWhere(
        (m) =>
          ((m.from === 'B' && m.to === 'S') || (m.from === 'S' && m.to === 'B')) &&
          ['ProposeState', 'AcceptState', 'SettlementSig', 'UpdateSig'].includes(m.body.kind),
      );
      if (refusals.some((r) => r.to === 'S')) {
        d.world.setSnapshot('B', bBefore.snapshot);
        d.world.restoreQueue(queueBefore);
      }
      return 'B proposes m+2 with the balances of m after S sold s_S';
    }
  }
}
