/**
 * The node framework: a node is a pure-ish handler `(snapshot, input) → { snapshot', outgoing[], error? }`.
 * Inputs are a raw message from the network (decoded and checked here: shape, address, envelope signature,
 * sequence number), a local command, or a tick (a new block height). On any error the returned snapshot is the
 * very object passed in: the node's state is unchanged. Role handlers work on a deep copy (a draft) and may
 * mutate it; the framework signs their outgoing bodies with the node key and numbers them per receiver.
 *
 * Snapshots are plain JSON: `JSON.parse(JSON.stringify(s))` restores a node exactly (tested for every node at
 * every step of the demo run).
 */
import { envelopeSignatureValid, signEnvelope } from './envelope.ts';
import { nodeError, type NodeError } from './errors.ts';
import { decodeEnvelope, type Envelope, type Message } from './messages.ts';
import { derive } from './rng.ts';
import { identityKey, mailboxKey } from './keys.ts';
import { toHex } from './wire.ts';
import { isInputError } from '../../util/input-error.ts';
import type { BroadcastTx } from './eltoo-txs.ts';
import type { ChainView } from './onchain.ts';

/**
 * The snapshot format this build writes and reads. 3: an offered PTLC records the receiver's signature of H
 * (`receiverStateSig`, from its `PtlcAccept`); 2 had no such field; 2 added the second directory key per node
 * (identity and mailbox) to format 1. Older formats are refused by `restoreNode`.
 */
export const SNAPSHOT_VERSION = 3;

/** What the directory publishes of a node: its identity key (signatures) and its mailbox key (ECDH), compressed hex. */
export type DirectoryEntry = { readonly node: string; readonly mailbox: string };

/** The part of every node's snapshot the framework owns. */
export type BaseSnapshot = {
  readonly version: typeof SNAPSHOT_VERSION;
  readonly id: string;
  /** 32-byte hex seed: every secret of this node derives from it (rng.ts). */
  readonly seed: string;
  /** Counter for labels of fresh randomness (aux rand of signatures, nonces of envelopes). */
  counter: number;
  /** Next sequence number to send to each peer (first is 1). */
  seqOut: Record<string, number>;
  /** Last sequence number accepted from each peer (0 = none yet). */
  seqIn: Record<string, number>;
  /** Everyone this node talks to: identity and mailbox keys (33-byte compressed hex), its directory. */
  readonly directory: Record<string, DirectoryEntry>;
};

/**
 * What a node sees of the world when it steps: the chain height and, on ticks, a read-only view of where its
 * channels stand on chain (what a watching node learns from the blocks).
 */
export type StepContext = { readonly height: number; readonly chain?: ChainView };

/** A message a role wants sent; the framework signs and numbers it. */
export type Send = { readonly to: string; readonly sessionId: string; readonly body: Message };

export type StepResult<S> = {
  readonly snapshot: S;
  readonly outgoing: readonly Envelope[];
  readonly error?: NodeError;
  /** Transactions the node broadcasts (the world submits them to the chain's mempool). */
  readonly broadcast: readonly BroadcastTx[];
  /** Human-readable lines about what the node did (for the demo transcript). */
  readonly notes: readonly string[];
};

/** A role's answer: sends, transactions to broadcast, notes, or a refusal. Roles mutate the draft they are given. */
export type Outcome =
  | { readonly send?: readonly Send[]; readonly broadcast?: readonly BroadcastTx[]; readonly notes?: readonly string[] }
  | NodeError;

export function isNodeError(o: unknown): o is NodeError {
  return (
    typeof o === 'object' &&
    o !== null &&
    typeof (o as NodeError).kind === 'string' &&
    typeof (o as NodeError).detail === 'string'
  );
}

/** A role: how one kind of node reacts to messages, commands and ticks. */
export interface Role<S extends BaseSnapshot, C> {
  readonly name: string;
  onMessage(draft: S, env: Envelope, ctx: StepContext): Outcome;
  onCommand(draft: S, command: C, ctx: StepContext): Outcome;
  onTick(draft: S, ctx: StepContext): Outcome;
}

/** This node's identity key (secret and public), from its seed (keys.ts: BIP-32 m/1017'/0'/0'/0'). */
export function nodeKeys(seed: string): { secKey: Uint8Array; compressed: Uint8Array; xonly: Uint8Array } {
  return identityKey(seed);
}

/** 32 fresh bytes for the draft: label plus a bumped counter, so no label is ever used twice. */
export function freshRand(draft: BaseSnapshot, purpose: string): Uint8Array {
  draft.counter += 1;
  return derive(draft.seed, `${purpose}/${draft.counter}`);
}

