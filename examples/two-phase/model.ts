/**
 * TwoPhase, the Two-Phase Commit protocol of tlaplus/Examples
 * (`specifications/transaction_commit/TwoPhase.tla`, Lamport), transcribed action for action, with its
 * type invariant `TPTypeOK` and `TCConsistent` from `TCommit.tla` (no RM committed while another aborted).
 *
 * The state is packed in one number (the benchmark depends on successor generation being cheap):
 *   low  24 bits: rmState, 2 bits per RM (0 working, 1 prepared, 2 committed, 3 aborted), RM r at bits 2r;
 *   high 28 bits (× 2^24): tmPrepared (bits 0–11), Prepared(r) ∈ msgs (bits 12–23), tmState (bits 24–25:
 *   0 init, 1 committed, 2 aborted), Commit ∈ msgs (bit 26), Abort ∈ msgs (bit 27).
 * 52 bits in all for 12 RMs, inside a double's exact integers. An action is a number too: kind × 16 + r.
 *
 * As in the TLA+ spec, messages are never removed, and receiving Commit or Abort stays enabled after it
 * was received (the step then leaves the state unchanged), so TwoPhase never deadlocks: every state
 * enables at least TMAbort, RMRcvCommitMsg or RMRcvAbortMsg. `terminal` still names the states where the
 * protocol is over (the TM decided and every RM finished) for runs of variants that drop those steps.
 */
import type { ActionDescription, Model, WordSink } from '../../checker/model.ts';

export interface TwoPhaseConfig {
  /** Number of resource managers, 1..12. */
  readonly rm: number;
}

/** A packed TwoPhase state (see the module comment). */
export type TwoPhaseState = number;
/** A packed action: `kind * 16 + r`. */
export type TwoPhaseAction = number;

const RM_STATES = ['working', 'prepared', 'committed', 'aborted'] as const;
const TM_STATES = ['init', 'committed', 'aborted'] as const;

/** Action kinds, in the order `actions` lists them. */
const KINDS = [
  'TMCommit',
  'TMAbort',
  'TMRcvPrepared',
  'RMPrepare',
  'RMChooseToAbort',
  'RMRcvCommitMsg',
  'RMRcvAbortMsg',
] as const;
const TM_COMMIT = 0;
const TM_ABORT = 1;
const TM_RCV_PREPARED = 2;
const RM_PREPARE = 3;
const RM_CHOOSE_TO_ABORT = 4;
const RM_RCV_COMMIT = 5;
const RM_RCV_ABORT = 6;

const LO = 16777216; // 2^24
const WORKING = 0;
const PREPARED = 1;
const COMMITTED = 2;
const ABORTED = 3;
const TM_SHIFT = 24;
const MSG_COMMIT = 1 << 26;
const MSG_ABORT = 1 << 27;

/** The parts of a packed state. */
interface TwoPhaseView {
  readonly rmState: readonly (typeof RM_STATES)[number][];
  readonly tmState: (typeof TM_STATES)[number] | 'invalid';
  readonly tmPrepared: readonly number[];
  readonly msgs: { readonly prepared: readonly number[]; readonly commit: boolean; readonly abort: boolean };
}

function pack(lo: number, hi: number): TwoPhaseState {
  return hi * LO + lo;
}

export function unpack(s: TwoPhaseState): { lo: number; hi: number } {
  const hi = Math.floor(s / LO);
  return { lo: s - hi * LO, hi };
}

