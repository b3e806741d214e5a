/**
 * The protocol model's configuration: a validated plain object (io-ts). Unknown keys, wrong types, values
 * out of range and inconsistent combinations are rejected with a message naming the key and the value.
 *
 * Keys (every variant takes the same keys; the variant's switches are not configuration):
 * - `hops`: routing nodes P1..Pk between S and B, 0..3 (0 = S pays B directly).
 * - `payments`: payments in flight, 1..2. The scheme-1 and scheme-2 machines cover exactly one and reject 2
 *   with a message naming the variants that model two (`MULTI_PAYMENT_VARIANTS`, model/multi/); the key
 *   exists so a config that asks for more fails loudly instead of being silently cut down.
 * - `csvDelayBlocks`: the relative delay before a settlement may spend its update (eltoo's CSV), 1..6.
 * - `ptlcTimeoutBlocks`: the first hop's PTLC timeout, in blocks after S offers it, 1..8.
 * - `rebindMarginBlocks`: the blocks S keeps between its PTLC's timeout and the end of a CSV window it may
 *   have to rebind in (R-02-20, R-02-21), 0..3; 0 lets a last-block on-chain claim race the settlement.
 * - `hopDeltaBlocks`: how much earlier each later hop times out, 0..4.
 * - `mailboxExpiryBlocks`: the bundle's expiry, in blocks after A hands it to M, 1..8.
 * - `deviating`: the parties that deviate (and so form one coalition), e.g. `["S"]`, `["A","B"]`.
 * - `maxHeight`: the last block height the chain reaches, 1..12.
 * - `hubMayCrash`: S (even an honest S) may crash and recover at any time (R-09-04); off by default.
 * - `hubTimeGuard` (optional, absent = true): `false` is an ablation for designers (`apln synth`): S skips its
 *   static timing rule R-02-20 (it still checks R-02-19 and R-02-21, which look at the chain), and the decoder
 *   then accepts the timings R-02-20 would refuse. Decoding drops `true`, so configs without the key are unchanged.
 * - `payerCancelsEarly` (optional, absent = false; scheme 1 only): an honest A may cancel (03) before the bundle's
 *   expiry too, whenever S has not bought (the spec allows it; the default A cancels only after the expiry).
 * - `payerClosesAlone` (optional, absent = false; scheme 1 only): an honest A may close with U(n) on its own once the
 *   bundle expired and nothing is on chain (the spec allows it; the default A does so only on the timeout path).
 * - `eclipseBlocks`, `eclipsed` (optional, absent = 0, "S"; scheme 1 only): time dilation (R-09-15) of A, S, B or P_j.
 * - `claimMarginBlocks` (optional, absent = 1; scheme 1 only): an honest PTLC receiver's claim margin (R-02-14).
 * - `cancelSteps` (optional, absent = 1; scheme 1 only): 2 runs the cancellation (03) as its messages: St(n+2) signed
 *   by both, then S's partial signature on U(n+2) (A then holds U(n+2)), then A's (S then holds it): spec 03 §1.
 * - `hubChecksCancelSigs` (optional, absent = true; cancelSteps 2 only): `false` is an ablation: S refuses to buy only
 *   once it holds a complete U(n+2), not already once it signed St(n+2) or sent its partial on U(n+2) (R-03-06,
 *   R-03-07 dropped).
 * - `hubCrashLosesUnpersisted` (optional, absent = false; cancelSteps 2 and hubMayCrash only): S's crash loses what
 *   it has not persisted yet: what it received in the cancellation since its last write (spec 03 §1 step 9).
 * - `hubPersistsFirst` (optional, absent = true; with hubCrashLosesUnpersisted only): `false` is an ablation: S sends
 *   its cancellation signatures before persisting them (R-01-14, R-03-05 dropped) and offers hop 0 before writing its
 *   purchase record (R-02-22 dropped), so a crash can lose them too.
 * - `staleStates` (optional, absent = 0; scheme 1 only): A and S also hold k older fully signed states U(n−1)..U(n−k),
 *   which a deviating one may publish one after another (the eltoo delay attack, spec 11 §14.3).
 * - `hubReusesNonceOnCancel` (optional, absent = false; scheme 1 only): an honest S signs the cancellation's U(n+2)
 *   with the nonce it committed for U(n+1), against R-03-04 (a flaw switch for `nonceSafety`; spec 11 §14.5).
 * - `payeeReusesReceiptNonce` (optional, absent = false; scheme1-receipt only): an honest B signs its invoice with the
 *   nonce of the receipt pre-signature the invoice carries (R-06-07), two messages under one key and nonce, so S, who
 *   holds both, can compute B's invoice key (a flaw switch for `nonceSafety`, spec 11 §14.5).
 * - `payerLeavesAfterPaying` (optional, absent = false; scheme 2 only): A goes offline as soon as its PTLC is claimed
 *   and comes back at any time, possibly never: an A that does not watch the B–S channel in time (against R-05-10).
 * - Scheme 2's flaw switches (optional, absent = false; scheme 2 only; `SCHEME2_FLAWS`), each dropping one rule so
 *   the clause that rule protects can be seen to fail (spec 10 §4): `payeeBundlePlaintext` (B's bundle unsealed,
 *   R-05-02), `hubRevealsBeforeClaim` (S hands A s_S when A offers its PTLC, before claiming it, R-05-04),
 *   `payerSkipsPointCheck` (A locks its PTLC to the point S names without checking it against the bundle's,
 *   R-05-06), `payerSkipsFeeCheck` (A pays the fee a deviating S names, one sat more, R-05-06),
 *   `payeeSignsBeforeSettlement` (B sends its bundle before St_BS(m+1) is co-signed, R-05-01). The
 *   HTLC baselines' `payeeSkipsExpiryCheck` and `payerSkipsAmountCheck` (model/baselines/config.ts) is refused here the same way.
 * - The two-payment machine's flaw switches (optional, absent = false; model/multi/ only): `payerSkipsFeeCheck` (as
 *   scheme 2's: A co-signs a settlement whose fee a deviating S named one sat higher, R-01-10), `payeeRevealsBeforePaid`
 *   (B_j hands S s_A^j with its invoice, not by claiming the PTLC, R-02-13), `hubSkipsRebindCheck` (S buys although
 *   the CSV window of a confirmed update closes before it could rebind, R-02-21), `hubChecksFirstExpiry` (S checks
 *   every payment's PTLC timeout against the first payment's expiry, not its own, R-02-19).
 */
