/**
 * S buys without checking the point: an invoice signed by B whose payment point is not the partial-signature
 * point of s_A is taken as if it were (the mutant re-signs the invoice with the expected point under a key it
 * swaps into S's directory for the call, which is exactly "the comparison is skipped").
 */
import { updatePartialSigPoint } from '../../../impl/node/eltoo-sign.ts';
import { hubRole } from '../../../impl/node/hub.ts';
import { invoiceSignatureValid, signInvoice } from '../../../impl/node/invoice.ts';
import { nodeKeys } from '../../../impl/node/node.ts';
import { toHex } from '../../../impl/node/wire.ts';
import { hubInvoiceMutant } from './hub-invoice-mutant.ts';

const MUTANT_SEED = '11'.repeat(32);

export const hubSkipsPointCheck = hubInvoiceMutant({
  name: 'hub-skips-point-check',
  description: "S buys without checking that the invoice's point is the partial-signature point of s_A (R-02-16)",
  onInvoice(draft, env, ctx, { body, ch, p }) {
    const payeeKey = draft.directory[body.payee];
    if (p.status !== 'settled' || payeeKey === undefined || !invoiceSignatureValid(body, payeeKey.node))
      return undefined;
    const expected = updatePartialSigPoint({ ch, p, side: 'party' });
    if (body.paymentPoint === expected) return undefined;
    const keys = nodeKeys(MUTANT_SEED);
    const { kind: _k, payeeSig: _s, ...fields } = body;
    const patched = signInvoice(
      { ...fields, paymentPoint: expected },
      { secKey: keys.secKey, auxRand: new Uint8Array(32) },
    );
    draft.directory[body.payee] = { ...payeeKey, node: toHex(keys.compressed) };
    const out = hubRole.onMessage(draft, { ...env, body: { kind: 'Invoice', ...patched } }, ctx);
    draft.directory[body.payee] = payeeKey;
    return out;
  },
});
