/**
 * The baselines' configuration (model/baselines/): an exact io-ts codec built from the protocol model's
 * shared pieces (`exactConfigCodec`, `intIn`, `partyListOf`), so errors read as they do for the
 * proposal's variants (`config.holdCltvBlocks: expected an integer 2..16, got 1`).
 *
 * Keys:
 * - `payeeAwayBlocks`: how long B stays away, 1..8: B is offline from the start and an honest B comes
 *   online at this height; every time B goes offline afterwards it comes back this many blocks later.
 * - `holdCltvBlocks`: the CLTV of A's HTLC to S, blocks after A offers it, 2..16 (LightningRod's hold
 *   invoice; the LSP's held HTLC). The designer picks it to cover B's absence.
 * - `forwardDeltaBlocks`: S's `cltv_expiry_delta`: the timeout of S's HTLC to B, blocks after S offers it,
 *   1..4; an honest S forwards only while `height + forwardDeltaBlocks < ` A's HTLC timeout (BOLT 2/4).
 * - `deviating`: the coalition, out of A, S, B, M (M: LightningRod's messaging and notification service;
 *   the LSP design's B-side LSP, which holds `held_htlc_available` for B).
 * - `maxHeight`: the last block height, 1..16.
 * - `hubMayCrash`: S, even an honest S, may crash once and recover later.
 * - `claimSteps` (optional, absent = 1): 2 splits B's claim as BOLT 2 does: `update_fulfill_htlc` hands S the
 *   preimage, and B is paid only by S's commitment that follows; if S stalls (B waits one block) or is down, B
 *   closes the S–B channel and claims on chain `hopCloseDelayBlocks` (optional, absent = 1) after its close,
 *   which must come before its HTLC's timeout. An honest B fulfills only while a stall still leaves it time to
 *   claim on chain (height + 1 + close delay < its HTLC's timeout: BOLT 4's min_final_cltv_expiry_delta check);
 *   else it closes and claims on chain in its last chance.
 * - `payeeSkipsExpiryCheck` (optional, absent = false; claimSteps 2 only): a flaw switch, B fulfills whatever time
 *   is left before its HTLC's timeout.
 * - `payerSkipsAmountCheck` (optional, absent = false; LightningRod): a flaw switch, A pays the amount a deviating
 *   S's hold invoice names (one sat above B's request + the fee) instead of checking it.
 */
import type * as t from 'io-ts';
import {
  booleanCodec,
  decodeConfigWith,
  exactConfigCodec,
  fidelityProblem,
  flawSwitchProblem,
  intIn,
  partyListOf,
  type ConfigProblem,
  type ProtocolConfig,
} from '../config.ts';

export const BASELINE_PARTIES = ['A', 'S', 'B', 'M'] as const;
export type BaselineParty = (typeof BASELINE_PARTIES)[number];

export interface BaselineConfig {
  readonly payeeAwayBlocks: number;
  readonly holdCltvBlocks: number;
  readonly forwardDeltaBlocks: number;
  readonly deviating: readonly BaselineParty[];
  readonly maxHeight: number;
  readonly hubMayCrash: boolean;
  readonly claimSteps?: number;
  readonly hopCloseDelayBlocks?: number;
  readonly payeeSkipsExpiryCheck?: boolean;
  readonly payerSkipsAmountCheck?: boolean;
}

const KEYS = {
  payeeAwayBlocks: intIn(1, 8),
  holdCltvBlocks: intIn(2, 16),
  forwardDeltaBlocks: intIn(1, 4),
  deviating: partyListOf(BASELINE_PARTIES, 'A, S, B, M'),
  maxHeight: intIn(1, 16),
  hubMayCrash: booleanCodec,
} as const;

function crossCheck(c: BaselineConfig): ConfigProblem<BaselineConfig> | undefined {
  if (c.holdCltvBlocks <= c.forwardDeltaBlocks) {
    return {
      key: 'holdCltvBlocks',
      problem: `${c.holdCltvBlocks} must exceed forwardDeltaBlocks ${c.forwardDeltaBlocks}, or S could never forward A's HTLC`,
    };
  }
  const optional = c as BaselineConfig &
    Pick<
      ProtocolConfig,
      'claimSteps' | 'hopCloseDelayBlocks' | 'inclusionDelayBlocks' | 'eclipseBlocks' | 'claimMarginBlocks'
    >;
  // The claim in two steps is modelled here (B's fulfill, then S's commitment or B's close): only the
  // pairing of the close delay with it is checked; the other fidelity keys are refused by name.
  const { claimSteps, hopCloseDelayBlocks, ...rest } = optional;
  const twoStep = fidelityProblem({ claimSteps, hopCloseDelayBlocks });
  if (twoStep !== undefined) return twoStep as ConfigProblem<BaselineConfig>;
  if (c.payeeSkipsExpiryCheck === true && claimSteps !== 2)
    return {
      key: 'payeeSkipsExpiryCheck',
      problem: 'B checks the expiry before a fulfill: it matters only with claimSteps 2',
    };
  return (fidelityProblem(rest, 'the HTLC baselines') ?? flawSwitchProblem(c, 'the HTLC baselines')) as
    | ConfigProblem<BaselineConfig>
    | undefined;
}

export const baselineConfigCodec: t.Type<BaselineConfig, unknown, unknown> = exactConfigCodec<BaselineConfig>(
  'baseline config',
  KEYS,
  crossCheck,
);

/** Decodes `u` or throws InputError(`config.<key>`, problem). */
export function decodeBaselineConfig(u: unknown): BaselineConfig {
  return decodeConfigWith(baselineConfigCodec, u);
}

/** The least hold CLTV with which an honest B that returns after `away` blocks can still be paid. */
export function holdCltvFor(
  design: 'lightningrod-hold-invoice' | 'lsp-held-htlc' | 'plain-lightning',
  away: number,
  forwardDelta: number,
): number {
  // LightningRod: A pays after B's first return, B comes back `away` later; the LSP design: A pays at
  // once and B returns after `away`. Either way S forwards at that return with forwardDelta to spare.
  return design === 'plain-lightning' ? forwardDelta + 1 : away + forwardDelta + 1;
}
