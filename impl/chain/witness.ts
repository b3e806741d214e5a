/**
 * Validates one input's witness against the taproot output it spends (BIP-341): a key-path spend (one
 * signature under the output key) or a script-path spend (stack, leaf script, control block), with the
 * optional annex removed first. Only taproot (witness v1, 32-byte program) outputs are spendable here.
 */
import type { Transaction } from 'bitcoinjs-lib';
import type { SpentOutput } from '../tx/sighash-apo.ts';
import { TAPSCRIPT_LEAF_VERSION } from '../tx/sighash-apo.ts';
import type { Rejection } from './rejection.ts';
import { checkSignature } from './signature-check.ts';
import { verifyTaprootCommitment } from './taproot-commitment.ts';
import { runTapscript } from './tapscript.ts';

const ANNEX_TAG = 0x50;

/** The 32-byte output key of a P2TR scriptPubKey `OP_1 0x20 <q>`, or undefined for any other script. */
export function taprootOutputKey(script: Uint8Array): Uint8Array | undefined {
  return script.length === 34 && script[0] === 0x51 && script[1] === 0x20 ? script.slice(2) : undefined;
}

export function verifyInput(ctx: {
  readonly tx: Transaction;
  readonly inputIndex: number;
  readonly prevouts: readonly SpentOutput[];
}): Rejection | undefined {
  const { tx, inputIndex: input, prevouts } = ctx;
  const prevout = prevouts[input]!;
  const outputKey = taprootOutputKey(prevout.script);
  if (outputKey === undefined)
    return { rule: 'unsupported-script', input, detail: 'the spent output is not a taproot (witness v1) output' };
  if (tx.ins[input]!.script.length !== 0)
    return { rule: 'script-failed', input, detail: 'a witness spend must have an empty scriptSig' };
  let stack = [...tx.ins[input]!.witness];
  if (stack.length === 0) return { rule: 'script-failed', input, detail: 'empty witness' };
  // BIP-341: with two or more elements, a last element starting 0x50 is the annex; it is removed.
  let annex: Uint8Array | undefined;
  if (stack.length >= 2 && stack[stack.length - 1]![0] === ANNEX_TAG) {
    annex = stack[stack.length - 1]!;
    stack = stack.slice(0, -1);
  }
  if (stack.length === 1) {
    // Key path: the one element is a signature for the output key q.
    return checkSignature(
      { tx, inputIndex: input, prevouts, annex },
      { sig: stack[0]!, pubKey: outputKey, keyKind: 'taproot-key-path', path: { kind: 'key' } },
    );
  }
  // Script path: the last element is the control block c, the one before it the script s.
  const controlBlock = stack[stack.length - 1]!;
  const leafScript = stack[stack.length - 2]!;
  const commitment = verifyTaprootCommitment({ outputKey, script: leafScript, controlBlock });
  if (!commitment.ok) return { rule: 'bad-taproot-commitment', input, detail: commitment.detail };
  if (commitment.leafVersion !== TAPSCRIPT_LEAF_VERSION) {
    return {
      rule: 'unsupported-script',
      input,
      detail: `leaf version 0x${commitment.leafVersion.toString(16)} (only tapscript 0xc0 is interpreted)`,
    };
  }
  return runTapscript(
    {
      tx,
      inputIndex: input,
      prevouts,
      annex,
      leafScript,
      leafVersion: commitment.leafVersion,
      internalKey: commitment.internalKey,
    },
    stack.slice(0, -2),
  );
}
