/**
 * io-ts codecs of every node's snapshot, so a node restarted from stored JSON is checked before it runs: a
 * snapshot that does not decode is an `InputError` naming the field path (`snapshot.channel.latest.state`),
 * never a node running on a half-read state. `restoreNode` is what `World.restart` uses.
 */
import * as t from 'io-ts';
import { NonceStore } from '../crypto/nonce-store.ts';
import { InputError } from '../../util/input-error.ts';
import { checkValueDepth } from '../../util/json-input.ts';
import { unreachable } from '../../util/unreachable.ts';
import { EltooChannel } from './channel.ts';
import { InvoiceFieldsCodec, Sealed } from './messages.ts';
import { Params } from './params.ts';
import { Ledger, PtlcEntry } from './ptlc.ts';
import { PayeeBundle } from './sealed-payloads.ts';
import { Blocks, Hex32, Hex33, Hex64, NodeId, Sat, StateNumber, decodeOrError } from './wire.ts';
import type { HubSnapshot } from './hub.ts';
import type { MailboxSnapshot } from './mailbox.ts';
import type { PayeeSnapshot } from './payee.ts';
import type { PayerSnapshot } from './payer.ts';
import type { RouterSnapshot } from './router.ts';
import type { AnyNode } from './any-node.ts';
import { SNAPSHOT_VERSION } from './node.ts';

/** A `NonceStore` snapshot: checked by restoring it. */
const Nonces = new t.Type<PayerSnapshot['nonces'], PayerSnapshot['nonces'], unknown>(
  'NonceStoreSnapshot',
  (u): u is PayerSnapshot['nonces'] => {
    try {
      NonceStore.restore(u);
      return true;
    } catch {
      return false;
    }
  },
  (u, c) => {
    try {
      return t.success(NonceStore.restore(u).snapshot());
    } catch (e) {
      return t.failure(u, c, (e as Error).message);
    }
  },
  t.identity,
);

const DirectoryEntryCodec = t.strict({ node: Hex33, mailbox: Hex33 });

const base = {
  version: t.literal(SNAPSHOT_VERSION),
  id: NodeId,
  seed: Hex32,
  counter: Blocks,
  seqOut: t.record(t.string, Blocks),
  seqIn: t.record(t.string, Blocks),
  directory: t.record(t.string, DirectoryEntryCodec),
  params: Params,
};

const NullableHex32 = t.union([Hex32, t.null]);
const NullableHex64 = t.union([Hex64, t.null]);

const Payment = t.type({
  paymentId: Hex32,
  payee: NodeId,
  state: StateNumber,
  amountSat: Sat,
  feeSat: Sat,
  expiryHeight: Blocks,
  status: t.keyof({ proposing: null, sent: null, completed: null, cancelled: null }),
  invoice: t.union([InvoiceFieldsCodec, t.null]),
  receipt: NullableHex64,
});

const Watch = t.type({
  paymentId: Hex32,
  bundle: PayeeBundle,
  point: Hex33,
  status: t.keyof({ buying: null, holding: null, 'handed-off': null }),
  hubPartialSig: NullableHex32,
  updateSig: NullableHex64,
  channel: EltooChannel,
});

const PayerSnapshotCodec = t.type({
  ...base,
  role: t.literal('payer'),
  nonces: Nonces,
  channel: EltooChannel,
  payments: t.array(Payment),
  ledgers: t.array(Ledger),
  ptlcs: t.array(PtlcEntry),
  watches: t.array(Watch),
});

const Sale = t.type({
  paymentId: Hex32,
  party: NodeId,
  state: StateNumber,
  invoice: InvoiceFieldsCodec,
  totalTweak: Hex32,
  status: t.keyof({ buying: null, bought: null, failed: null }),
  payerPartialSig: NullableHex32,
  receipt: NullableHex64,
});

const HubSnapshotCodec = t.type({
  ...base,
  role: t.literal('hub'),
  nonces: Nonces,
  channels: t.array(EltooChannel),
  ledgers: t.array(Ledger),
  ptlcs: t.array(PtlcEntry),
  routes: t.record(t.string, t.array(NodeId)),
  sales: t.array(Sale),
  sold: t.array(t.type({ paymentId: Hex32, party: NodeId, state: StateNumber, buyer: NodeId })),
});