import * as t from 'io-ts';
import { InputError } from '../util/input-error.ts';
import { PARTIES, type Party } from './parties.ts';

export interface ProtocolConfig {
  readonly hops: number;
  readonly payments: number;
  readonly csvDelayBlocks: number;
  readonly ptlcTimeoutBlocks: number;
  readonly rebindMarginBlocks: number;
  readonly hopDeltaBlocks: number;
  readonly mailboxExpiryBlocks: number;
  readonly deviating: readonly Party[];
  readonly maxHeight: number;
  readonly hubMayCrash: boolean;
  /** Absent (= true): S checks R-02-20 before buying; false: the ablation that skips it (R-02-19, R-02-21 stay). */
  readonly hubTimeGuard?: boolean;
  /**
   * Absent (= 1): a PTLC claim reveals the secret and moves the money in one step. 2 (scheme 1 only): the receiver
   * first reveals (`update_fulfill`), the money moves with the offerer's next channel update, or on chain through
   * the hop channel's close (`hopCloseDelayBlocks`); spec 02 §2.5, R-02-25..27.
   */
  readonly claimSteps?: number;
  /** Absent (= 1): blocks from a hop channel's unilateral close until its PTLC output can be claimed on chain (claimSteps 2 only). */
  readonly hopCloseDelayBlocks?: number;
  /** Absent (= false): scheme 2's A stays online once it came; true: it leaves as soon as it paid (R-05-10 not kept). */
  readonly payerLeavesAfterPaying?: boolean;
  /** Scheme 2's flaw switches (absent = false), see `SCHEME2_FLAWS`. */
  readonly payeeBundlePlaintext?: boolean;
  readonly hubRevealsBeforeClaim?: boolean;
  readonly payerSkipsPointCheck?: boolean;
  readonly payerSkipsFeeCheck?: boolean;
  readonly payeeSignsBeforeSettlement?: boolean;
  /** The HTLC baselines' flaw switch (absent = false), see `FLAW_SWITCHES`. */
  readonly payeeSkipsExpiryCheck?: boolean;
  readonly payerSkipsAmountCheck?: boolean;
  /** The two-payment machine's flaw switches (absent = false), see `FLAW_SWITCHES` and model/multi/machine.ts. */
  readonly payeeRevealsBeforePaid?: boolean;
  readonly hubSkipsRebindCheck?: boolean;
  readonly hubChecksFirstExpiry?: boolean;
  /** Absent (= false): B's receipt pre-signature has its own nonce; true: B signs its invoice with it too (scheme1-receipt only). */
  readonly payeeReusesReceiptNonce?: boolean;
  /**
   * Absent (= 0): a published channel transaction confirms in the block it is published in. d > 0 (scheme 1
   * only): it waits in the mempool, seen by all, up to d blocks, confirming when the adversary picks (spec 08 §1).
   */
  readonly inclusionDelayBlocks?: number;
  /** Absent (= false): an honest A cancels only after the expiry; true: also before it (scheme 1). */
  readonly payerCancelsEarly?: boolean;
  /** Absent (= false): an honest A closes alone only on the timeout path; true: with U(n) after the expiry (scheme 1). */
  readonly payerClosesAlone?: boolean;
  /** Absent (= false): S signs U(n+2) with a fresh nonce (R-03-04); true: with its U(n+1) nonce (scheme 1 flaw switch). */
  readonly hubReusesNonceOnCancel?: boolean;
  /**
   * Absent (= 0): every honest party sees each block as it is mined. e > 0 (scheme 1 only): the adversary may
   * eclipse the honest party `eclipsed`, which then sees the chain up to e blocks late (time dilation, spec 09).
   */
  readonly eclipseBlocks?: number;
  /**
   * The party the adversary may eclipse (absent = S): A, S, the payee B or a routing node P1..Pk; ignored when it
   * deviates or eclipseBlocks is 0.
   */
  readonly eclipsed?: EclipsedParty;
  /**
   * Absent (= 1; scheme 1 only): the blocks before a PTLC's timeout from which an honest receiver whose offerer is
   * down (or, with claimSteps 2, stalls) goes on chain to claim it (`claim_margin_blocks`, R-02-14, R-04-04).
   */
  readonly claimMarginBlocks?: number;
  /** Absent (= 1): the cancellation (03) is one atomic step. 2 (scheme 1 only): its messages, in 03 §1's order. */
  readonly cancelSteps?: number;
  /** Absent (= true): S refuses to buy once it signed St(n+2) (R-03-07) or sent its partial on U(n+2) (R-03-06). */
  readonly hubChecksCancelSigs?: boolean;
  /** Absent (= false): a crash loses nothing. true: S's crash loses what it has not persisted yet (cancelSteps 2). */
  readonly hubCrashLosesUnpersisted?: boolean;
  /** Absent (= true): S persists before it sends (R-01-14, R-03-05); false: after, so a crash can lose what it sent. */
  readonly hubPersistsFirst?: boolean;
  /**
   * Absent (= 0): the channel has states n, n+1, n+2 only. k > 0 (scheme 1 only): A and S also hold k older fully
   * signed states U(n−1)..U(n−k) (paying as n does), which a deviating one may publish in turn (spec 11 §14.3).
   */
  readonly staleStates?: number;
}

