/**
 * impl/chain's public API: the deterministic, validating simulated chain. See README.md.
 * Test fixtures (test-fixtures.ts) are not exported.
 */
export { Chain, type BlockResult, type CheckResult, type Coin, type ConfirmResult } from './chain.ts';
export { describeRejection, type Rejection, type RejectionRule } from './rejection.ts';
export { linearClock, type ChainClock } from './time.ts';
export {
  SEQUENCE_DISABLE_FLAG,
  SEQUENCE_FINAL,
  SEQUENCE_MASK,
  SEQUENCE_TYPE_FLAG,
  checkFinality,
  checkSequenceLocks,
} from './locks.ts';
export { verifyTaprootCommitment, type CommitmentResult } from './taproot-commitment.ts';
export { runTapscript, type TapscriptContext } from './tapscript.ts';
export { taprootOutputKey, verifyInput } from './witness.ts';
