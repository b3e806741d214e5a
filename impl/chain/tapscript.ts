/**
 * A tiny, strict tapscript (BIP-342) interpreter for the opcodes impl/tx's leaves use: data pushes,
 * OP_0/OP_1NEGATE/OP_1..OP_16, OP_DROP, OP_VERIFY, OP_CHECKSIG, OP_CHECKSIGVERIFY, OP_CHECKSIGADD,
 * OP_NUMEQUAL, OP_NUMEQUALVERIFY, OP_CHECKLOCKTIMEVERIFY (BIP-65), OP_CHECKSEQUENCEVERIFY (BIP-112).
 * Any other opcode is refused as `unsupported-opcode` (stricter than Bitcoin, where OP_SUCCESSx succeed).
 *
 * Public keys for the signature opcodes (BIP-342 + BIP-118):
 *   - empty: fail;
 *   - 32 bytes: a BIP-342 key (key_version 0x00, BIP-341 hash types);
 *   - 33 bytes starting 0x01, or the single byte 0x01 (= the internal key): a BIP-118 key (key_version 0x01,
 *     ANYPREVOUT / ANYPREVOUTANYSCRIPT allowed);
 *   - anything else: refused as `unsupported-script` (Bitcoin would treat it as an unknown, always-valid key
 *     type; here it is an error, so a typo cannot pass).
 * An empty signature pushes false without a check; a non-empty signature that fails aborts the script
 * (BIP-342). At the end exactly one true element must remain (BIP-342 clean stack).
 */
import type { Transaction } from 'bitcoinjs-lib';
import { opcodes, script as bscript } from 'bitcoinjs-lib';
import { LOCKTIME_THRESHOLD } from '../tx/scripts.ts';
import type { SpentOutput } from '../tx/sighash-apo.ts';
import type { KeyKind } from '../tx/hash-type.ts';
import { SEQUENCE_DISABLE_FLAG, SEQUENCE_FINAL, SEQUENCE_MASK, SEQUENCE_TYPE_FLAG } from './locks.ts';
import type { Rejection } from './rejection.ts';
import { checkSignature } from './signature-check.ts';

export interface TapscriptContext {
  readonly tx: Transaction;
  readonly inputIndex: number;
  readonly prevouts: readonly SpentOutput[];
  readonly annex: Uint8Array | undefined;
  readonly leafScript: Uint8Array;
  readonly leafVersion: number;
  /** From the control block: what the 1-byte BIP-118 key 0x01 stands for. */
  readonly internalKey: Uint8Array;
}

const OPCODE_NAMES: ReadonlyMap<number, string> = new Map(
  Object.entries(opcodes).flatMap(([name, code]): [number, string][] =>
    typeof code === 'number' ? [[code, name]] : [],
  ),
);

function opName(op: number): string {
  return OPCODE_NAMES.get(op) ?? `0x${op.toString(16).padStart(2, '0')}`;
}

/** CastToBool: false for any encoding of zero, including negative zero. */
function isTrue(v: Uint8Array): boolean {
  for (let i = 0; i < v.length; i++) {
    if (v[i] !== 0) return !(i === v.length - 1 && v[i] === 0x80);
  }
  return false;
}

const TRUE = Uint8Array.of(1);
const FALSE = new Uint8Array(0);

class ScriptError extends Error {
  constructor(readonly rejection: Rejection) {
    super('script');
  }
}

