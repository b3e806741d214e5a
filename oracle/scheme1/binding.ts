/**
 * Scheme 1's binding (spec 02–04, 06: A pre-signs, B sells s_A to S): the scheme-1 variants, their driver
 * (../driver.ts), abstraction, step mapping, adversarial stutters and mutants, as the generic oracle needs them
 * (../binding.ts).
 */
import fc from 'fast-check';
import { ACTION_REQUIREMENTS, type ProtocolAction } from '../../model/scheme1/actions.ts';
import { decodeConfig, staleStatesOf, type ProtocolConfig } from '../../model/config.ts';
import { buildVariant } from '../../variants/index.ts';
import type { ProtocolModel } from '../../model/scheme1/machine.ts';
import type { ProtocolState } from '../../model/scheme1/state.ts';
import { SCHEME2 } from '../../model/scheme2/variants.ts';
import { VARIANTS } from '../../model/scheme1/variants.ts';
import { InputError } from '../../util/input-error.ts';
import { stutterLabel, type ProtocolBinding, type Suite } from '../binding.ts';
import { RESEND_ARB, TAMPER_ARB } from '../stutter-arbs.ts';
import { abstraction } from './abstraction.ts';
import { AdversaryCommand, NODE_IDS, runAdversary } from './adversary.ts';
import { ImplDriver } from './driver.ts';
import { stateFromItf } from './from-itf.ts';
import { SCHEME1_GUARD_CASES } from './guard-cases.ts';
import { SCHEME1_EDGE_GUARD_CASES } from './guard-cases-edge.ts';
import { implStatus, modelStatus, stutterStatus } from './status.ts';
import { MUTANTS } from './mutants/index.ts';
import type { Mutant } from './mutants/mutant.ts';
import { SUPPORTED_ACTIONS, UNSUPPORTED_ACTIONS, implStep, implSupports, promptRefusals, skipReason } from './step.ts';
import { CANCELLED, HUB_CLOSES_AFTER_SALE } from '../../model/scheme1/paths.ts';
import type { Party } from '../../model/parties.ts';

export interface Scheme1Types {
  readonly state: ProtocolState;
  readonly action: ProtocolAction;
  readonly command: AdversaryCommand;
  readonly driver: ImplDriver;
  readonly model: ProtocolModel;
  readonly mutant: Mutant;
}

/** The timings a sampled suite draws (each from its codec's range, the decoder keeping only consistent ones). */
const SAMPLED_TIMINGS = [
  'csvDelayBlocks',
  'ptlcTimeoutBlocks',
  'rebindMarginBlocks',
  'mailboxExpiryBlocks',
  'maxHeight',
];

/** The coalitions the direct suites drive (drawn from by the sampled ones). */
const DIRECT_COALITIONS: readonly (readonly Party[])[] = [[], ['S'], ['A'], ['B'], ['S', 'B']];

/**
 * The default suites: together they enable every action kind the oracle drives (direct, timeout, receipt and both
 * splits); A's and B's second sale (PayerResellSecret, PayeeResellSecret) need an honest S and a deviating A or B,
 * CoalitionShare two deviating parties (S and B: S can complete U(n+1) with s_A from B, without paying).
 */
