/**
 * impl/node's public API: the world driver, the scenarios, the demo run, the inspection API and the types the
 * oracle needs. See README.md.
 */
export {
  World,
  routeIds,
  stepCommand,
  stepMessage,
  stepTick,
  type AnyCommand,
  type AnyNode,
  type TranscriptEntry,
  type WorldConfig,
} from './world.ts';
export {
  cancellationSteps,
  runSteps,
  scheme1Steps,
  scheme2Steps,
  DEFAULT_TERMS,
  type PaymentTerms,
  type Step,
} from './scenario.ts';
export { checkDemoOptions, formatDemo, runDemo, type DemoOptions, type DemoTranscript } from './demo.ts';
export {
  balances,
  broadcastable,
  nonces,
  ptlcs,
  secrets,
  type BalanceView,
  type BroadcastableView,
  type NonceView,
  type PtlcView,
} from './inspect.ts';
export { channelTip, heldStates, type ChannelTip, type HeldState } from './onchain.ts';
export { restoreNode } from './snapshot-codecs.ts';
export { decodeEnvelope, MESSAGE_KINDS, type Envelope, type Message, type MessageKind } from './messages.ts';
export type { NodeError, NodeErrorKind } from './errors.ts';
export { GUARD_IDS, type GuardId } from './guards.ts';
export type { StepResult, StepContext } from './node.ts';
export { DEFAULT_PARAMS, type Params } from './params.ts';
export { CAPABILITIES, type Capability } from './capabilities.ts';
