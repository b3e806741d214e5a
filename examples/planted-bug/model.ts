/**
 * Peterson's mutual exclusion for two processes, with a planted bug: in the `swapped` variant each
 * process gives the turn away *before* raising its flag (the classic mistake), which breaks mutual
 * exclusion. The `correct` variant raises the flag first and keeps it.
 *
 * Process i (other j), program counter:
 *   correct:  0 flag[i] := TRUE   → 1 turn := j        → 2 await ¬flag[j] ∨ turn = i → 3 critical, flag[i] := FALSE → 0
 *   swapped:  0 turn := j         → 1 flag[i] := TRUE  → 2 (same)                   → 3 (same)
 * The shortest violation of `mutualExclusion` in `swapped` takes 6 steps: each process needs 3 steps to
 * enter, and P0 gives the turn, P1 gives the turn, P1 raises its flag and enters (flag[0] is still
 * FALSE), P0 raises its flag and enters (turn = 0) does it.
 */
import type { ActionDescription, Model, WordSink } from '../../checker/model.ts';

type PetersonVariant = 'swapped' | 'correct';

export interface PlantedBugConfig {
  readonly variant: PetersonVariant;
}

export interface PetersonState {
  /** Program counters of P0 and P1: 0 idle, 1 and 2 entry steps, 3 critical section. */
  readonly pc: readonly [number, number];
  readonly flag: readonly [boolean, boolean];
  readonly turn: 0 | 1;
}

export type PetersonAction =
  | { readonly kind: 'ProcRaiseFlag'; readonly proc: 0 | 1 }
  | { readonly kind: 'ProcGiveTurn'; readonly proc: 0 | 1 }
  | { readonly kind: 'ProcEnter'; readonly proc: 0 | 1 }
  | { readonly kind: 'ProcExit'; readonly proc: 0 | 1 };

const set2 = <T>(pair: readonly [T, T], i: 0 | 1, v: T): [T, T] => (i === 0 ? [v, pair[1]] : [pair[0], v]);

export function buildPlantedBug(config: PlantedBugConfig): Model<PetersonState, PetersonAction> {
  const swapped = config.variant === 'swapped';
  const stepAt = (pc: number): 'ProcRaiseFlag' | 'ProcGiveTurn' | undefined =>
    pc === 0
      ? swapped
        ? 'ProcGiveTurn'
        : 'ProcRaiseFlag'
      : pc === 1
        ? swapped
          ? 'ProcRaiseFlag'
          : 'ProcGiveTurn'
        : undefined;
  return {
    name: 'planted-bug',
    init: () => [{ pc: [0, 0], flag: [false, false], turn: 0 }],
    actions(s) {
      const out: PetersonAction[] = [];
      for (const i of [0, 1] as const) {
        const j = (1 - i) as 0 | 1;
        const pc = s.pc[i];
        const entry = stepAt(pc);
        // pc 0 and 1: the two entry steps, in the variant's order.
        if (entry !== undefined) out.push({ kind: entry, proc: i });
        // pc 2: enter when the other's flag is down or it is our turn.
        else if (pc === 2 && (!s.flag[j] || s.turn === i)) out.push({ kind: 'ProcEnter', proc: i });
        // pc 3: leave the critical section, lowering the flag.
        else if (pc === 3) out.push({ kind: 'ProcExit', proc: i });
      }
      return out;
    },
    next(s, a) {
      const i = a.proc;
      switch (a.kind) {
        case 'ProcRaiseFlag':
          return { ...s, pc: set2(s.pc, i, s.pc[i] + 1), flag: set2(s.flag, i, true) };
        case 'ProcGiveTurn':
          return { ...s, pc: set2(s.pc, i, s.pc[i] + 1), turn: (1 - i) as 0 | 1 };
        case 'ProcEnter':
          return { ...s, pc: set2(s.pc, i, 3) };
        case 'ProcExit':
          return { ...s, pc: set2(s.pc, i, 0), flag: set2(s.flag, i, false) };
      }
    },
    properties: [
      {
        kind: 'always',
        name: 'typeOk',
        description: 'Program counters are 0..3 and turn is 0 or 1.',
        pred: (s) => (s.pc.every((pc) => pc >= 0 && pc <= 3) && (s.turn === 0 || s.turn === 1)) || 'bad pc or turn',
      },
      {
        kind: 'always',
        name: 'mutualExclusion',
        description: 'Never both processes in the critical section.',
        pred: (s) => !(s.pc[0] === 3 && s.pc[1] === 3) || 'P0 and P1 are both in the critical section',
        expect: swapped ? 'violated' : 'holds',
      },
      {
        kind: 'sometimes',
        name: 'someoneEnters',
        description: 'Witness: a process reaches the critical section.',
        pred: (s) => s.pc[0] === 3 || s.pc[1] === 3,
      },
    ],
    encode(s: PetersonState, sink: WordSink) {
      sink.word(s.pc[0] | (s.pc[1] << 2) | (s.flag[0] ? 16 : 0) | (s.flag[1] ? 32 : 0) | (s.turn << 6));
    },
    toItf: (s) => ({ pc: [...s.pc], flag: [...s.flag], turn: s.turn }),
    describe: (a): ActionDescription => ({ label: a.kind, picks: { actor: `P${a.proc}` } }),
  };
}