/** The parties an eclipse is modelled for (R-09-15). */
const ECLIPSED_PARTIES = ['A', 'S', 'B', 'P1', 'P2', 'P3'] as const;
type EclipsedParty = (typeof ECLIPSED_PARTIES)[number];

/** The blocks before a PTLC's timeout from which an honest receiver claims it on chain (`claim_margin_blocks`). */
export function claimMargin(c: Pick<ProtocolConfig, 'claimMarginBlocks'>): number {
  return c.claimMarginBlocks ?? 1;
}

/** How many older fully signed states A and S hold (`staleStates`, 0: none). */
export function staleStatesOf(c: Pick<ProtocolConfig, 'staleStates'>): number {
  return c.staleStates ?? 0;
}

/** The cancellation as 03's messages (`cancelSteps` 2) rather than one atomic step. */
export function cancelAsMessages(c: Pick<ProtocolConfig, 'cancelSteps'>): boolean {
  return c.cancelSteps === 2;
}

/** How many blocks late the adversary may make the eclipsed party see the chain (0: no eclipse). */
export function eclipseBlocksOf(c: Pick<ProtocolConfig, 'eclipseBlocks'>): number {
  return c.eclipseBlocks ?? 0;
}

/** How many blocks the adversary may hold a published channel transaction in the mempool (0: none). */
export function inclusionDelay(c: Pick<ProtocolConfig, 'inclusionDelayBlocks'>): number {
  return c.inclusionDelayBlocks ?? 0;
}

/** The claim in two steps (reveal, then the offerer's update or the hop channel's close), `claimSteps` 2. */
export function twoStepClaim(c: Pick<ProtocolConfig, 'claimSteps'>): boolean {
  return c.claimSteps === 2;
}

/** A hop channel's close delay: blocks from its unilateral close until the PTLC output can be claimed on chain. */
export function hopCloseDelay(c: Pick<ProtocolConfig, 'hopCloseDelayBlocks'>): number {
  return c.hopCloseDelayBlocks ?? 1;
}

