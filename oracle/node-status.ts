/**
 * What both schemes' status readers share (../oracle/scheme1/status.ts, ../oracle/scheme2/status.ts): the status
 * record, a list of statuses as one value, a channel's latest state and proposal, and every record an honest node
 * keeps (the stutter status: a stutter must leave it as it is).
 */
import type { ItfValue } from '../checker/model.ts';
import type { AnyNode } from '../impl/node/world.ts';

/** Status fields by name (`S.latest`, `A.proposal`, …). */
export type Status = Record<string, ItfValue>;

/** A list of statuses as one value: 'none' when empty, the one status, or the whole list. */
export function oneOrMany(statuses: readonly string[]): ItfValue {
  return statuses.length === 0 ? 'none' : statuses.length === 1 ? (statuses[0] ?? 'none') : [...statuses];
}

interface ChannelRecord {
  readonly latest: { readonly state: number };
  readonly proposals: readonly { readonly state: number; readonly status: string }[];
}

/** A channel's latest state counted from `base` (`base` when there is no channel) and the status of its proposal of `state`. */
export function channelStatus(
  ch: ChannelRecord | null | undefined,
  base: number,
  state: number,
): { readonly latest: number; readonly proposal: string } {
  return {
    latest: (ch?.latest.state ?? base) - base,
    proposal: ch?.proposals.find((p) => p.state === state)?.status ?? 'none',
  };
}

/** Every record the honest nodes among `ids` keep of the protocol, by status (`node(id)` gives each node). */
export function honestRecords(
  ids: readonly string[],
  deviating: readonly unknown[],
  node: (id: string) => AnyNode,
): Status {
  const dev = new Set(deviating.map((p) => String(p)));
  return Object.assign({}, ...ids.filter((id) => !dev.has(id)).map((id) => nodeRecords(id, node(id))));
}

/** Every record node `id` keeps of the protocol, by status (none for M): PTLCs, ledgers, channels, sales, payments, watches, receipts (both schemes). */
function nodeRecords(id: string, n: AnyNode): Status {
  const out: Status = {};
  if (n.role === 'mailbox') return out;
  const snap = n.snapshot;
  out[`${id}.ptlcs`] = snap.ptlcs.map((p) => `${p.direction} ${p.peer} hop ${p.hop}: ${p.status}`);
  out[`${id}.ledgers`] = snap.ledgers.map((l) => `${l.peer}: ${l.localSat}/${l.remoteSat}`);
  const channels =
    n.role === 'hub'
      ? n.snapshot.channels
      : n.role === 'payer'
        ? [n.snapshot.channel]
        : n.role === 'payee' && n.snapshot.channel !== null
          ? [n.snapshot.channel]
          : [];
  out[`${id}.channels`] = channels.map(
    (c) =>
      `${c.party}-${c.hub} latest ${c.latest.state}; ${c.proposals.map((p) => `${p.state} ${p.status}`).join(', ')}`,
  );
  if (n.role === 'hub') {
    out[`${id}.sales`] = n.snapshot.sales.map((x) => `${x.party} ${x.state}: ${x.status}`);
    out[`${id}.sold`] = n.snapshot.sold.map((x) => `${x.party} ${x.state}: ${x.buyer}`);
  }
  if (n.role === 'payer') {
    out[`${id}.payments`] = n.snapshot.payments.map((x) => `${x.state}: ${x.status}`);
    out[`${id}.watches`] = n.snapshot.watches.map((x) => x.status);
  }
  if (n.role === 'payee') out[`${id}.receipts`] = n.snapshot.receipts.map((x) => `${x.state}: ${x.status}`);
  return out;
}
