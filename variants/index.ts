/**
 * Registers every protocol variant with the checker's registry (families `scheme1`, `scheme2`, `flaw`),
 * the two-payment variants of model/multi/ included.
 * Importing this module is what makes them visible to `apln`. It is the one place that joins a model variant
 * (model/) with its properties (properties/); model/ imports neither properties/ nor this folder.
 */
import type { ParamSpec } from '../checker/registry.ts';
import { registerModel } from '../checker/registry.ts';
import { protocolProperties } from '../properties/index.ts';
import { protocolConfigCodec, scheme2ConfigCodec, type ProtocolConfig } from '../model/config.ts';
import { buildMachine } from '../model/scheme1/machine.ts';
import { scheme2Properties } from '../properties/scheme2/index.ts';
import { buildMachine as buildScheme2 } from '../model/scheme2/machine.ts';
import { VARIANTS } from '../model/scheme1/variants.ts';
import { SCHEME2 } from '../model/scheme2/variants.ts';
import { multiConfigCodec, type MultiConfig } from '../model/multi/config.ts';
import { buildMachine as buildMulti } from '../model/multi/machine.ts';
import { multiProperties } from '../properties/multi/index.ts';
import { MULTI_VARIANTS } from '../model/multi/variants.ts';
import { abstractionsOf } from './abstractions.ts';

export const PROTOCOL_PARAMS: readonly ParamSpec[] = [
  { name: 'hops', type: 'integer 0..3', description: 'routing nodes P1..Pk between S and B (0 = S pays B directly)' },
  {
    name: 'payments',
    type: 'integer 1..1',
    description: 'payments in flight (this machine covers one; two: flaw-stacked-payments, scheme1-payment-outputs)',
  },
  {
    name: 'csvDelayBlocks',
    type: 'integer 1..6',
    description: "eltoo's relative delay before a settlement may spend its update",
  },
  {
    name: 'ptlcTimeoutBlocks',
    type: 'integer 1..8',
    description: "the first hop's PTLC timeout, in blocks after S offers it",
  },
  {
    name: 'rebindMarginBlocks',
    type: 'integer 0..3',
    description: "blocks S keeps between its PTLC's timeout and the end of a CSV window (R-02-20, R-02-21)",
  },
  { name: 'hopDeltaBlocks', type: 'integer 0..4', description: 'how much earlier each later hop times out' },
  {
    name: 'mailboxExpiryBlocks',
    type: 'integer 1..8',
    description: "the bundle's expiry, in blocks after A hands it to M",
  },
  {
    name: 'deviating',
    type: 'list of party names (A, S, B, M, P1..Pk)',
    description: 'the parties that deviate, together, as one coalition',
  },
  { name: 'maxHeight', type: 'integer 1..12', description: 'the last block height the chain reaches' },
  { name: 'hubMayCrash', type: 'boolean', description: 'S, even an honest S, may crash and recover at any time' },
  {
    name: 'hubTimeGuard',
    type: 'boolean (optional, default true)',
    description:
      'false: ablation, S skips its static timing rule R-02-20 (R-02-19, R-02-21 stay), so timings R-02-20 refuses are accepted',
  },
  {
    name: 'claimSteps',
    type: 'integer 1..2 (optional, default 1)',
    description:
      "2: a PTLC claim reveals first, the money moves with the offerer's next update or the hop channel's close (R-08-15, R-08-16)",
  },
  {
    name: 'hopCloseDelayBlocks',
    type: 'integer 0..6 (optional, default 1; claimSteps 2 only)',
    description: "blocks from a hop channel's unilateral close until its PTLC output can be claimed on chain",
  },
  {
    name: 'inclusionDelayBlocks',
    type: 'integer 0..3 (optional, default 0)',
    description:
      'blocks the adversary may hold a published channel transaction in the mempool (seen by all) before it confirms',
  },
  {
    name: 'payerCancelsEarly',
    type: 'boolean (optional, default false)',
    description: 'an honest A may cancel (03) before the expiry too, whenever S has not bought',
  },
  {
    name: 'payerClosesAlone',
    type: 'boolean (optional, default false)',
    description: 'an honest A may close with U(n) on its own once the bundle expired (outside the timeout design)',
  },
  {
    name: 'hubReusesNonceOnCancel',
    type: 'boolean (optional, default false)',
    description:
      "a flaw switch: S signs the cancellation's U(n+2) with the nonce it committed for U(n+1) (against R-03-04)",
  },
  {
    name: 'payeeReusesReceiptNonce',
    type: 'boolean (optional, default false; scheme1-receipt only)',
    description:
      "a flaw switch: B signs its invoice with the nonce of the receipt pre-signature it carries (R-06-07), so S can compute B's key",
  },
  {
    name: 'eclipseBlocks',
    type: 'integer 0..3 (optional, default 0)',
    description:
      'time dilation: the adversary may eclipse the honest party `eclipsed`, which then sees the chain up to this many blocks late',
  },
  {
    name: 'eclipsed',
    type: '"A", "S", "B" or "P1".."Pk" (optional, default "S")',
    description: 'the party an eclipse (eclipseBlocks > 0) is aimed at; no eclipse when it deviates',
  },
  {
    name: 'claimMarginBlocks',
    type: 'integer 1..4 (optional, default 1)',
    description:
      "blocks before a PTLC's timeout from which an honest receiver whose offerer is down (or stalls) claims on chain",
  },
  {
    name: 'cancelSteps',
    type: 'integer 1..2 (optional, default 1)',
    description:
      "2: the cancellation (03) as its messages: St(n+2) signed by both, S's partial on U(n+2), then A's (03 §1)",
  },
  {
    name: 'hubChecksCancelSigs',
    type: 'boolean (optional, default true; cancelSteps 2 only)',
    description:
      'false: ablation, S refuses to buy only once it holds a complete U(n+2), not once it signed St(n+2) or its partial (R-03-06, R-03-07)',
  },
  {
    name: 'hubCrashLosesUnpersisted',
    type: 'boolean (optional, default false; cancelSteps 2 and hubMayCrash only)',
    description: "S's crash loses what it has not yet written to its store (03 §1's messages since its last write)",
  },
  {
    name: 'hubPersistsFirst',
    type: 'boolean (optional, default true; with hubCrashLosesUnpersisted)',
    description:
      'false: ablation, S sends its cancellation signatures before persisting them (R-01-14, R-03-05), so a crash can lose them',
  },
  {
    name: 'staleStates',
    type: 'integer 0..2 (optional, default 0)',
    description:
      'A and S also hold k older fully signed states U(n-1)..U(n-k); a deviating one publishes them in turn (eltoo delay attack)',
  },
];

