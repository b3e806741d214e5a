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

function digest(f: Unsigned): Uint8Array {
  const {
    paymentId,
    payee,
    hub,
    state,
    amountSat,
    paymentPoint,
    expiryHeight,
    tweakSum,
    blinded,
    channelId,
    receiptPreSig,
  } = f;
  return taggedHash(
    'APLN/node/invoice',
    utf8(
      canonicalJson({
        paymentId,
        payee,
        hub,
        state,
        amountSat,
        paymentPoint,
        expiryHeight,
        tweakSum,
        blinded,
        channelId,
        receiptPreSig,
      }),
    ),
  );
}

export function signInvoice(f: Unsigned, opts: { secKey: Uint8Array; auxRand: Uint8Array }): InvoiceFields {
  return { ...f, payeeSig: toHex(schnorrSign({ secKey: opts.secKey, msg: digest(f), auxRand: opts.auxRand })) };
}

/** Is the invoice signed by `payeeKeyHex` (33-byte compressed hex)? */
export function invoiceSignatureValid(f: InvoiceFields, payeeKeyHex: string): boolean {
  return schnorrVerify({ pubKey: fromHex(payeeKeyHex).slice(1), msg: digest(f), sig: fromHex(f.payeeSig) });
}
