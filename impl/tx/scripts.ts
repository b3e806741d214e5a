/**
 * The tapscript leaves of the eltoo and PTLC outputs. Diagram in README.md.
 *
 *   update leaf of state n:  <500000000+n+1> OP_CHECKLOCKTIMEVERIFY OP_DROP <0x01‖P> OP_CHECKSIG
 *   settlement leaf:         <csvDelayBlocks> OP_CHECKSEQUENCEVERIFY OP_DROP <0x01‖P> OP_CHECKSIG
 *   PTLC claim leaf:         <0x01‖Ks> OP_CHECKSIGVERIFY <Kr> OP_CHECKSIG
 *   PTLC timeout leaf:       <timeoutHeight> OP_CHECKLOCKTIMEVERIFY OP_DROP <Ks> OP_CHECKSIG
 *
 * P is the channel's 2-of-2 MuSig2 aggregate x-only key; `0x01‖P` is its BIP-118 form (33 bytes, first byte
 * 0x01), under which OP_CHECKSIG accepts ANYPREVOUT hash types. Ks / Kr are the PTLC sender's and receiver's
 * x-only keys.
 */
import { opcodes, script as bscript } from 'bitcoinjs-lib';
import { concatBytes, expectBytes } from '../crypto/index.ts';
import { InputError } from '../../util/input-error.ts';

/** nLockTime values from here on are times (BIP-113 median time past), below it block heights. */
export const LOCKTIME_THRESHOLD = 500_000_000;
/** The largest state number whose update leaf's CLTV operand (500000000 + n + 1) still fits nLockTime. */
export const MAX_STATE_NUMBER = 0xffffffff - LOCKTIME_THRESHOLD - 1;
/** BIP-68: bit 22 set means the relative lock is in 512-second units; we only use block-based delays. */
const BIP68_MAX_BLOCKS = 0xffff;

/** The nLockTime of update transaction n: 500000000 + n (a time in the past, used as a state number). */
export function stateLocktime(stateNumber: number): number {
  checkState(stateNumber);
  return LOCKTIME_THRESHOLD + stateNumber;
}

/** BIP-118 public key: `0x01 ‖ x-only key` (33 bytes). */
export function bip118Key(xonly: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.of(0x01), expectBytes('bip118Key', xonly, 32));
}

/** The update leaf of state n: spendable by any update transaction with nLockTime ≥ 500000000 + n + 1. */
export function updateLeaf(opts: { readonly channelKey: Uint8Array; readonly stateNumber: number }): Uint8Array {
  checkState(opts.stateNumber);
  return bscript.compile([
    bscript.number.encode(LOCKTIME_THRESHOLD + opts.stateNumber + 1),
    opcodes.OP_CHECKLOCKTIMEVERIFY,
    opcodes.OP_DROP,
    bip118Key(opts.channelKey),
    opcodes.OP_CHECKSIG,
  ]);
}

/** The settlement leaf: spendable after `csvDelayBlocks` blocks (relative, BIP-68/112). Same for every state. */
export function settlementLeaf(opts: { readonly channelKey: Uint8Array; readonly csvDelayBlocks: number }): Uint8Array {
  checkCsv(opts.csvDelayBlocks);
  return bscript.compile([
    bscript.number.encode(opts.csvDelayBlocks),
    opcodes.OP_CHECKSEQUENCEVERIFY,
    opcodes.OP_DROP,
    bip118Key(opts.channelKey),
    opcodes.OP_CHECKSIG,
  ]);
}

/** The PTLC claim leaf: the sender's (BIP-118, pre-signed as an adaptor signature) and the receiver's signatures. */
export function ptlcClaimLeaf(opts: { readonly senderKey: Uint8Array; readonly receiverKey: Uint8Array }): Uint8Array {
  return bscript.compile([
    bip118Key(opts.senderKey),
    opcodes.OP_CHECKSIGVERIFY,
    expectBytes('receiverKey', opts.receiverKey, 32),
    opcodes.OP_CHECKSIG,
  ]);
}

/** The PTLC timeout leaf: the sender alone, once the chain is at `timeoutHeight` (absolute, CLTV). */
export function ptlcTimeoutLeaf(opts: { readonly senderKey: Uint8Array; readonly timeoutHeight: number }): Uint8Array {
  checkHeight(opts.timeoutHeight);
  return bscript.compile([
    bscript.number.encode(opts.timeoutHeight),
    opcodes.OP_CHECKLOCKTIMEVERIFY,
    opcodes.OP_DROP,
    expectBytes('senderKey', opts.senderKey, 32),
    opcodes.OP_CHECKSIG,
  ]);
}

/** Human-readable script: bitcoinjs-lib's ASM, with BIP-65/112 names instead of OP_NOP2/OP_NOP3. */
export function scriptAsm(script: Uint8Array): string {
  return bscript
    .toASM(script)
    .split(' ')
    .map((w) => (w === 'OP_NOP2' ? 'OP_CHECKLOCKTIMEVERIFY' : w === 'OP_NOP3' ? 'OP_CHECKSEQUENCEVERIFY' : w))
    .join(' ');
}

function checkState(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_STATE_NUMBER) {
    throw new InputError('stateNumber', `${n} is not an integer in [0, ${MAX_STATE_NUMBER}]`);
  }
}

export function checkCsv(blocks: number): void {
  if (!Number.isSafeInteger(blocks) || blocks < 1 || blocks > BIP68_MAX_BLOCKS) {
    throw new InputError('csvDelayBlocks', `${blocks} is not an integer in [1, ${BIP68_MAX_BLOCKS}]`);
  }
}

export function checkHeight(h: number): void {
  if (!Number.isSafeInteger(h) || h < 1 || h >= LOCKTIME_THRESHOLD) {
    throw new InputError('timeoutHeight', `${h} is not a block height in [1, ${LOCKTIME_THRESHOLD})`);
  }
}