/** A flaw switch as a parameter: boolean, optional, default false (spec 10 §4 lists what each breaks). */
function flawParam(name: string, machine: string, description: string): ParamSpec {
  return {
    name,
    type: `boolean (optional, default false; ${machine} only)`,
    description: `a flaw switch: ${description}`,
  };
}

const PAYER_SKIPS_FEE_CHECK = 'payerSkipsFeeCheck';

/** Scheme 2's flaw switches (model/config.ts `FLAW_SWITCHES`), each dropping one rule. */
const SCHEME2_FLAW_PARAMS: readonly ParamSpec[] = [
  flawParam('payeeBundlePlaintext', 'scheme 2', "B's bundle is unsealed, so M reads it (against R-05-02)"),
  flawParam('hubRevealsBeforeClaim', 'scheme 2', 'S hands A s_S when A offers its PTLC, before claiming it (R-05-04)'),
  flawParam('payerSkipsPointCheck', 'scheme 2', 'A locks its PTLC to the point S names, unchecked (R-05-06)'),
  flawParam(PAYER_SKIPS_FEE_CHECK, 'scheme 2 and two payments', 'A pays the fee a deviating S names, one sat more'),
  flawParam('payeeSignsBeforeSettlement', 'scheme 2', 'B sends its bundle before St_BS(m+1) is co-signed (R-05-01)'),
];

/** The two-payment machine's flaw switches (model/multi/machine.ts), each dropping one rule. */
const MULTI_FLAW_PARAMS: readonly ParamSpec[] = [
  flawParam(
    PAYER_SKIPS_FEE_CHECK,
    'scheme 2 and two payments',
    'A co-signs a settlement whose fee S named higher (R-01-10)',
  ),
  flawParam('payeeRevealsBeforePaid', 'two payments', 'B_j hands S s_A^j with its invoice, not by claiming (R-02-13)'),
  flawParam(
    'hubSkipsRebindCheck',
    'two payments',
    'S buys although it could not rebind a confirmed update in time (R-02-21)',
  ),
  flawParam('hubChecksFirstExpiry', 'two payments', "S checks every payment against the first one's expiry (R-02-19)"),
];

/** Builds a registered variant's model from a decoded config (also what tests use). */
export function buildVariant(name: string, config?: ProtocolConfig) {
  const v = VARIANTS.find((x) => x.name === name);
  if (v === undefined) throw new Error(`no protocol variant '${name}'`);
  return buildMachine({
    name: v.name,
    config: config ?? v.defaults,
    switches: v.switches,
    properties: protocolProperties,
    expect: v.expect,
  });
}

