/** A node accepts a forged message: an envelope whose signature does not verify is processed anyway. */
import { envelopeSignatureValid, signEnvelope } from '../../../impl/node/envelope.ts';
import { decodeEnvelope } from '../../../impl/node/messages.ts';
import { nodeKeys } from '../../../impl/node/node.ts';
import { HONEST_ROLES } from '../driver.ts';
import type { Mutant } from './mutant.ts';

export const acceptsForged: Mutant = {
  name: 'accepts-forged',
  description:
    "nodes skip the envelope signature check (the mutant re-signs a forged envelope with the claimed sender's key)",
  roles: () => HONEST_ROLES,
  hooks: () => ({
    beforeReceive: ({ driver, to, raw }) => {
      const decoded = decodeEnvelope(raw);
      if (!decoded.ok) return raw;
      const e = decoded.value;
      const key = driver.node(to).snapshot.directory[e.from]?.node;
      if (key === undefined || envelopeSignatureValid(e, key.slice(2))) return raw;
      return signEnvelope({
        ...e,
        nodeSecKey: nodeKeys(driver.world.seedOf(e.from)).secKey,
        auxRand: new Uint8Array(32),
      });
    },
  }),
};