export function buildTwoPhase(config: TwoPhaseConfig): Model<TwoPhaseState, TwoPhaseAction> {
  const n = config.rm;
  if (!Number.isInteger(n) || n < 1 || n > 12) throw new RangeError(`two-phase: rm must be 1..12, got ${n}`);
  const allRm = (1 << n) - 1;
  const rmOf = (lo: number, r: number): number => (lo >>> (2 * r)) & 3;
  const setRm = (lo: number, r: number, v: number): number => (lo & ~(3 << (2 * r))) | (v << (2 * r));
  const bitsToList = (bits: number): number[] => {
    const out: number[] = [];
    for (let r = 0; r < n; r++) if (bits & (1 << r)) out.push(r);
    return out;
  };

  const view = (s: TwoPhaseState): TwoPhaseView => {
    const { lo, hi } = unpack(s);
    const tm = (hi >>> TM_SHIFT) & 3;
    return {
      rmState: Array.from({ length: n }, (_, r) => RM_STATES[rmOf(lo, r)]!),
      tmState: TM_STATES[tm] ?? 'invalid',
      tmPrepared: bitsToList(hi & 0xfff),
      msgs: {
        prepared: bitsToList((hi >>> 12) & 0xfff),
        commit: (hi & MSG_COMMIT) !== 0,
        abort: (hi & MSG_ABORT) !== 0,
      },
    };
  };

  const rmName = (r: number): string => `r${r + 1}`;

  return {
    name: 'two-phase',
    init: () => [pack(0, 0)],

    actions(s) {
      const hi = Math.floor(s / LO);
      const lo = s - hi * LO;
      const out: number[] = [];
      const tmInit = ((hi >>> TM_SHIFT) & 3) === 0;
      // TMCommit: the TM is in init and every RM has sent Prepared (tmPrepared = RM).
      if (tmInit && (hi & allRm) === allRm) out.push(TM_COMMIT * 16);
      // TMAbort: the TM is in init (it aborts spontaneously).
      if (tmInit) out.push(TM_ABORT * 16);
      const prepMsgs = (hi >>> 12) & allRm;
      for (let r = 0; r < n; r++) {
        const st = rmOf(lo, r);
        // TMRcvPrepared(r): the TM is in init and Prepared(r) is in msgs.
        if (tmInit && prepMsgs & (1 << r)) out.push(TM_RCV_PREPARED * 16 + r);
        // RMPrepare(r), RMChooseToAbort(r): r is working.
        if (st === WORKING) out.push(RM_PREPARE * 16 + r, RM_CHOOSE_TO_ABORT * 16 + r);
        // RMRcvCommitMsg(r): Commit is in msgs.  RMRcvAbortMsg(r): Abort is in msgs.
        if (hi & MSG_COMMIT) out.push(RM_RCV_COMMIT * 16 + r);
        if (hi & MSG_ABORT) out.push(RM_RCV_ABORT * 16 + r);
      }
      return out;
    },

    next(s, a) {
      const hi = Math.floor(s / LO);
      const lo = s - hi * LO;
      const r = a & 15;
      switch (a >>> 4) {
        case TM_COMMIT:
          return (((hi & ~(3 << TM_SHIFT)) | (1 << TM_SHIFT) | MSG_COMMIT) >>> 0) * LO + lo;
        case TM_ABORT:
          return (((hi & ~(3 << TM_SHIFT)) | (2 << TM_SHIFT) | MSG_ABORT) >>> 0) * LO + lo;
        case TM_RCV_PREPARED:
          return (hi | (1 << r)) * LO + lo;
        case RM_PREPARE:
          return (hi | (1 << (12 + r))) * LO + setRm(lo, r, PREPARED);
        case RM_CHOOSE_TO_ABORT:
          return hi * LO + setRm(lo, r, ABORTED);
        case RM_RCV_COMMIT:
          return hi * LO + setRm(lo, r, COMMITTED);
        case RM_RCV_ABORT:
          return hi * LO + setRm(lo, r, ABORTED);
        default:
          throw new Error(`two-phase: unknown action ${a}`);
      }
    },

    properties: [
      {
        kind: 'always',
        name: 'tpTypeOk',
        description:
          'TPTypeOK: every RM is working/prepared/committed/aborted, the TM init/committed/aborted, tmPrepared ⊆ RM, msgs ⊆ Message.',
        pred: (s) => {
          const { lo, hi } = unpack(s);
          if (!Number.isInteger(s) || s < 0 || lo >= 1 << (2 * n)) return `rmState names an RM outside 1..${n}`;
          const tm = (hi >>> TM_SHIFT) & 3;
          if (tm === 3) return 'tmState is not one of init, committed, aborted';
          if (hi & 0xfff & ~allRm) return 'tmPrepared is not a subset of RM';
          if ((hi >>> 12) & 0xfff & ~allRm) return 'msgs holds a Prepared message from an RM outside RM';
          if (hi >= 1 << 28) return 'msgs holds an unknown message';
          return true;
        },
      },
      {
        kind: 'always',
        name: 'tcConsistent',
        description: 'TCConsistent: no RM has committed while another has aborted.',
        pred: (s) => {
          const lo = s % LO;
          let committed = -1;
          let aborted = -1;
          for (let r = 0; r < n; r++) {
            const st = rmOf(lo, r);
            if (st === COMMITTED) committed = r;
            else if (st === ABORTED) aborted = r;
          }
          return committed >= 0 && aborted >= 0
            ? `${rmName(committed)} committed while ${rmName(aborted)} aborted`
            : true;
        },
      },
      {
        kind: 'sometimes',
        name: 'allCommitted',
        description: 'Witness: every RM commits.',
        pred: (s) => {
          const lo = s % LO;
          for (let r = 0; r < n; r++) if (rmOf(lo, r) !== COMMITTED) return false;
          return true;
        },
      },
      {
        kind: 'sometimes',
        name: 'allAborted',
        description: 'Witness: every RM aborts.',
        pred: (s) => {
          const lo = s % LO;
          for (let r = 0; r < n; r++) if (rmOf(lo, r) !== ABORTED) return false;
          return true;
        },
      },
    ],

    encode(s: TwoPhaseState, sink: WordSink) {
      const hi = Math.floor(s / LO);
      sink.word(s - hi * LO);
      sink.word(hi);
    },

    toItf(s) {
      const v = view(s);
      const msgs = [
        ...v.msgs.prepared.map((r) => ({ type: 'Prepared', rm: rmName(r) })),
        ...(v.msgs.commit ? [{ type: 'Commit' }] : []),
        ...(v.msgs.abort ? [{ type: 'Abort' }] : []),
      ].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
      return {
        rmState: { '#map': v.rmState.map((st, r) => [rmName(r), st] as const) },
        tmState: v.tmState,
        tmPrepared: { '#set': v.tmPrepared.map(rmName) },
        msgs: { '#set': msgs },
      };
    },

    describe(a): ActionDescription {
      const kind = a >>> 4;
      const label = KINDS[kind] ?? `unknown(${kind})`;
      if (kind === TM_COMMIT || kind === TM_ABORT) return { label, picks: { actor: 'TM' } };
      const r = rmName(a & 15);
      if (kind === TM_RCV_PREPARED) return { label, picks: { actor: r, to: 'TM', msg: 'Prepared', rm: r } };
      if (kind === RM_RCV_COMMIT) return { label, picks: { actor: 'TM', to: r, msg: 'Commit', rm: r } };
      if (kind === RM_RCV_ABORT) return { label, picks: { actor: 'TM', to: r, msg: 'Abort', rm: r } };
      return { label, picks: { actor: r, rm: r } };
    },

    terminal(s) {
      const v = view(s);
      return v.tmState !== 'init' && v.rmState.every((st) => st === 'committed' || st === 'aborted');
    },
  };
}