/** An integer in [min, max], with the message `expected an integer min..max, got X`. */
export function intIn(min: number, max: number): IntRangeCodec {
  const ok = (u: unknown): u is number => typeof u === 'number' && Number.isInteger(u) && u >= min && u <= max;
  return Object.assign(
    new t.Type<number, number, unknown>(
      `integer ${min}..${max}`,
      ok,
      (u, c) =>
        ok(u) ? t.success(u) : t.failure(u, c, `expected an integer ${min}..${max}, got ${JSON.stringify(u)}`),
      t.identity,
    ),
    { range: { min, max } },
  );
}

/** An integer codec that says its range (what a sampler draws from: oracle/config-arb.ts). */
export type IntRangeCodec = t.Type<number, number, unknown> & {
  readonly range: { readonly min: number; readonly max: number };
};

/**
 * What config key `key` may hold, from its codec (what a sampler draws from: oracle/config-arb.ts): an integer
 * range or true/false, with the value its absence means for an optional key; undefined for other keys.
 */
export function configKeyDomain(
  key: string,
):
  | { readonly kind: 'int'; readonly min: number; readonly max: number; readonly absent?: unknown }
  | { readonly kind: 'boolean'; readonly absent?: unknown }
  | undefined {
  const optional = OPTIONAL_KEYS[key];
  const codec: unknown = (KEYS as Readonly<Record<string, unknown>>)[key] ?? optional?.codec;
  const absent = optional === undefined ? {} : { absent: optional.absent };
  if (codec === booleanCodec) return { kind: 'boolean', ...absent };
  if (typeof codec === 'object' && codec !== null && 'range' in codec)
    return { kind: 'int', ...(codec as IntRangeCodec).range, ...absent };
  return undefined;
}

/**
 * A coalition as a list of party names out of `names` (sorted into the order of `names`; unknown names and
 * duplicates rejected; `known` is how the message lists the names).
 */
export function partyListOf<P extends string>(
  names: readonly P[],
  known: string,
): t.Type<readonly P[], readonly P[], unknown> {
  return new t.Type<readonly P[], readonly P[], unknown>(
    'list of party names',
    (u): u is readonly P[] => Array.isArray(u) && u.every((p) => (names as readonly unknown[]).includes(p)),
    (u, c) => {
      if (!Array.isArray(u)) return t.failure(u, c, `expected a list of party names, got ${JSON.stringify(u)}`);
      const seen = new Set<string>();
      for (const p of u) {
        if (typeof p !== 'string' || !(names as readonly string[]).includes(p)) {
          return t.failure(u, c, `unknown party ${JSON.stringify(p)} (known: ${known})`);
        }
        if (seen.has(p)) return t.failure(u, c, `party "${p}" is listed twice`);
        seen.add(p);
      }
      // Canonical order (the order of `names`), so equal coalitions give equal configs.
      return t.success(names.filter((p) => seen.has(p)));
    },
    (a) => a,
  );
}

const partyList = partyListOf(PARTIES, 'A, S, B, M, P1..Pk');

/** The variants that model two payments in flight (model/multi/), named where another variant rejects `payments` 2. */
const MULTI_PAYMENT_VARIANTS: readonly string[] = ['flaw-stacked-payments', 'scheme1-payment-outputs'];

/** true or false, with the message `expected true or false, got X`. */
export const booleanCodec = new t.Type<boolean, boolean, unknown>(
  'boolean',
  (u): u is boolean => typeof u === 'boolean',
  (u, c) =>
    typeof u === 'boolean' ? t.success(u) : t.failure(u, c, `expected true or false, got ${JSON.stringify(u)}`),
  t.identity,
);

/** A party an eclipse is modelled for: A, S, B or a routing node (whether P_j exists is a cross-key check). */
const isEclipsedParty = (u: unknown): u is EclipsedParty => (ECLIPSED_PARTIES as readonly unknown[]).includes(u);
const eclipsedPartyCodec = new t.Type<EclipsedParty, EclipsedParty, unknown>(
  ECLIPSED_PARTIES.join(' | '),
  isEclipsedParty,
  (u, c) =>
    isEclipsedParty(u)
      ? t.success(u)
      : t.failure(
          u,
          c,
          `expected one of ${ECLIPSED_PARTIES.map((p) => `"${p}"`).join(', ')} (an eclipse is modelled for A, S, the payee B and the routing nodes), got ${JSON.stringify(u)}`,
        ),
  t.identity,
);

