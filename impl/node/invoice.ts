/**
 * B's invoice (step 5): payment id, payee, hub, state, amount, payment point T, expiry, signed by B's node key
 * over the canonical JSON of those fields (tag `APLN/node/invoice`). S checks it before buying; A checks it
 * when S shows it on A's return (step 9).
 */
import { utf8 } from '../crypto/bytes.ts';
import { schnorrSign, schnorrVerify } from '../crypto/schnorr.ts';
import { taggedHash } from '../crypto/tagged-hash.ts';
import { canonicalJson } from './canonical.ts';
import type { InvoiceFields } from './messages.ts';
import { fromHex, toHex } from './wire.ts';

/** An invoice before B signs it. */
export type Unsigned = Omit<InvoiceFields, 'payeeSig'>;

/** The invoice's terms: every field but B's two signatures (what the receipt's invoice hash commits to, R-06-11). */
export type Terms = Omit<Unsigned, 'receiptPreSig'>;

/** The terms picked out of a larger object, so that no other field can slip into a hash. */
export function termsOf(f: Terms): Terms {
  const { paymentId, payee, hub, state, amountSat, paymentPoint, expiryHeight, tweakSum, blinded, channelId } = f;
  return { paymentId, payee, hub, state, amountSat, paymentPoint, expiryHeight, tweakSum, blinded, channelId };
}

function digest(f: Unsigned): Uint8Array {
  return taggedHash('APLN/node/invoice', utf8(canonicalJson({ ...termsOf(f), receiptPreSig: f.receiptPreSig })));
}

export function signInvoice(f: Unsigned, opts: { secKey: Uint8Array; auxRand: Uint8Array }): InvoiceFields {
  return { ...f, payeeSig: toHex(schnorrSign({ secKey: opts.secKey, msg: digest(f), auxRand: opts.auxRand })) };
}

/** Is the invoice signed by `payeeKeyHex` (33-byte compressed hex)? */
export function invoiceSignatureValid(f: InvoiceFields, payeeKeyHex: string): boolean {
  return schnorrVerify({ pubKey: fromHex(payeeKeyHex).slice(1), msg: digest(f), sig: fromHex(f.payeeSig) });
}
