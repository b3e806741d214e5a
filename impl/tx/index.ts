/**
 * impl/tx's public API: BIP-341/342/118 signature messages, taproot outputs, eltoo funding / update /
 * settlement transactions and PTLC outputs built with bitcoinjs-lib. See README.md for the output scripts.
 * Test helpers (test-vectors.ts) are not exported.
 */
export { SIGHASH, hashTypeName, inputMode, isDefinedHashType, outputMode, type KeyKind } from './hash-type.ts';
export {
  NO_CODESEP,
  TAPSCRIPT_LEAF_VERSION,
  signatureHash,
  signatureMessage,
  tapleafHash,
  type SignatureMessageInput,
  type SpendPath,
  type SpentOutput,
} from './sighash-apo.ts';
export {
  NUMS_INTERNAL_KEY,
  leafOf,
  taprootOutput,
  type TapLeaf,
  type TapLeafSpend,
  type TapTree,
  type TaprootOutput,
} from './taproot.ts';
export { keyPathOutput, signKeyPath, tweakSecKey } from './keypath.ts';
export { inputOutpoint, outpointHash, outpointKey, setInputOutpoint, type Outpoint } from './outpoint.ts';
export {
  LOCKTIME_THRESHOLD,
  MAX_STATE_NUMBER,
  bip118Key,
  ptlcClaimLeaf,
  ptlcTimeoutLeaf,
  scriptAsm,
  settlementLeaf,
  stateLocktime,
  updateLeaf,
} from './scripts.ts';
export { checkChannelParams, type EltooChannelParams } from './channel.ts';
export { buildFundingTx, fundingOutput } from './funding.ts';
export {
  UPDATE_HASH_TYPE,
  UPDATE_SEQUENCE,
  bindUpdate,
  buildUpdateTx,
  updateOutput,
  updateSighash,
  updateSpendLeaf,
  type UpdateSpendTarget,
} from './update.ts';
export {
  SETTLEMENT_HASH_TYPE,
  bindSettlement,
  buildSettlementTx,
  checkSettlementTerms,
  firstPtlcVout,
  settlementSighash,
  type Balance,
  type SettlementTerms,
} from './settlement.ts';
export {
  PTLC_SENDER_HASH_TYPE,
  PTLC_SEQUENCE,
  buildPtlcClaimTx,
  buildPtlcRefundTx,
  checkPtlcTerms,
  claimSenderSig,
  finishPtlcClaim,
  finishPtlcRefund,
  ptlcClaimSighash,
  ptlcLeaves,
  ptlcOutput,
  ptlcRefundSighash,
  type PtlcTerms,
} from './ptlc.ts';
export { parseTransaction } from './parse.ts';
export { describeTx, describeWitness, formatTx, type TxDescription, type WitnessDescription } from './describe.ts';
export { compactSize, outpoint as serializeOutpoint, txOut, u32le, u64le, varSlice } from './encoding.ts';
