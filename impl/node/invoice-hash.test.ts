/**
 * What B's invoice signature and the receipt message commit to, pinned byte for byte: a change to the field list
 * or its encoding would silently split implementations, so these hashes are fixed by value.
 */
import { describe, expect, it } from 'vitest';
import { invoiceSignatureValid, signInvoice, type Unsigned } from './invoice.ts';
import { receiptMsg } from './receipt.ts';
import { fromHex, toHex } from './wire.ts';

const G = '0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798';
const fields: Unsigned = {
  paymentId: '11'.repeat(32),
  payee: 'B',
  hub: 'S',
  state: 3,
  amountSat: 50_000,
  paymentPoint: G,
  expiryHeight: 144,
  tweakSum: '00'.repeat(32),
  blinded: [],
  channelId: '22'.repeat(32),
  receiptPreSig: null,
};
const secKey = fromHex('03'.padStart(64, '0'));
const payeeKey = '02f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9';

describe('the invoice and receipt commitments', () => {
  it('signs the invoice over a fixed digest of its eleven fields', () => {
    const signed = signInvoice(fields, { secKey, auxRand: new Uint8Array(32) });
    expect(signed.payeeSig).toBe(
      '5972f3145ec21aba6a2be329a500656b0e908050c329e47353acbe4b905959dbd39a6a24cf5c893985eda496d3fe98aa93f3a97c64215fa2647e9d9b0584a9bf',
    );
    expect(invoiceSignatureValid(signed, payeeKey)).toBe(true);
    expect(invoiceSignatureValid({ ...signed, receiptPreSig: '33'.repeat(65) }, payeeKey)).toBe(false);
  });

  it('derives the receipt message from the invoice without its pre-signature', () => {
    expect(toHex(receiptMsg(fields))).toBe('a0b68ddbec62adb8981e12d9feec208cbfac5b6c9367fc6a33352f4d33c6e679');
    expect(toHex(receiptMsg({ ...fields, state: 4 }))).not.toBe(toHex(receiptMsg(fields)));
  });
});
