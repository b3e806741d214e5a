/**
 * Signature hash types (BIP-341 "hash_type", BIP-118 additions) and which of them each kind of key accepts.
 *
 * | value | name |
 * | --- | --- |
 * | 0x00 | SIGHASH_DEFAULT (64-byte signature; means ALL) |
 * | 0x01 / 0x02 / 0x03 | ALL / NONE / SINGLE |
 * | 0x81 / 0x82 / 0x83 | ALL / NONE / SINGLE \| ANYONECANPAY |
 * | 0x41 / 0x42 / 0x43 | ALL / NONE / SINGLE \| ANYPREVOUT (BIP-118 keys only) |
 * | 0xc1 / 0xc2 / 0xc3 | ALL / NONE / SINGLE \| ANYPREVOUTANYSCRIPT (BIP-118 keys only) |
 */
export const SIGHASH = {
  DEFAULT: 0x00,
  ALL: 0x01,
  NONE: 0x02,
  SINGLE: 0x03,
  ANYONECANPAY: 0x80,
  /** BIP-118: `SIGHASH_ANYPREVOUT = 0x40`. */
  ANYPREVOUT: 0x40,
  /** BIP-118: `SIGHASH_ANYPREVOUTANYSCRIPT = 0xc0`. */
  ANYPREVOUTANYSCRIPT: 0xc0,
  /** The hash types eltoo uses: update signatures rebind to any earlier state, settlement to one state's output. */
  ALL_ANYPREVOUT: 0x41,
  ALL_ANYPREVOUTANYSCRIPT: 0xc1,
} as const;

/** The kind of public key a signature is checked against, which decides the allowed hash types. */
export type KeyKind = 'taproot-key-path' | 'bip342' | 'bip118';

const BIP341_TYPES: readonly number[] = [0x00, 0x01, 0x02, 0x03, 0x81, 0x82, 0x83];
// BIP-118 "Signature message": undefined hash types fail; these are defined for BIP-118 public keys.
const BIP118_TYPES: readonly number[] = [...BIP341_TYPES, 0x41, 0x42, 0x43, 0xc1, 0xc2, 0xc3];

/** Whether `hashType` is defined for this kind of key (BIP-341 "Signature validation rules", BIP-118). */
export function isDefinedHashType(hashType: number, opts: { keyKind: KeyKind }): boolean {
  return (opts.keyKind === 'bip118' ? BIP118_TYPES : BIP341_TYPES).includes(hashType);
}

/** The output part: `hash_type & 3` (0 and 1 both mean ALL). */
export function outputMode(hashType: number): 'all' | 'none' | 'single' {
  const low = hashType & 3;
  return low === SIGHASH.NONE ? 'none' : low === SIGHASH.SINGLE ? 'single' : 'all';
}

/** The input part: `hash_type & 0xc0` (ANYONECANPAY 0x80, ANYPREVOUT 0x40, ANYPREVOUTANYSCRIPT 0xc0). */
export function inputMode(hashType: number): 'all' | 'anyonecanpay' | 'anyprevout' | 'anyprevoutanyscript' {
  const high = hashType & 0xc0;
  if (high === SIGHASH.ANYPREVOUTANYSCRIPT) return 'anyprevoutanyscript';
  if (high === SIGHASH.ANYPREVOUT) return 'anyprevout';
  if (high === SIGHASH.ANYONECANPAY) return 'anyonecanpay';
  return 'all';
}

/** A short name for messages and test labels, e.g. `0xc1 ALL|ANYPREVOUTANYSCRIPT`. */
export function hashTypeName(hashType: number): string {
  const hex = `0x${hashType.toString(16).padStart(2, '0')}`;
  if (hashType === 0) return `${hex} DEFAULT`;
  const out = outputMode(hashType).toUpperCase();
  const inp = inputMode(hashType);
  return `${hex} ${out}${inp === 'all' ? '' : `|${inp.toUpperCase()}`}`;
}
