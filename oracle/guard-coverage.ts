/**
 * Guard coverage: which of the honest nodes' refusal guards (impl/node/guards.ts, one id per `nodeError(` site)
 * the oracle drove the implementation into, and saw refuse, over a whole `apln conform`, beside action-kind
 * coverage. A guard no run refused with is listed with why, where the reason is known by construction (the
 * oracle never sends such a message or command); otherwise no run of the budget provoked it.
 */
import { GUARD_IDS } from '../impl/node/guards.ts';

/** Refusals per guard id. */
export type GuardCounts = Readonly<Record<string, number>>;

export interface GuardCoverage {
  /** How many guards there are (impl/node/guards.ts). */
  readonly guards: number;
  /** The guards the implementation refused with, and how many times. */
  readonly exercised: GuardCounts;
  /** The others, with why. */
  readonly notReached: Readonly<Record<string, string>>;
}

const NO_SUCH_MESSAGE = 'the oracle sends no node a message kind its role does not handle';
const NO_COMMANDS = 'the oracle sends no node a command it does not take';

/** Guards the oracle cannot reach by construction, and why. */
export const UNREACHABLE_BY_CONSTRUCTION: Readonly<Record<string, string>> = {
  'node:envelope-not-for-us': 'the world hands each envelope to the node it is addressed to',
  'world:role-takes-no-such-command': "the oracle sends each node only its own role's commands",
  'oracle:payee-update-no-channel': 'the oracle sends B its update command only once B has a channel',
  'hub:unhandled-message': NO_SUCH_MESSAGE,
  'payer:unhandled-message': NO_SUCH_MESSAGE,
  'payee:unhandled-message': NO_SUCH_MESSAGE,
  'router:unhandled-message': NO_SUCH_MESSAGE,
  'mailbox:unhandled-message': NO_SUCH_MESSAGE,
  'hub:no-commands': NO_COMMANDS,
  'router:no-commands': NO_COMMANDS,
  'mailbox:no-commands': NO_COMMANDS,
  'hub:s2-offer-state-not-cosigned':
    "S co-signs B's St_BS(m+1) within the model's one PayeeHubSignSettlement step, before A can know the payment (B's bundle comes after it): an offer in between needs that step split (issue 10 item 3)",
  'hub:s2-offer-cannot-lock':
    "ptlc:offer-cannot-lock refuses the same offers first: S claims each of A's PTLCs as it takes it, so its A–S balances always add up to the capacity (scripts/mutation/EQUIVALENTS.md)",
  'payer:bundle-timeout-exceeds-csv':
    "the config decoder refuses a PTLC timeout plus rebind margin above the CSV delay (no purchase could happen), and a bundle naming another CSV delay changes U_BS(m+1)'s message, which bundle-msg-forged refuses first: only B and S together, signing a channel with a shorter delay, reach it",
  'payer:no-payee-key':
    'A refuses to pay a payee it has no directory entry of (payer:pay-unknown-payee), every entry has both keys, and the directory never changes (scripts/mutation/EQUIVALENTS.md)',
  'payer:proof-superseded':
    "S's proof must carry its valid partial signature on U(n+1) after A and S completed n+2: S signs that partial only when it buys, which it refuses once n+1 is superseded, and no stutter signs it for a deviating S",
  'payer:settlement-sig-no-payment':
    'every async proposal of A is pushed with its payment in the same step, and payments are never removed (scripts/mutation/EQUIVALENTS.md 11)',
  'channel-protocol:propose-replayed':
    'dead code: channel-protocol:propose-not-next-state lets through only the state after the highest one S has, which no proposal has yet (scripts/mutation/EQUIVALENTS.md 1)',
  'hub:invoice-after-pending-timeout':
    'implied by the checks before it: S took the pending state only with pending timeout ≥ expiry + D (R-06-02), and hub:invoice-too-close-to-expiry let through only h + PTLC timeout ≤ expiry, so h + PTLC timeout + D ≤ pending timeout (scripts/mutation/EQUIVALENTS.md 33)',
  'hub:first-hop-cannot-lock':
    "the oracle's world gives every channel the same side (10 sat) and S locks one PTLC at a time (a timed-out one is refunded before S may buy again), so S's first hop always holds the model's amount plus the routing fees (at most 6 sat); only an A paying a fee below the route's fees with nearly its whole balance reaches it, and the oracle's A pays the model's fixed amount",
  'payee:offer-cannot-lock':
    "ptlc:offer-cannot-lock refuses the same offers first: B's routing ledger adds up to the capacity, and B moves an amount only as it claims (scripts/mutation/EQUIVALENTS.md 10)",
  'router:claim-no-upstream':
    'a forward is made only for an offer the router took, which checkOffer accepted only over a ledger with its sender, and ledgers are never removed (scripts/mutation/EQUIVALENTS.md 13)',
  'ptlc:accept-state-sig-forged':
    "the receiver's PtlcAccept is delivered within the model step that takes the offer (RouterForwardPtlc, HubCheckAndOfferPtlc), so the offerer holds the genuine signature before a forged one can come: ptlc:accept-replayed refuses that first; a forged accept in between needs that step split",
  'payee:settlement-sig-no-request':
    "B's proposals come only from PayeeRequest, each with its request, whose payer has a mailbox key (payee:request-unknown-payer refuses the others), and S's signature is B's aggregate: never true (scripts/mutation/EQUIVALENTS.md 9, 27)",
};

/** Adds one refusal per id of `ids` to `acc`. */
export function countGuards(acc: Record<string, number>, ids: readonly string[]): void {
  for (const id of ids) acc[id] = (acc[id] ?? 0) + 1;
}

/** Sums counts. */
export function addGuardCounts(acc: Record<string, number>, more: GuardCounts): void {
  for (const [id, n] of Object.entries(more)) acc[id] = (acc[id] ?? 0) + n;
}

/** The table from the refusals counted over a run (`runs`: how many oracle runs, for the default reason). */
export function guardCoverage(counts: GuardCounts, runs: number): GuardCoverage {
  const exercised: Record<string, number> = {};
  const notReached: Record<string, string> = {};
  for (const id of GUARD_IDS) {
    const n = counts[id] ?? 0;
    if (n > 0) exercised[id] = n;
    else notReached[id] = UNREACHABLE_BY_CONSTRUCTION[id] ?? `no run of ${runs} provoked it`;
  }
  return { guards: GUARD_IDS.length, exercised, notReached };
}

/** The table as text lines: exercised guards with counts, then each guard not reached with why. */
export function formatGuardCoverage(g: GuardCoverage): string[] {
  const exercised = Object.entries(g.exercised);
  const lines = [
    `guard coverage: ${exercised.length} of ${g.guards} refusal guards of impl/node refused something (refusals per guard):`,
  ];
  for (let i = 0; i < exercised.length; i += 4)
    lines.push(
      `  ${exercised
        .slice(i, i + 4)
        .map(([id, n]) => `${id} ${n}`)
        .join(', ')}`,
    );
  const byReason = new Map<string, string[]>();
  for (const [id, why] of Object.entries(g.notReached)) byReason.set(why, [...(byReason.get(why) ?? []), id]);
  for (const [why, ids] of byReason) lines.push(`  not reached (${ids.length}): ${why}: ${ids.join(', ')}`);
  return lines;
}