const SUITES: readonly Suite[] = [
  { name: 'direct, S deviating', variant: 'scheme1-direct', deviating: ['S'] },
  { name: 'direct, all honest, S may crash', variant: 'scheme1-direct', deviating: [], hubMayCrash: true },
  { name: 'direct, A deviating', variant: 'scheme1-direct', deviating: ['A'], maxDepth: 5 },
  { name: 'direct, B deviating', variant: 'scheme1-direct', deviating: ['B'] },
  { name: 'direct, S and B deviating', variant: 'scheme1-direct', deviating: ['S', 'B'], maxDepth: 4 },
  {
    name: 'timeout, B deviating',
    variant: 'scheme1-timeout',
    deviating: ['B'],
    paths: [
      // A stays away after the sale: S closes at pending timeout − D (R-06-04), settles, sweeps the claim leaf (16 steps).
      {
        labels: [...HUB_CLOSES_AFTER_SALE, 'ChainAdvance', 'HubSweepClaimLeaf'],
      },
      // B never invoices: A, back, closes with U(n) at the pending timeout (expiry + D = 9) and settles St(n) (16 steps).
      {
        labels: [
          'PayerHubSignSettlement',
          'PayerSendBundle',
          'PayerComeBack',
          ...Array<string>(9).fill('ChainAdvance'),
          'PayerTimeoutClose',
          'ChainAdvance',
          'ChainAdvance',
          'PayerPublishSettlement',
        ],
      },
      // S closes and settles as in the first, then crashes before its claim leaf: A, back, sweeps the timeout leaf at
      // the pending timeout (R-06-05; its CLTV checked by the world's chain at world heights). 21 steps.
      {
        hubMayCrash: true,
        labels: [
          ...HUB_CLOSES_AFTER_SALE,
          'HubCrash',
          'PayerComeBack',
          'ChainAdvance',
          'ChainAdvance',
          'ChainAdvance',
          'ChainAdvance',
          'PayerSweepTimeoutLeaf',
        ],
      },
    ],
  },
  { name: 'receipt, S deviating', variant: 'scheme1-receipt', deviating: ['S'] },
  { name: 'split same point, P2 deviating', variant: 'scheme1-split-same-point', deviating: ['P2'] },
  { name: 'split decorrelated, P2 deviating', variant: 'scheme1-split-decorrelated', deviating: ['P2'] },
  // The model's fidelity switches (spec 03 §1 as messages, stale signed states a deviating party publishes, S's crash
  // losing what it took but has not written).
  {
    name: 'direct, cancel as messages, stale states 2, A deviating',
    variant: 'scheme1-direct',
    deviating: ['A'],
    config: { cancelSteps: 2, staleStates: 2 },
  },
  {
    name: 'direct, cancel as messages, all honest, early cancel, S may crash losing what it has not written',
    variant: 'scheme1-direct',
    deviating: [],
    hubMayCrash: true,
    config: { cancelSteps: 2, hubCrashLosesUnpersisted: true, payerCancelsEarly: true },
    paths: [
      // S crashes after taking A's partial on U(n+2) but before writing it: it comes back at St(n+2) and its own
      // partial, A sends its partial again, S writes it (03 §1 steps 1–9, R-03-05; 10 steps).
      {
        labels: [...CANCELLED, 'HubCrash', 'HubRecover', 'PayerSendCancelUpdate', 'HubPersist'],
      },
    ],
  },
  {
    name: 'direct, stale states 1, S deviating',
    variant: 'scheme1-direct',
    deviating: ['S'],
    config: { staleStates: 1 },
  },
  // Sampled suites (oracle/config-arb.ts): each random run on its own timings, switches and coalition, so a guard
  // whose refusal matters only at other timings refuses something. Coverage replays only depth 1 (the suites
  // above replay the default configs).
  {
    name: 'direct, sampled configs and coalitions',
    variant: 'scheme1-direct',
    deviating: ['S'],
    maxDepth: 1,
    sample: {
      keys: [...SAMPLED_TIMINGS, 'hubMayCrash', 'payerCancelsEarly', 'cancelSteps', 'staleStates'],
      coalitions: DIRECT_COALITIONS,
    },
  },
  {
    name: 'timeout, sampled configs and coalitions',
    variant: 'scheme1-timeout',
    deviating: ['B'],
    maxDepth: 1,
    sample: { keys: [...SAMPLED_TIMINGS, 'hubMayCrash'], coalitions: DIRECT_COALITIONS },
  },
  {
    name: 'split same point, sampled configs and coalitions',
    variant: 'scheme1-split-same-point',
    deviating: ['P2'],
    maxDepth: 1,
    // The PTLC timeout stays (hops + 1) × hopDeltaBlocks, the implementation's hop timing (driver below).
    sample: {
      keys: ['csvDelayBlocks', 'rebindMarginBlocks', 'mailboxExpiryBlocks', 'maxHeight'],
      coalitions: [[], ['S']],
    },
  },
];

const adversaryArb: fc.Arbitrary<AdversaryCommand> = fc.oneof(
  fc.record({ kind: fc.constant('restart' as const), node: fc.constantFrom(...NODE_IDS) }),
  fc.constant({ kind: 'replay' as const }),
  fc.constant({ kind: 'forgedEnvelope' as const }),
  fc.constant({ kind: 'forgedInvoice' as const }),
  TAMPER_ARB,
  RESEND_ARB,
);

/** Scheme 1's flaw switches: each drops a rule the implementation keeps, so the oracle refuses them by name. */
const FLAWS: readonly (keyof ProtocolConfig)[] = ['hubReusesNonceOnCancel', 'payeeReusesReceiptNonce'];

function model(variant: string, config?: unknown): ProtocolModel {
  const decoded = config === undefined ? undefined : decodeConfig(config);
  const flaw = FLAWS.find((k) => decoded?.[k] === true);
  if (flaw !== undefined)
    throw new InputError(
      `config.${flaw}`,
      'the oracle drives the implementation as specified: expected false (a flaw switch of the model)',
    );
  try {
    return buildVariant(variant, decoded);
  } catch (e) {
    throw new InputError('variant', e instanceof Error ? e.message : String(e));
  }
}

