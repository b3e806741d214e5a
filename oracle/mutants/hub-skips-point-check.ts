/**
 * S buys without checking the point: an invoice signed by B whose payment point is not the partial-signature
 * point of s_A is taken as if it were (the mutant re-signs the invoice with the expected point under a key it
 * swaps into S's directory for the call, which is exactly "the comparison is skipped").
 */
import { findProposal } from '../../impl/node/channel.ts';
import { updatePartialSigPoint } from '../../impl/node/eltoo-sign.ts';
import { hubRole, type HubSnapshot, type HubCommand } from '../../impl/node/hub.ts';
import type { Role } from '../../impl/node/node.ts';
import { invoiceSignatureValid, signInvoice } from '../../impl/node/invoice.ts';
import { nodeKeys } from '../../impl/node/node.ts';
import { HONEST_ROLES } from '../driver.ts';
import type { Mutant } from './mutant.ts';

const MUTANT_SEED = '11'.repeat(32);

export const hubSkipsPointCheck: Mutant = {
  name: 'hub-skips-point-check',
  description: "S buys without checking that the invoice's point is the partial-signature point of s_A (R-02-16)",
  roles: () => ({
    ...HONEST_ROLES,
    hub: <Role<HubSnapshot, HubCommand>>{
      ...hubRole,
      onMessage(draft, env, ctx) {
        const body = env.body;
        if (body.kind !== 'Invoice') return hubRole.onMessage(draft, env, ctx);
        const ch = draft.channels.find((c) => c.proposals.some((p) => p.sessionId === body.paymentId && p.purpose === 'async'));
        const p = ch === undefined ? undefined : findProposal(ch, body.state);
        const payeeKey = draft.directory[body.payee];
        if (ch === undefined || p === undefined || p.status !== 'settled' || payeeKey === undefined || !invoiceSignatureValid(body, payeeKey)) {
          return hubRole.onMessage(draft, env, ctx);
        }
        const expected = updatePartialSigPoint({ ch, p, side: 'party' });
        if (body.paymentPoint === expected) return hubRole.onMessage(draft, env, ctx);
        const keys = nodeKeys(MUTANT_SEED);
        const { kind: _k, payeeSig: _s, ...fields } = body;
        const patched = signInvoice({ ...fields, paymentPoint: expected }, { secKey: keys.secKey, auxRand: new Uint8Array(32) });
        draft.directory[body.payee] = Array.from(keys.compressed, (b) => b.toString(16).padStart(2, '0')).join('');
        const out = hubRole.onMessage(draft, { ...env, body: { kind: 'Invoice', ...patched } }, ctx);
        draft.directory[body.payee] = payeeKey;
        return out;
      },
    },
  }),
};
