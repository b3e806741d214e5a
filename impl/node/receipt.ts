/**
 * The receipt variant (spec 06 §2, proof of payment): B pre-signs a receipt under its node key, encrypted to
 * Y = T + T_S (T = s_A·G, T_S = S's partial-signature point on U(n+1)); S can complete it only with
 * y = s_A + s_S, i.e. only after the sale, and shows A the completed BIP-340 signature in the state proof.
 *
 *   receipt_msg = hash_apln/receipt(invoice_hash || cbytes(T) || u64 amount || channel_id || u32 state)   (R-06-11)
 *   invoice_hash = sha256 of the canonical JSON of the invoice's other fields (no receipt, no signature)
 */
import { sha256 } from '../crypto/setup.ts';
import { concatBytes, utf8 } from '../crypto/bytes.ts';
import { taggedHash } from '../crypto/tagged-hash.ts';
import { canonicalJson } from './canonical.ts';
import { type Terms, termsOf } from './invoice.ts';
import { fromHex } from './wire.ts';

const RECEIPT_TAG = 'apln/receipt';

function u64be(n: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(n));
  return out;
}

function u32be(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n);
  return out;
}

/** The receipt message of a sale: it names exactly one invoice, point, amount, channel and state. */
export function receiptMsg(inv: Terms): Uint8Array {
  const { paymentPoint, amountSat, channelId, state } = inv;
  const invoiceHash = sha256(utf8(canonicalJson(termsOf(inv))));
  return taggedHash(
    RECEIPT_TAG,
    concatBytes(invoiceHash, fromHex(paymentPoint), u64be(amountSat), fromHex(channelId), u32be(state)),
  );
}