function suiteConfig(s: Suite): ProtocolConfig {
  const base = buildVariant(s.variant).ctx.config;
  return {
    ...base,
    ...s.config,
    deviating: s.deviating,
    ...(s.hubMayCrash === undefined ? {} : { hubMayCrash: s.hubMayCrash }),
  };
}

/** Where each mutant is hunted: the variant and coalition that let its bug show. */
const HUNT_CONFIG: Readonly<Record<string, Omit<Suite, 'name'>>> = {
  'hub-skips-point-check': { variant: 'scheme1-direct', deviating: ['S'] },
  'hub-buys-superseded': { variant: 'scheme1-direct', deviating: ['A'] },
  'payee-reveals-early': { variant: 'scheme1-direct', deviating: [] },
  'payer-reuses-nonce': { variant: 'scheme1-direct', deviating: ['A'] },
  'accepts-forged': { variant: 'scheme1-direct', deviating: ['S'] },
  'restart-loses-state': { variant: 'scheme1-direct', deviating: [], hubMayCrash: true },
  'watcher-asleep': { variant: 'scheme1-direct', deviating: ['S'] },
};

function huntModel(m: Mutant): ProtocolModel {
  const h = HUNT_CONFIG[m.name] ?? { variant: 'scheme1-direct', deviating: ['S'] };
  return buildVariant(h.variant, suiteConfig({ name: m.name, ...h }));
}

function driver(m: ProtocolModel, opts: { seed: number; mutant?: Mutant }): ImplDriver {
  const { config, switches } = m.ctx;
  if (config.hops > 0 && config.ptlcTimeoutBlocks !== (config.hops + 1) * config.hopDeltaBlocks) {
    throw new InputError(
      'config.ptlcTimeoutBlocks',
      `the implementation times hop i out (hops + 1 − i)·delta after the offer: ptlcTimeoutBlocks must be (hops + 1) × hopDeltaBlocks = ${(config.hops + 1) * config.hopDeltaBlocks}`,
    );
  }
  return new ImplDriver({
    seed: opts.seed,
    csvDelayBlocks: config.csvDelayBlocks,
    ptlcTimeoutBlocks: config.ptlcTimeoutBlocks,
    hops: config.hops,
    decorrelate: switches.decorrelated,
    hopDeltaBlocks: config.hopDeltaBlocks,
    receipt: switches.receipt,
    rebindMarginBlocks: config.rebindMarginBlocks,
    staleStates: staleStatesOf(config),
    deviating: config.deviating.map((p) => String(p)),
    ...(opts.mutant === undefined ? {} : { roles: opts.mutant.roles(), hooks: opts.mutant.hooks?.(opts.seed) ?? {} }),
  });
}

export const SCHEME1_BINDING: ProtocolBinding<Scheme1Types> = {
  scheme: 'scheme1',
  serves: (variant) => variant !== SCHEME2.name && VARIANTS.some((v) => v.name === variant),
  model,
  suiteConfig,
  suites: SUITES,
  actionKinds: Object.keys(ACTION_REQUIREMENTS),
  unsupportedKinds: UNSUPPORTED_ACTIONS,
  supportedKinds: SUPPORTED_ACTIONS,
  supports: (m, s, a) => implSupports(m.ctx, s, a),
  skipReason,
  driver,
  abstraction: (d, m) => abstraction(d, m.ctx),
  step: (d, m, before, a) => implStep(d, m.ctx, before, a),
  promptRefusals: (d, m, after) => promptRefusals(d, m.ctx, after, m.actions(after)),
  status: {
    model: (m, s) => modelStatus(m.ctx, s),
    impl: implStatus,
    // A crafted message (directed runs only) may be a fresh one a deviating party may send, a new proposal say,
    // which the receiver rightly takes; its runs check the refusal of the guard they aim at.
    stutter: (d, m, c) => (c.kind === 'craft' ? undefined : stutterStatus(d, m.ctx)),
  },
  refusedGuards: (d) => d.world.refusals().map((r) => r.error.guard),
  guardCases: [...SCHEME1_GUARD_CASES, ...SCHEME1_EDGE_GUARD_CASES],
  adversary: {
    codec: AdversaryCommand,
    arbitrary: adversaryArb,
    kinds: ['restart', 'replay', 'forgedEnvelope', 'forgedInvoice', 'tamper', 'resend'],
    label: stutterLabel,
    run: runAdversary,
  },
  mutants: MUTANTS,
  huntModel,
  fromItf: (m, json, where) => stateFromItf(m, json as Parameters<typeof stateFromItf>[1], where),
};