const KEYS = {
  hops: intIn(0, 3),
  payments: intIn(1, 2),
  csvDelayBlocks: intIn(1, 6),
  ptlcTimeoutBlocks: intIn(1, 8),
  rebindMarginBlocks: intIn(0, 3),
  hopDeltaBlocks: intIn(0, 4),
  mailboxExpiryBlocks: intIn(1, 8),
  deviating: partyList,
  maxHeight: intIn(1, 12),
  hubMayCrash: booleanCodec,
} as const;

/** Keys a config may omit, with the value that absence means (decoding drops a key given at that value). */
const OPTIONAL_KEYS: Readonly<Record<string, { readonly codec: t.Any; readonly absent: unknown }>> = {
  hubTimeGuard: { codec: booleanCodec, absent: true },
  claimSteps: { codec: intIn(1, 2), absent: 1 },
  hopCloseDelayBlocks: { codec: intIn(0, 6), absent: 1 },
  payerLeavesAfterPaying: { codec: booleanCodec, absent: false },
  payeeBundlePlaintext: { codec: booleanCodec, absent: false },
  hubRevealsBeforeClaim: { codec: booleanCodec, absent: false },
  payerSkipsPointCheck: { codec: booleanCodec, absent: false },
  payerSkipsFeeCheck: { codec: booleanCodec, absent: false },
  payeeSignsBeforeSettlement: { codec: booleanCodec, absent: false },
  payeeSkipsExpiryCheck: { codec: booleanCodec, absent: false },
  payerSkipsAmountCheck: { codec: booleanCodec, absent: false },
  payeeRevealsBeforePaid: { codec: booleanCodec, absent: false },
  hubSkipsRebindCheck: { codec: booleanCodec, absent: false },
  hubChecksFirstExpiry: { codec: booleanCodec, absent: false },
  payeeReusesReceiptNonce: { codec: booleanCodec, absent: false },
  inclusionDelayBlocks: { codec: intIn(0, 3), absent: 0 },
  payerCancelsEarly: { codec: booleanCodec, absent: false },
  payerClosesAlone: { codec: booleanCodec, absent: false },
  hubReusesNonceOnCancel: { codec: booleanCodec, absent: false },
  eclipseBlocks: { codec: intIn(0, 3), absent: 0 },
  eclipsed: { codec: eclipsedPartyCodec, absent: 'S' },
  claimMarginBlocks: { codec: intIn(1, 4), absent: 1 },
  cancelSteps: { codec: intIn(1, 2), absent: 1 },
  hubChecksCancelSigs: { codec: booleanCodec, absent: true },
  hubCrashLosesUnpersisted: { codec: booleanCodec, absent: false },
  hubPersistsFirst: { codec: booleanCodec, absent: true },
  staleStates: { codec: intIn(0, 2), absent: 0 },
};

/** The flaw switches (of scheme 1's receipt, scheme 2, the HTLC baselines, the two-payment machine), each with the machines that model it. */
const FLAW_SWITCHES: Readonly<Record<string, readonly string[]>> = {
  payeeBundlePlaintext: ['scheme 2'],
  hubRevealsBeforeClaim: ['scheme 2'],
  payerSkipsPointCheck: ['scheme 2'],
  payerSkipsFeeCheck: ['scheme 2', 'the two-payment machine'],
  payeeSignsBeforeSettlement: ['scheme 2'],
  payeeSkipsExpiryCheck: ['the HTLC baselines'],
  payerSkipsAmountCheck: ['the HTLC baselines'],
  payeeRevealsBeforePaid: ['the two-payment machine'],
  hubSkipsRebindCheck: ['the two-payment machine'],
  hubChecksFirstExpiry: ['the two-payment machine'],
  payeeReusesReceiptNonce: ['scheme 1'],
};

/** A problem when `c` sets a flaw switch that `machine` does not model (each drops one rule of another machine). */
export function flawSwitchProblem<C extends object>(c: C, machine: string): ConfigProblem<C> | undefined {
  const set = Object.entries(FLAW_SWITCHES).find(
    ([k, owners]) => !owners.includes(machine) && (c as Partial<Record<string, unknown>>)[k] !== undefined,
  );
  return set === undefined
    ? undefined
    : {
        key: set[0] as keyof C & string,
        problem: `${machine} does not model it: expected false (a flaw switch of ${set[1].join(' and ')})`,
      };
}

/**
 * The keys only scheme 1 models (the claim in two steps): a problem when `c` sets one and `machine` (named in
 * the message) does not model it, or when `hopCloseDelayBlocks` is set without `claimSteps` 2.
 */
export function fidelityProblem<
  C extends Pick<
    ProtocolConfig,
    'claimSteps' | 'hopCloseDelayBlocks' | 'inclusionDelayBlocks' | 'eclipseBlocks' | 'claimMarginBlocks'
  >,
