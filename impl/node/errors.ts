import type { GuardId } from './guards.ts';

/**
 * The typed refusals of a node. A node that refuses a message or a command returns one of these and leaves its
 * snapshot exactly as it was (the step returns the old snapshot object).
 */
export type NodeErrorKind =
  /** The message does not decode (wrong shape, wrong hex length, unknown kind), or is not addressed to us. */
  | 'malformed'
  /** Its sequence number was already seen from this sender. */
  | 'replayed'
  /** Its sequence number skips ahead: an earlier message from this sender is missing. */
  | 'out-of-order'
  /** A signature does not verify: the envelope, the invoice, a partial signature, a PTLC claim. */
  | 'forged-signature'
  /** The invoice's payment point is not the partial-signature point (PROTOCOL.md step 6). */
  | 'bad-point'
  /** The state the message refers to is not (or no longer) the latest one. */
  | 'stale-state'
  /** S already bought the signature for this state. */
  | 'already-bought'
  /** Not enough blocks are left to act, or a PTLC claim arrives after its timeout. */
  | 'too-late'
  /** The message is well formed but does not fit the node's protocol state (no such session, wrong role, …). */
  | 'unexpected'
  /** A command the node cannot carry out now (insufficient balance, offline step, …). */
  | 'refused';

/** A refusal: its kind, what was wrong (naming the field), and which guard refused (guards.ts). */
export type NodeError = { readonly kind: NodeErrorKind; readonly detail: string; readonly guard: GuardId };

export function nodeError(kind: NodeErrorKind, detail: string, guard: GuardId): NodeError {
  return { kind, detail, guard };
}