/** Runs `ctx.leafScript` on `stack` (the witness items below the script and control block). */
export function runTapscript(ctx: TapscriptContext, initialStack: readonly Uint8Array[]): Rejection | undefined {
  const input = ctx.inputIndex;
  const fail = (detail: string): never => {
    throw new ScriptError({ rule: 'script-failed', input, detail });
  };
  const chunks = bscript.decompile(ctx.leafScript);
  if (chunks === null) return { rule: 'script-failed', input, detail: 'the leaf script does not parse' };
  const stack: Uint8Array[] = [...initialStack];
  const pop = (what: string): Uint8Array => stack.pop() ?? fail(`stack empty: ${what} needed`);
  const top = (what: string): Uint8Array => stack[stack.length - 1] ?? fail(`stack empty: ${what} needed`);
  const num = (v: Uint8Array, what: string, maxLen = 4): number => {
    try {
      return bscript.number.decode(v, maxLen, true);
    } catch (e) {
      return fail(`${what}: not a minimal number of at most ${maxLen} bytes (${(e as Error).message})`);
    }
  };
  const sigOk = (sig: Uint8Array, pubKey: Uint8Array): boolean => {
    if (pubKey.length === 0) fail('empty public key');
    let keyKind: KeyKind;
    let xonly: Uint8Array;
    if (pubKey.length === 32) {
      keyKind = 'bip342';
      xonly = pubKey;
    } else if (pubKey.length === 33 && pubKey[0] === 0x01) {
      keyKind = 'bip118';
      xonly = pubKey.slice(1);
    } else if (pubKey.length === 1 && pubKey[0] === 0x01) {
      keyKind = 'bip118';
      xonly = ctx.internalKey;
    } else {
      throw new ScriptError({
        rule: 'unsupported-script',
        input,
        detail: `unknown public key type (${pubKey.length} bytes, first byte 0x${(pubKey[0] ?? 0).toString(16)})`,
      });
    }
    if (sig.length === 0) return false;
    const r = checkSignature(ctx, {
      sig,
      pubKey: xonly,
      keyKind,
      path: {
        kind: 'script',
        leafScript: ctx.leafScript,
        leafVersion: ctx.leafVersion,
        keyVersion: keyKind === 'bip118' ? 1 : 0,
      },
    });
    if (r !== undefined) throw new ScriptError(r);
    return true;
  };
  try {
    for (const chunk of chunks) {
      if (chunk instanceof Uint8Array) {
        stack.push(chunk);
        continue;
      }
      const op = chunk;
      if (op === opcodes.OP_0) stack.push(FALSE);
      else if (op === opcodes.OP_1NEGATE) stack.push(Uint8Array.of(0x81));
      else if (op >= opcodes.OP_1 && op <= opcodes.OP_16) stack.push(bscript.number.encode(op - opcodes.OP_1 + 1));
      else if (op === opcodes.OP_DROP) pop('OP_DROP operand');
      else if (op === opcodes.OP_VERIFY) {
        if (!isTrue(pop('OP_VERIFY operand'))) fail('OP_VERIFY on false');
      } else if (op === opcodes.OP_CHECKSIG || op === opcodes.OP_CHECKSIGVERIFY) {
        const pubKey = pop('public key');
        const sig = pop('signature');
        const ok = sigOk(sig, pubKey);
        if (op === opcodes.OP_CHECKSIG) stack.push(ok ? TRUE : FALSE);
        else if (!ok) fail('OP_CHECKSIGVERIFY with an empty signature');
      } else if (op === opcodes.OP_CHECKSIGADD) {
        const pubKey = pop('public key');
        const n = num(pop('OP_CHECKSIGADD counter'), 'OP_CHECKSIGADD counter');
        const sig = pop('signature');
        stack.push(bscript.number.encode(n + (sigOk(sig, pubKey) ? 1 : 0)));
      } else if (op === opcodes.OP_NUMEQUAL || op === opcodes.OP_NUMEQUALVERIFY) {
        const b = num(pop('number'), 'OP_NUMEQUAL operand');
        const a = num(pop('number'), 'OP_NUMEQUAL operand');
        if (op === opcodes.OP_NUMEQUAL) stack.push(a === b ? TRUE : FALSE);
        else if (a !== b) fail(`OP_NUMEQUALVERIFY: ${a} ≠ ${b}`);
      } else if (op === opcodes.OP_CHECKLOCKTIMEVERIFY) {
        const r = cltv(ctx, num(top('CLTV operand'), 'CLTV operand', 5));
        if (r !== undefined) throw new ScriptError({ rule: 'cltv-failed', input, detail: r });
      } else if (op === opcodes.OP_CHECKSEQUENCEVERIFY) {
        const r = csv(ctx, num(top('CSV operand'), 'CSV operand', 5));
        if (r !== undefined) throw new ScriptError({ rule: 'csv-failed', input, detail: r });
      } else {
        throw new ScriptError({ rule: 'unsupported-opcode', input, opcode: opName(op) });
      }
    }
    // BIP-342: the script must leave exactly one element, and it must be true.
    if (stack.length !== 1) fail(`the script left ${stack.length} stack elements, not exactly 1`);
    if (!isTrue(stack[0]!)) fail('the script left false');
    return undefined;
  } catch (e) {
    if (e instanceof ScriptError) return e.rejection;
    throw e;
  }
}

/** BIP-65 CheckLockTime; returns why it fails, or undefined. */
function cltv(ctx: TapscriptContext, operand: number): string | undefined {
  if (operand < 0) return `negative operand ${operand}`;
  const lt = ctx.tx.locktime;
  // Both must be heights or both times.
  if (operand < LOCKTIME_THRESHOLD !== lt < LOCKTIME_THRESHOLD) {
    return `operand ${operand} and nLockTime ${lt} are not both heights or both times`;
  }
  if (operand > lt) return `nLockTime ${lt} is below the script's ${operand}`;
  // The input must not be final, or nLockTime would not be enforced.
  if (ctx.tx.ins[ctx.inputIndex]!.sequence === SEQUENCE_FINAL)
    return 'the input has nSequence 0xffffffff, so nLockTime is not enforced';
  return undefined;
}

/** BIP-112 CheckSequence; returns why it fails, or undefined. */
function csv(ctx: TapscriptContext, operand: number): string | undefined {
  if (operand < 0) return `negative operand ${operand}`;
  // The operand's disable flag makes OP_CSV a no-op.
  if ((operand & SEQUENCE_DISABLE_FLAG) !== 0) return undefined;
  if (ctx.tx.version < 2) return `transaction version ${ctx.tx.version} < 2 has no relative locks`;
  const seq = ctx.tx.ins[ctx.inputIndex]!.sequence;
  if ((seq & SEQUENCE_DISABLE_FLAG) !== 0)
    return `the input's nSequence 0x${seq.toString(16)} has the disable flag set`;
  if ((operand & SEQUENCE_TYPE_FLAG) !== (seq & SEQUENCE_TYPE_FLAG))
    return 'operand and nSequence are not both heights or both times';
  if ((operand & SEQUENCE_MASK) > (seq & SEQUENCE_MASK)) {
    return `nSequence's relative lock ${seq & SEQUENCE_MASK} is below the script's ${operand & SEQUENCE_MASK}`;
  }
  return undefined;
}