>(c: C, machine?: string): ConfigProblem<C> | undefined {
  if (machine !== undefined && c.claimMarginBlocks !== undefined)
    return {
      key: 'claimMarginBlocks' as keyof C & string,
      problem: `${machine} keeps its receivers' claim margin fixed: expected 1, got ${c.claimMarginBlocks} (claimMarginBlocks is modelled in scheme 1)`,
    };
  if (machine !== undefined && c.eclipseBlocks !== undefined)
    return {
      key: 'eclipseBlocks' as keyof C & string,
      problem: `${machine} shows every party each block at once: expected 0, got ${c.eclipseBlocks} (time dilation is modelled in scheme 1)`,
    };
  if (c.eclipseBlocks !== undefined && c.inclusionDelayBlocks !== undefined)
    return {
      key: 'eclipseBlocks' as keyof C & string,
      problem: `an eclipse together with a mempool (inclusionDelayBlocks ${c.inclusionDelayBlocks}) is not modelled: expected 0, got ${c.eclipseBlocks}`,
    };
  if (machine !== undefined && c.inclusionDelayBlocks !== undefined)
    return {
      key: 'inclusionDelayBlocks' as keyof C & string,
      problem: `${machine} confirms transactions when published: expected 0, got ${c.inclusionDelayBlocks} (the mempool is modelled in scheme 1)`,
    };
  const honestA = c as Partial<
    Pick<ProtocolConfig, 'payerCancelsEarly' | 'payerClosesAlone' | 'hubReusesNonceOnCancel'>
  >;
  for (const key of ['payerCancelsEarly', 'payerClosesAlone'] as const)
    if (machine !== undefined && honestA[key] !== undefined)
      return {
        key: key as keyof C & string,
        problem: `${machine} does not model it: expected false (an honest A's early cancel and own close are scheme 1's)`,
      };
  const cancel = cancelProblem(c as Partial<ProtocolConfig>, machine);
  if (cancel !== undefined) return cancel as ConfigProblem<C>;
  if (machine !== undefined && honestA.hubReusesNonceOnCancel !== undefined)
    return {
      key: 'hubReusesNonceOnCancel' as keyof C & string,
      problem: `${machine} does not model it: expected false (S's cancellation nonce is tracked in scheme 1)`,
    };
  if (machine !== undefined && c.claimSteps !== undefined)
    return {
      key: 'claimSteps' as keyof C & string,
      problem: `${machine} models one-step claims only: expected 1, got ${c.claimSteps} (claimSteps 2 is modelled in scheme 1)`,
    };
  if (c.hopCloseDelayBlocks !== undefined && !twoStepClaim(c))
    return {
      key: 'hopCloseDelayBlocks' as keyof C & string,
      problem: `a hop channel's close delay matters only with claimSteps 2, got ${c.hopCloseDelayBlocks} with one-step claims`,
    };
  return undefined;
}

/**
 * The cancellation's keys (`cancelSteps` and its ablations): scheme 1 only, and each ablation only where it can
 * change something (`hubChecksCancelSigs`, `hubCrashLosesUnpersisted` need cancelSteps 2, the latter hubMayCrash
 * too; `hubPersistsFirst` needs hubCrashLosesUnpersisted).
 */
function cancelProblem(
  c: Partial<ProtocolConfig>,
  machine: string | undefined,
): ConfigProblem<Partial<ProtocolConfig>> | undefined {
  const keys = ['cancelSteps', 'hubChecksCancelSigs', 'hubCrashLosesUnpersisted', 'hubPersistsFirst'] as const;
  for (const key of keys)
    if (machine !== undefined && c[key] !== undefined)
      return {
        key,
        problem: `${machine} does not model it: expected it absent (the cancellation as messages is modelled in scheme 1)`,
      };
  if (machine !== undefined && c.staleStates !== undefined)
    return {
      key: 'staleStates',
      problem: `${machine} has no stale states: expected 0, got ${c.staleStates} (stale states are modelled in scheme 1)`,
    };
  if (c.hubChecksCancelSigs !== undefined && !cancelAsMessages(c))
    return {
      key: 'hubChecksCancelSigs',
      problem: `S's checks of its own cancellation signatures matter only with cancelSteps 2, got ${c.hubChecksCancelSigs} with an atomic cancellation`,
    };
  if (c.hubCrashLosesUnpersisted !== undefined && (!cancelAsMessages(c) || c.hubMayCrash !== true))
    return {
      key: 'hubCrashLosesUnpersisted',
      problem: 'a crash that loses unpersisted steps needs cancelSteps 2 and hubMayCrash true',
    };
  if (c.hubPersistsFirst !== undefined && c.hubCrashLosesUnpersisted !== true)
    return {
      key: 'hubPersistsFirst',
      problem: `when S persists matters only if a crash can lose what it has not persisted (hubCrashLosesUnpersisted true), got ${c.hubPersistsFirst}`,
    };
  return undefined;
}

