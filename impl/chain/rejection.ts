/**
 * Why the chain refuses a transaction: one named rule per way a transaction can be invalid, with the input
 * it concerns where there is one. Every refusal the chain makes is one of these (never a bare string).
 */
import type { Outpoint } from '../tx/outpoint.ts';
import { unreachable } from '../../util/unreachable.ts';

export type Rejection =
  /** Not a well-formed spending transaction (no inputs/outputs, a coinbase, a negative or oversized value). */
  | { readonly rule: 'malformed'; readonly detail: string }
  /** Already confirmed, or already in the mempool on `submit` (same txid). */
  | { readonly rule: 'duplicate'; readonly txid: string }
  /** The outpoint never existed (or its transaction is unknown). */
  | { readonly rule: 'missing-input'; readonly input: number; readonly outpoint: Outpoint }
  /** The outpoint was already spent (on chain, earlier in the same block, in the mempool, or twice in this tx). */
  | { readonly rule: 'double-spend'; readonly input: number; readonly outpoint: Outpoint; readonly spentBy: string }
  /** Outputs are worth more than the inputs. */
  | { readonly rule: 'value-created'; readonly inputSat: bigint; readonly outputSat: bigint }
  /** nLockTime not yet final at the next block's height / the tip's median time past. */
  | { readonly rule: 'locktime-not-reached'; readonly locktime: number; readonly detail: string }
  /** A BIP-68 relative lock (nSequence) is not yet satisfied: the spent output is not old enough. */
  | { readonly rule: 'csv-not-satisfied'; readonly input: number; readonly detail: string }
  /** OP_CHECKLOCKTIMEVERIFY failed (BIP-65). */
  | { readonly rule: 'cltv-failed'; readonly input: number; readonly detail: string }
  /** OP_CHECKSEQUENCEVERIFY failed (BIP-112). */
  | { readonly rule: 'csv-failed'; readonly input: number; readonly detail: string }
  /** A signature that does not verify, or of a length no rule allows. */
  | { readonly rule: 'bad-signature'; readonly input: number; readonly detail: string }
  /** A hash type not allowed for this kind of key (e.g. ANYPREVOUT with a 32-byte key), 0x00 spelled out, or SINGLE without an output. */
  | { readonly rule: 'wrong-sighash-type'; readonly input: number; readonly hashType: number; readonly detail: string }
  /** The control block does not commit the leaf to the output key (leaf hash, merkle path, tweak, parity). */
  | { readonly rule: 'bad-taproot-commitment'; readonly input: number; readonly detail: string }
  /** An opcode the strict interpreter does not implement. */
  | { readonly rule: 'unsupported-opcode'; readonly input: number; readonly opcode: string }
  /** A spent output or leaf this chain does not interpret (non-taproot output, leaf version ≠ 0xc0, unknown key type). */
  | { readonly rule: 'unsupported-script'; readonly input: number; readonly detail: string }
  /** The script ran but did not succeed (false result, stack not clean, failed VERIFY, bad number encoding). */
  | { readonly rule: 'script-failed'; readonly input: number; readonly detail: string };

export type RejectionRule = Rejection['rule'];

/** One line naming the rule, the input and the detail. */
export function describeRejection(r: Rejection): string {
  const where = 'input' in r ? ` (input ${r.input})` : '';
  switch (r.rule) {
    case 'malformed':
      return `malformed: ${r.detail}`;
    case 'duplicate':
      return `duplicate: ${r.txid} is already confirmed or pending`;
    case 'missing-input':
      return `missing-input${where}: ${r.outpoint.txid}:${r.outpoint.vout} does not exist`;
    case 'double-spend':
      return `double-spend${where}: ${r.outpoint.txid}:${r.outpoint.vout} already spent by ${r.spentBy}`;
    case 'value-created':
      return `value-created: outputs ${r.outputSat} sat > inputs ${r.inputSat} sat`;
    case 'locktime-not-reached':
      return `locktime-not-reached: nLockTime ${r.locktime}: ${r.detail}`;
    case 'wrong-sighash-type':
      return `wrong-sighash-type${where}: 0x${r.hashType.toString(16).padStart(2, '0')}: ${r.detail}`;
    case 'unsupported-opcode':
      return `unsupported-opcode${where}: ${r.opcode}`;
    case 'csv-not-satisfied':
    case 'cltv-failed':
    case 'csv-failed':
    case 'bad-signature':
    case 'bad-taproot-commitment':
    case 'unsupported-script':
    case 'script-failed':
      return `${r.rule}${where}: ${r.detail}`;
    default:
      return unreachable(r, 'rejection');
  }
}
