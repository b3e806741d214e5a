/**
 * What the demo prints for a transaction: its raw hex and id, and for each input what spending it needs
 * checked — the spent output (amount, scriptPubKey), the witness taken apart (signature and hash type, or
 * stack, tapleaf script with its ASM and leaf hash, and the control block's fields), the timelock meaning of
 * nLockTime and nSequence. Plain JSON-safe data (amounts as decimal strings); `formatTx` renders it as text.
 */
import type { Transaction } from 'bitcoinjs-lib';
import { bytesToHex } from '../crypto/index.ts';
import { hashTypeName } from './hash-type.ts';
import { inputOutpoint, outpointKey } from './outpoint.ts';
import { LOCKTIME_THRESHOLD, scriptAsm } from './scripts.ts';
import { tapleafHash, type SpentOutput } from './sighash-apo.ts';

export type WitnessDescription =
  | { readonly kind: 'empty' }
  | { readonly kind: 'key-path'; readonly signature: string; readonly hashType: string }
  | {
      readonly kind: 'script-path';
      /** Witness items below the script, bottom first; signatures annotated with their hash type. */
      readonly stack: readonly string[];
      readonly leafScript: string;
      readonly leafAsm: string;
      readonly leafHash: string;
      readonly controlBlock: {
        readonly hex: string;
        readonly leafVersion: string;
        readonly outputKeyParity: number;
        readonly internalKey: string;
        readonly merklePath: readonly string[];
      };
    };

export interface TxDescription {
  readonly txid: string;
  readonly hex: string;
  readonly version: number;
  readonly locktime: number;
  readonly locktimeMeaning: string;
  readonly inputs: readonly {
    readonly outpoint: string;
    readonly sequence: string;
    readonly sequenceMeaning: string;
    readonly spent: { readonly valueSat: string; readonly scriptPubKey: string } | null;
    readonly witness: WitnessDescription;
  }[];
  readonly outputs: readonly { readonly valueSat: string; readonly scriptPubKey: string }[];
}

function locktimeMeaning(lt: number): string {
  if (lt === 0) return 'none';
  if (lt >= LOCKTIME_THRESHOLD)
    return `time ${lt} (eltoo state number ${lt - LOCKTIME_THRESHOLD} when used as 500000000 + n)`;
  return `block height ${lt} (valid in blocks above it)`;
}

function sequenceMeaning(seq: number): string {
  if (seq === 0xffffffff) return 'final (nLockTime not enforced for this input)';
  if ((seq & 0x80000000) !== 0) return 'no relative lock (BIP-68 disabled); nLockTime enforced';
  if ((seq & 0x00400000) !== 0) return `relative lock ${(seq & 0xffff) * 512} s (BIP-68)`;
  return `relative lock ${seq & 0xffff} blocks (BIP-68 / CSV)`;
}

function sigLabel(item: Uint8Array): string {
  const hex = bytesToHex(item);
  if (item.length === 64) return `${hex} (signature, ${hashTypeName(0)})`;
  if (item.length === 65) return `${hex} (signature, ${hashTypeName(item[64]!)})`;
  return hex;
}

export function describeWitness(witness: readonly Uint8Array[]): WitnessDescription {
  const items = witness.length >= 2 && witness[witness.length - 1]![0] === 0x50 ? witness.slice(0, -1) : witness;
  if (items.length === 0) return { kind: 'empty' };
  if (items.length === 1) {
    const sig = items[0]!;
    return {
      kind: 'key-path',
      signature: bytesToHex(sig.slice(0, 64)),
      hashType: hashTypeName(sig.length === 65 ? sig[64]! : 0),
    };
  }
  const cb = items[items.length - 1]!;
  const script = items[items.length - 2]!;
  const leafVersion = (cb[0] ?? 0) & 0xfe;
  const path: string[] = [];
  for (let i = 33; i + 32 <= cb.length; i += 32) path.push(bytesToHex(cb.slice(i, i + 32)));
  let asm: string;
  try {
    asm = scriptAsm(script);
  } catch {
    asm = '(does not parse)';
  }
  return {
    kind: 'script-path',
    stack: items.slice(0, -2).map(sigLabel),
    leafScript: bytesToHex(script),
    leafAsm: asm,
    leafHash: bytesToHex(tapleafHash({ script, leafVersion })),
    controlBlock: {
      hex: bytesToHex(cb),
      leafVersion: `0x${leafVersion.toString(16)}`,
      outputKeyParity: (cb[0] ?? 0) & 1,
      internalKey: bytesToHex(cb.slice(1, 33)),
      merklePath: path,
    },
  };
}

/** Describes `tx`; `prevouts[i]` (when known) is the output input i spends. */
export function describeTx(
  tx: Transaction,
  opts: { readonly prevouts?: readonly (SpentOutput | undefined)[] } = {},
): TxDescription {
  return {
    txid: tx.getId(),
    hex: tx.toHex(),
    version: tx.version,
    locktime: tx.locktime,
    locktimeMeaning: locktimeMeaning(tx.locktime),
    inputs: tx.ins.map((input, i) => {
      const p = opts.prevouts?.[i];
      return {
        outpoint: outpointKey(inputOutpoint(tx, i)),
        sequence: `0x${input.sequence.toString(16).padStart(8, '0')}`,
        sequenceMeaning: sequenceMeaning(input.sequence),
        spent: p === undefined ? null : { valueSat: p.value.toString(), scriptPubKey: bytesToHex(p.script) },
        witness: describeWitness(input.witness),
      };
    }),
    outputs: tx.outs.map((o) => ({ valueSat: o.value.toString(), scriptPubKey: bytesToHex(o.script) })),
  };
}

/** Multi-line text rendering of `describeTx`. */
export function formatTx(d: TxDescription, opts: { readonly title?: string } = {}): string {
  const lines: string[] = [];
  lines.push(`${opts.title ?? 'tx'} ${d.txid}`);
  lines.push(`  version ${d.version}, nLockTime ${d.locktime}: ${d.locktimeMeaning}`);
  d.inputs.forEach((inp, i) => {
    lines.push(`  input ${i}: spends ${inp.outpoint}, nSequence ${inp.sequence}: ${inp.sequenceMeaning}`);
    if (inp.spent !== null)
      lines.push(`    spent output: ${inp.spent.valueSat} sat, scriptPubKey ${inp.spent.scriptPubKey}`);
    const w = inp.witness;
    if (w.kind === 'key-path') lines.push(`    key path: signature ${w.signature} (${w.hashType})`);
    else if (w.kind === 'script-path') {
      w.stack.forEach((s, j) => lines.push(`    stack[${j}]: ${s}`));
      lines.push(`    tapleaf: ${w.leafAsm}`);
      lines.push(`    leaf hash ${w.leafHash}`);
      lines.push(
        `    control block: leaf version ${w.controlBlock.leafVersion}, parity ${w.controlBlock.outputKeyParity}, internal key ${w.controlBlock.internalKey}, path [${w.controlBlock.merklePath.join(', ')}]`,
      );
    } else lines.push('    no witness');
  });
  d.outputs.forEach((o, i) => lines.push(`  output ${i}: ${o.valueSat} sat to ${o.scriptPubKey}`));
  lines.push(`  raw ${d.hex}`);
  return lines.join('\n');
}