/** A cross-key problem: the key to blame and what is wrong. */
export interface ConfigProblem<C> {
  readonly key: keyof C & string;
  readonly problem: string;
}

/** The timing checks every machine shares (R-02-20, R-02-02), on the keys every config has. */
export function timingProblem(
  c: Pick<
    ProtocolConfig,
    'ptlcTimeoutBlocks' | 'rebindMarginBlocks' | 'csvDelayBlocks' | 'mailboxExpiryBlocks' | 'hubTimeGuard'
  >,
): { readonly key: 'ptlcTimeoutBlocks' | 'mailboxExpiryBlocks'; readonly problem: string } | undefined {
  if (c.hubTimeGuard !== false && c.ptlcTimeoutBlocks + c.rebindMarginBlocks > c.csvDelayBlocks) {
    return {
      key: 'ptlcTimeoutBlocks',
      problem: `${c.ptlcTimeoutBlocks} + rebindMarginBlocks ${c.rebindMarginBlocks} exceeds csvDelayBlocks ${c.csvDelayBlocks}: S would refuse every purchase (R-02-20), so no payment could happen (hubTimeGuard=false ablates the check of S to explore such timings)`,
    };
  }
  if (c.mailboxExpiryBlocks <= c.ptlcTimeoutBlocks) {
    return {
      key: 'mailboxExpiryBlocks',
      problem: `${c.mailboxExpiryBlocks} must exceed ptlcTimeoutBlocks ${c.ptlcTimeoutBlocks} (R-02-02), or S could never buy before the expiry`,
    };
  }
  return undefined;
}

/** Cross-key checks, after each key decoded on its own: `undefined` when consistent. */
function crossCheck(c: ProtocolConfig): ConfigProblem<ProtocolConfig> | undefined {
  if (c.payments > 1) {
    return {
      key: 'payments',
      problem: `this variant models one payment in flight, got ${c.payments}; two payments in flight are modelled only by ${MULTI_PAYMENT_VARIANTS.join(' and ')} (model/multi/)`,
    };
  }
  for (const p of c.deviating) {
    const m = /^P(\d)$/.exec(p);
    if (m !== null && Number(m[1]) > c.hops) {
      return {
        key: 'deviating',
        problem: `unknown party "${p}" (known: A, S, B, M${c.hops === 0 ? '' : `, P1..P${c.hops}`}; hops is ${c.hops})`,
      };
    }
  }
  const eclipsedRouter = /^P(\d)$/.exec(c.eclipsed ?? '');
  if (eclipsedRouter !== null && Number(eclipsedRouter[1]) > c.hops) {
    return {
      key: 'eclipsed',
      problem: `unknown party "${c.eclipsed}" (an eclipse is modelled for A, S, B${c.hops === 0 ? '' : `, P1..P${c.hops}`}; hops is ${c.hops})`,
    };
  }
  const timing = timingProblem(c);
  if (timing !== undefined) return timing;
  const fidelity = fidelityProblem(c);
  if (fidelity !== undefined) return fidelity;
  const lastTimeout = c.ptlcTimeoutBlocks - c.hops * c.hopDeltaBlocks;
  if (lastTimeout < 1) {
    return {
      key: 'ptlcTimeoutBlocks',
      problem: `the last hop would time out ${lastTimeout} blocks after the offer (ptlcTimeoutBlocks ${c.ptlcTimeoutBlocks} − hops ${c.hops} × hopDeltaBlocks ${c.hopDeltaBlocks}); it must be at least 1`,
    };
  }
  return undefined;
}

/**
 * An exact codec over `keys` (every key required, none unknown, each decoded by its own codec), then
 * `crossCheck` on the whole. Failures name the key (`config.<key>` through `decodeConfig`).
 */
