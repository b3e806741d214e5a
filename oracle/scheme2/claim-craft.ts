/**
 * Scheme 2's `claim` stutter (issue 10): a deviating S sends an honest, online A, with its own keys, a PtlcClaim
 * of A's last PTLC to S (terms set: a number moved by the number given, any other set to the value given)
 * whose signature is not the completion of A's pre-signature: its nonce is the pre-signature's (so A's first
 * check of it passes) and its scalar is not S's partial signature. So A's checks of the claim are tried before
 * and after the PTLC's timeout (the prefix's chain steps; A sees the height when it acts on a message, and times
 * its PTLC out only when it ticks), not only on S's genuine claim. A must refuse it; a claim A takes is left as
 * it is (the run's status comparison then shows it). Directed runs only (../guard-directed.ts).
 */
import { describeEdits } from '../stutter-codecs.ts';
import { signEnvelope } from '../../impl/node/envelope.ts';
import type { Envelope } from '../../impl/node/messages.ts';
import { nodeKeys } from '../../impl/node/node.ts';
import type { Scheme2Driver } from './driver.ts';

/** Term edits: a number term moved by the number given, any other term set to the value given. */
export type ClaimEdits = Readonly<Record<string, number | string>>;

type Claim = Extract<Envelope['body'], { kind: 'PtlcClaim' }>;

/** Runs the stutter; what it did, or undefined when it does not apply (S honest, A deviating or offline, no PTLC to S). */
export function runClaimCraft(d: Scheme2Driver, edits: ClaimEdits): string | undefined {
  const deviating = d.config.deviating ?? [];
  if (!deviating.includes('S') || deviating.includes('A') || !d.isOnline('A')) return undefined;
  const a = d.node('A');
  if (a.role !== 'payer') return undefined;
  // A's last PTLC to S, pending or not (a claim of a closed one is a claim A must refuse too).
  const entry = [...a.snapshot.ptlcs].reverse().find((p) => p.direction === 'out' && p.peer === 'S');
  if (entry === undefined) return undefined;
  // R's x-coordinate from the pre-signature (33-byte R, then s'), and a scalar that does not complete it.
  const sig = `${entry.preSig.slice(2, 66)}${'00'.repeat(31)}01`;
  const body: Claim = { kind: 'PtlcClaim', paymentId: entry.paymentId, hop: entry.hop, sig };
  const terms = body as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(edits)) {
    if (!(k in body) || k === 'kind') throw new Error(`claim craft: ${k} is not a field of PtlcClaim`);
    const o = terms[k];
    terms[k] = typeof v === 'number' && typeof o === 'number' ? o + v : v;
  }
  const env = signEnvelope({
    from: 'S',
    to: 'A',
    seq: (a.snapshot.seqIn.S ?? 0) + 1,
    sessionId: entry.paymentId,
    body,
    nodeSecKey: nodeKeys(d.world.seedOf('S')).secKey,
    auxRand: new Uint8Array(32),
  });
  d.stutters.add(env.sig);
  const refusal = d.receive('A', env);
  const what = describeEdits(edits, 8);
  return `S sends A a claim of its PTLC with a signature that does not complete A's pre-signature${what === '' ? '' : ` (${what})`}: ${refusal === undefined ? 'A took it' : `A refused it (${refusal.guard})`}`;
}