for (const v of VARIANTS) {
  registerModel<ProtocolConfig>({
    name: v.name,
    description: v.description,
    family: v.family,
    params: PROTOCOL_PARAMS,
    codec: protocolConfigCodec,
    defaults: v.defaults,
    build: (config) => buildVariant(v.name, config),
    abstracts: abstractionsOf(v.name),
  });
}

/** Builds `scheme2-payee-presigned` from a decoded config. */
export function buildScheme2Variant(config?: ProtocolConfig) {
  return buildScheme2({
    name: SCHEME2.name,
    config: config ?? SCHEME2.defaults,
    properties: scheme2Properties,
    expect: SCHEME2.expect,
  });
}

registerModel<ProtocolConfig>({
  name: SCHEME2.name,
  description: SCHEME2.description,
  family: 'scheme2',
  params: [
    ...PROTOCOL_PARAMS.map((p) =>
      p.name === 'hops'
        ? { ...p, type: 'integer 0..0', description: 'scheme 2 has no routing path' }
        : p.name === 'hubMayCrash'
          ? { ...p, type: 'false', description: 'scheme 2 does not model crashes' }
          : p.name === 'claimSteps' ||
              p.name === 'hopCloseDelayBlocks' ||
              p.name === 'inclusionDelayBlocks' ||
              p.name === 'eclipseBlocks' ||
              p.name === 'eclipsed' ||
              p.name === 'claimMarginBlocks'
            ? {
                ...p,
                type: 'absent',
                description: 'scheme 2 models one-step claims, no mempool, no eclipse and a fixed claim margin',
              }
            : p.name === 'payerCancelsEarly' ||
                p.name === 'payerClosesAlone' ||
                p.name === 'cancelSteps' ||
                p.name === 'hubChecksCancelSigs' ||
                p.name === 'hubCrashLosesUnpersisted' ||
                p.name === 'hubPersistsFirst' ||
                p.name === 'staleStates'
              ? { ...p, type: 'absent', description: "scheme 1's honest A only" }
              : p.name === 'hubReusesNonceOnCancel' || p.name === 'payeeReusesReceiptNonce'
                ? { ...p, type: 'absent', description: "scheme 1's cancellation and receipt only" }
                : p.name === 'hubTimeGuard'
                  ? {
                      ...p,
                      type: 'true',
                      description: 'scheme 2: A, not S, checks the timelocks (R-05-07, R-05-08); nothing to ablate',
                    }
                  : p,
    ),
    {
      name: 'payerLeavesAfterPaying',
      type: 'boolean (optional, default false)',
      description: 'A goes offline once paid and comes back at any time, or never: it does not watch in time (R-05-10)',
    },
    ...SCHEME2_FLAW_PARAMS,
  ],
  codec: scheme2ConfigCodec,
  defaults: SCHEME2.defaults,
  build: (config) => buildScheme2Variant(config),
  abstracts: abstractionsOf(SCHEME2.name),
});

/** Builds a two-payment variant (model/multi/) from a decoded config. */
export function buildMultiVariant(name: string, config?: MultiConfig) {
  const v = MULTI_VARIANTS.find((x) => x.name === name);
  if (v === undefined) throw new Error(`no two-payment variant '${name}'`);
  return buildMulti({
    name: v.name,
    design: v.design,
    config: config ?? v.defaults,
    properties: multiProperties,
    expect: v.expect,
  });
}

for (const v of MULTI_VARIANTS) {
  registerModel<MultiConfig>({
    name: v.name,
    description: v.description,
    family: v.family,
    params: PROTOCOL_PARAMS.map((p) =>
      p.name === 'hops'
        ? { ...p, type: 'integer 0..0', description: 'direct payments only (S pays each payee itself)' }
        : p.name === 'payments'
          ? { ...p, type: 'integer 1..2', description: 'payments in flight: 1, or 2 (B1 then B2)' }
          : p.name === 'deviating'
            ? {
                ...p,
                type: 'list of party names (A, S, B1, B2)',
                description: 'the parties that deviate, together (the mailbox is honest here)',
              }
            : p.name === 'hubMayCrash'
              ? { ...p, type: 'false', description: 'the two-payment variants do not model crashes' }
              : p,
    ).concat(MULTI_FLAW_PARAMS),
    codec: multiConfigCodec,
    defaults: v.defaults,
    build: (config) => buildMultiVariant(v.name, config),
    abstracts: abstractionsOf(v.name),
  });
}
import './baselines.ts';