export function exactConfigCodec<C extends object>(
  name: string,
  keys: Readonly<Record<string, t.Any>>,
  check: (c: C) => ConfigProblem<C> | undefined,
): t.Type<C, unknown, unknown> {
  const names = Object.keys(keys);
  const optional = Object.keys(OPTIONAL_KEYS);
  const allNames = [...names, ...optional];
  return new t.Type<C, unknown, unknown>(
    name,
    (u): u is C =>
      typeof u === 'object' &&
      u !== null &&
      Object.keys(u).every((k) => allNames.includes(k)) &&
      names.every((k) => keys[k]!.is((u as Record<string, unknown>)[k])) &&
      optional.every((k) => !(k in u) || OPTIONAL_KEYS[k]!.codec.is((u as Record<string, unknown>)[k])) &&
      check(u as C) === undefined,
    (u, c) => {
      if (typeof u !== 'object' || u === null || Array.isArray(u))
        return t.failure(u, c, `expected an object with keys ${names.join(', ')}`);
      const rec = u as Record<string, unknown>;
      const unknownKey = Object.keys(rec).find((k) => !allNames.includes(k));
      if (unknownKey !== undefined) {
        return t.failure(
          u,
          [...c, { key: unknownKey, type: t.never, actual: rec[unknownKey] }],
          `unknown key '${unknownKey}' (known: ${allNames.join(', ')})`,
        );
      }
      const out: Record<string, unknown> = {};
      for (const key of names) {
        const codec = keys[key]!;
        const ctx = [...c, { key, type: codec, actual: rec[key] }];
        if (!(key in rec)) return t.failure(undefined, ctx, `missing key '${key}'`);
        const r = codec.validate(rec[key], ctx);
        if (r._tag === 'Left') return r;
        out[key] = r.right;
      }
      for (const key of optional) {
        if (!(key in rec)) continue;
        const { codec, absent } = OPTIONAL_KEYS[key]!;
        const r = codec.validate(rec[key], [...c, { key, type: codec, actual: rec[key] }]);
        if (r._tag === 'Left') return r;
        if (r.right !== absent) out[key] = r.right;
      }
      const config = out as unknown as C;
      const bad = check(config);
      if (bad !== undefined)
        return t.failure(rec[bad.key], [...c, { key: bad.key, type: t.unknown, actual: rec[bad.key] }], bad.problem);
      return t.success(config);
    },
    (a) => {
      const dev = (a as { deviating?: unknown }).deviating;
      return Array.isArray(dev) ? { ...a, deviating: [...(dev as unknown[])] } : { ...a };
    },
  );
}

/** The keys of every config, with the given codec for `deviating` and for `payments`. */
export function configKeys(over: { deviating?: t.Any; payments?: t.Any }): Readonly<Record<string, t.Any>> {
  return { ...KEYS, ...over };
}

/** The exact codec: a missing key, an unknown key, a bad value or an inconsistent combination fails. */
export const protocolConfigCodec: t.Type<ProtocolConfig, unknown, unknown> = exactConfigCodec<ProtocolConfig>(
  'protocol config',
  configKeys({}),
  crossCheck,
);

/** Decodes `u` with `codec` or throws InputError(`config.<key>`, problem), naming the first key that failed. */
export function decodeConfigWith<C>(codec: t.Type<C, unknown, unknown>, u: unknown): C {
  const r = codec.decode(u);
  if (r._tag === 'Right') return r.right;
  const e = r.left[0];
  const key = e?.context
    .map((entry) => entry.key)
    .filter((k) => k !== '')
    .join('.');
  throw new InputError(key === undefined || key === '' ? 'config' : `config.${key}`, e?.message ?? 'invalid config');
}

/** Decodes `u` or throws InputError(`config.<key>`, problem). */
export function decodeConfig(u: unknown): ProtocolConfig {
  return decodeConfigWith(protocolConfigCodec, u);
}

/** Party names of a config's coalition, as indices. */
export function deviatingIndices(c: ProtocolConfig): number[] {
  return c.deviating.map((p) => PARTIES.indexOf(p));
}

/** Scheme 2's config: the same keys, but no routing path (hops must be 0), no crash switch, no hub time guard. */
function scheme2Check(c: ProtocolConfig): ConfigProblem<ProtocolConfig> | undefined {
  const common = crossCheck(c);
  if (common !== undefined) return common;
  if (c.hops !== 0) return { key: 'hops', problem: `scheme 2 has no routing path: expected 0, got ${c.hops}` };
  if (c.hubMayCrash) return { key: 'hubMayCrash', problem: 'scheme 2 does not model crashes: expected false' };
  const fidelity = fidelityProblem(c, 'scheme 2') ?? flawSwitchProblem(c, 'scheme 2');
  if (fidelity !== undefined) return fidelity;
  if (c.hubTimeGuard === false)
    return {
      key: 'hubTimeGuard',
      problem:
        'scheme 2: A, not S, checks the timelocks (R-05-07, R-05-08), so there is no hub time guard to ablate: expected true',
    };
  return undefined;
}

export const scheme2ConfigCodec = exactConfigCodec<ProtocolConfig>('scheme 2 config', configKeys({}), scheme2Check);