function finish<S extends BaseSnapshot>(original: S, draft: S, outcome: Outcome): StepResult<S> {
  if (isNodeError(outcome)) return { snapshot: original, outgoing: [], broadcast: [], error: outcome, notes: [] };
  const keys = nodeKeys(draft.seed);
  const outgoing = (outcome.send ?? []).map((m) => {
    const seq = draft.seqOut[m.to] ?? 1;
    draft.seqOut[m.to] = seq + 1;
    return signEnvelope({
      from: draft.id,
      to: m.to,
      seq,
      sessionId: m.sessionId,
      body: m.body,
      nodeSecKey: keys.secKey,
      auxRand: freshRand(draft, 'envelope-aux'),
    });
  });
  return { snapshot: draft, outgoing, broadcast: outcome.broadcast ?? [], notes: outcome.notes ?? [] };
}

function draftOf<S>(s: S): S {
  return JSON.parse(JSON.stringify(s)) as S;
}

/** Runs a role on a message from the network (anything: it is decoded and checked first). */
export function receive<S extends BaseSnapshot, C>(
  role: Role<S, C>,
  snapshot: S,
  raw: unknown,
  ctx: StepContext,
): StepResult<S> {
  const fail = (e: NodeError): StepResult<S> => ({ snapshot, outgoing: [], broadcast: [], error: e, notes: [] });
  const decoded = decodeEnvelope(raw);
  if (!decoded.ok) return fail(nodeError('malformed', decoded.problem, 'node:envelope-malformed'));
  const env = decoded.value;
  if (env.to !== snapshot.id)
    return fail(
      nodeError('malformed', `envelope.to: addressed to ${env.to}, not ${snapshot.id}`, 'node:envelope-not-for-us'),
    );
  const senderKey = snapshot.directory[env.from];
  if (senderKey === undefined)
    return fail(
      nodeError(
        'forged-signature',
        `envelope.from: ${env.from} is not in ${snapshot.id}'s directory`,
        'node:envelope-unknown-sender',
      ),
    );
  if (!envelopeSignatureValid(env, senderKey.node.slice(2))) {
    return fail(
      nodeError(
        'forged-signature',
        `envelope.sig: does not verify under ${env.from}'s node key`,
        'node:envelope-sig-forged',
      ),
    );
  }
  const last = snapshot.seqIn[env.from] ?? 0;
  if (env.seq <= last)
    return fail(
      nodeError(
        'replayed',
        `envelope.seq: ${env.seq} from ${env.from} already seen (last ${last})`,
        'node:envelope-seq-replayed',
      ),
    );
  if (env.seq > last + 1)
    return fail(
      nodeError(
        'out-of-order',
        `envelope.seq: ${env.seq} from ${env.from}, expected ${last + 1}`,
        'node:envelope-seq-out-of-order',
      ),
    );
  const draft = draftOf(snapshot);
  draft.seqIn[env.from] = env.seq;
  return finish(
    snapshot,
    draft,
    guarded('malformed', () => role.onMessage(draft, env, ctx)),
  );
}

/**
 * R-07-01: a value the codecs let through but impl/crypto refuses (a public nonce off the curve, say) is an
 * `InputError` thrown by impl/crypto; the message is then malformed (a command: refused), the state unchanged.
 */
function guarded(kind: 'malformed' | 'refused', f: () => Outcome): Outcome {
  try {
    return f();
  } catch (e) {
    if (isInputError(e)) return nodeError(kind, e.message, 'node:crypto-input-refused');
    throw e;
  }
}

/** Runs a local command (from the node's owner, not the network). */
export function command<S extends BaseSnapshot, C>(
  role: Role<S, C>,
  snapshot: S,
  cmd: C,
  ctx: StepContext,
): StepResult<S> {
  const draft = draftOf(snapshot);
  return finish(
    snapshot,
    draft,
    guarded('refused', () => role.onCommand(draft, cmd, ctx)),
  );
}

/** Lets a node react to the chain height (timeouts). */
export function tick<S extends BaseSnapshot, C>(role: Role<S, C>, snapshot: S, ctx: StepContext): StepResult<S> {
  const draft = draftOf(snapshot);
  return finish(snapshot, draft, role.onTick(draft, ctx));
}

/** A fresh base snapshot for node `id`. */
export function baseSnapshot(opts: {
  id: string;
  seed: string;
  directory: Record<string, DirectoryEntry>;
}): BaseSnapshot {
  return {
    version: SNAPSHOT_VERSION,
    id: opts.id,
    seed: opts.seed,
    counter: 0,
    seqOut: {},
    seqIn: {},
    directory: { ...opts.directory },
  };
}

function nodePubKeyHex(seed: string): string {
  return toHex(nodeKeys(seed).compressed);
}

/** This node's mailbox key (secret and public; keys.ts: BIP-32 m/1017'/0'/3'/0'): envelopes to it are sealed to it. */
export function mailboxKeys(seed: string): { secKey: Uint8Array; compressed: Uint8Array; xonly: Uint8Array } {
  return mailboxKey(seed);
}

/** What the directory publishes for the node with `seed`. */
export function directoryEntry(seed: string): DirectoryEntry {
  return { node: nodePubKeyHex(seed), mailbox: toHex(mailboxKey(seed).compressed) };
}