const Receipt = t.type({
  paymentId: Hex32,
  payer: NodeId,
  hub: NodeId,
  state: StateNumber,
  amountSat: Sat,
  secret: Hex32,
  point: Hex33,
  invoice: InvoiceFieldsCodec,
  ownTweak: Hex32,
  status: t.keyof({ invoiced: null, paid: null }),
});

const PayeeSnapshotCodec = t.type({
  ...base,
  role: t.literal('payee'),
  nonces: Nonces,
  ledgers: t.array(Ledger),
  ptlcs: t.array(PtlcEntry),
  receipts: t.array(Receipt),
  channel: t.union([EltooChannel, t.null]),
  requests: t.array(t.type({ paymentId: Hex32, payer: NodeId })),
  route: t.array(NodeId),
  decorrelate: t.boolean,
  receipt: t.boolean,
});

const RouterSnapshotCodec = t.type({
  ...base,
  role: t.literal('router'),
  onionSender: NodeId,
  blindedSender: NodeId,
  ledgers: t.array(Ledger),
  ptlcs: t.array(PtlcEntry),
  forwards: t.array(t.type({ paymentId: Hex32, inHop: Blocks, upstream: NodeId, downstream: NodeId, tweak: Hex32 })),
});

const { params: _params, ...mailboxBase } = base;
const MailboxSnapshotCodec = t.type({
  ...mailboxBase,
  role: t.literal('mailbox'),
  stored: t.array(t.type({ recipient: NodeId, sender: NodeId, sealed: Sealed })),
});

// The codecs and the TypeScript types must describe the same data (checked both ways by the compiler).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _payer: Same<t.TypeOf<typeof PayerSnapshotCodec>, PayerSnapshot> = true;
const _hub: Same<t.TypeOf<typeof HubSnapshotCodec>, HubSnapshot> = true;
const _payee: Same<t.TypeOf<typeof PayeeSnapshotCodec>, PayeeSnapshot> = true;
const _router: Same<t.TypeOf<typeof RouterSnapshotCodec>, RouterSnapshot> = true;
const _mailbox: Same<t.TypeOf<typeof MailboxSnapshotCodec>, MailboxSnapshot> = true;
void [_payer, _hub, _payee, _router, _mailbox];

/**
 * The format check comes first, so a snapshot written by an older build is named as such instead of failing on
 * whichever field moved first: format 1 had no `version` and one key per node in `directory`; format 2 had no
 * receiver's signature of H (`receiverStateSig`) in its PTLC entries.
 */
function checkVersion(json: unknown): void {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return;
  const v = (json as { version?: unknown }).version;
  if (v === SNAPSHOT_VERSION) return;
  const was =
    v === undefined
      ? 'format 1 (no version field, one directory key per node)'
      : v === 2
        ? "format 2 (no receiver's signature of H in the PTLC entries)"
        : `version ${JSON.stringify(v)?.slice(0, 20)} (unknown)`;
  throw new InputError(
    'snapshot',
    `version: ${was}; this build reads snapshot format ${SNAPSHOT_VERSION} only (identity and mailbox keys per node in the directory, the receiver's signature of H with each offered PTLC): start the node afresh from its seed`,
  );
}

function decodeWith<A>(codec: t.Type<A, unknown, unknown>, json: unknown): A {
  checkValueDepth(json, 'snapshot');
  checkVersion(json);
  const r = decodeOrError(codec, json, 'snapshot');
  if (!r.ok) throw new InputError('snapshot', r.problem);
  return r.value;
}

/** Restores a node of `role` from a parsed JSON snapshot; throws `InputError` naming the bad field. */
export function restoreNode(role: AnyNode['role'], json: unknown): AnyNode {
  switch (role) {
    case 'payer':
      return { role, snapshot: decodeWith(PayerSnapshotCodec as t.Type<PayerSnapshot, unknown, unknown>, json) };
    case 'hub':
      return { role, snapshot: decodeWith(HubSnapshotCodec as t.Type<HubSnapshot, unknown, unknown>, json) };
    case 'payee':
      return { role, snapshot: decodeWith(PayeeSnapshotCodec as t.Type<PayeeSnapshot, unknown, unknown>, json) };
    case 'router':
      return { role, snapshot: decodeWith(RouterSnapshotCodec as t.Type<RouterSnapshot, unknown, unknown>, json) };
    case 'mailbox':
      return { role, snapshot: decodeWith(MailboxSnapshotCodec as t.Type<MailboxSnapshot, unknown, unknown>, json) };
    default:
      return unreachable(role, 'role');
  }
}
