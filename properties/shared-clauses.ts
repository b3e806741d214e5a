/**
 * The clauses every model states alike, each over its own state: typeOk with its witness, conservation, and the
 * horizon probe (spec 11 §14.5). A scheme gives what differs: its range check, how its funds sum and what moving
 * them means, which races it can leave open.
 */
import { type AlwaysProperty, holdsVacuously, type PredicateResult, type SometimesProperty } from '../checker/model.ts';

type StateClause<S> = AlwaysProperty<S> | SometimesProperty<S>;

/**
 * An invariant's predicate for a clause asked only when `premise` holds, a fact of the run's context (who deviates,
 * which switches): `pred` then, else `holdsVacuously` (every state satisfies the clause, and the checker does not
 * ask it of each new one).
 */
export function onlyWhen<S>(premise: boolean, pred: (s: S) => PredicateResult): (s: S) => PredicateResult {
  return premise ? pred : holdsVacuously;
}

/** `typeOk` (STYLE.md 7: first): every field in its range (`inRange`); its witness: the chain reaches `maxHeight`. */
export function typeOkClauses<S extends { readonly height: number }>(
  maxHeight: number,
  description: string,
  inRange: (s: S) => PredicateResult,
): StateClause<S>[] {
  return [
    { kind: 'always', name: 'typeOk', description, pred: inRange },
    {
      kind: 'sometimes',
      name: 'typeOk.witnessTimePasses',
      description: 'The chain reaches its last height.',
      pred: (s) => s.height === maxHeight,
    },
  ];
}

/** Conservation (PROTOCOL.md): the funds (`sum`, described by `summed`) always sum to `total`; none is negative. */
export function conservationClauses<S extends { readonly wallet: readonly number[]; readonly channelSat?: number }>(c: {
  readonly total: number;
  readonly sum: (s: S) => number;
  readonly summed: string;
  /** The witness: funds moved (`moved` describes it). */
  readonly fundsMoved: (s: S) => boolean;
  readonly moved: string;
}): StateClause<S>[] {
  return [
    {
      kind: 'always',
      name: 'conservation.total',
      description: `${c.summed} always sum to ${c.total}.`,
      pred: (s) => {
        const t = c.sum(s);
        return t === c.total || `funds sum to ${t}, not ${c.total}`;
      },
    },
    {
      kind: 'always',
      name: 'conservation.nonNegative',
      description: 'No wallet and no channel ever holds a negative amount.',
      pred: (s) => ((s.channelSat ?? 0) >= 0 && noneNegative(s.wallet)) || 'a negative balance',
    },
    { kind: 'sometimes', name: 'conservation.witnessFundsMoved', description: c.moved, pred: c.fundsMoved },
  ];
}

/** No amount in `amounts` is negative (a plain loop: asked of every new state, `every` would take a closure). */
function noneNegative(amounts: readonly number[]): boolean {
  for (let i = 0; i < amounts.length; i++) if (amounts[i]! < 0) return false;
  return true;
}

/**
 * The horizon probe: some run reaches the last height (`maxHeight`) with a race still undecided (`openRace`, the
 * races described by `races`) and no honest step left. Each "holds" then covers those runs only up to the horizon:
 * what is decided after it is not checked. Informational (reported beside the verdicts in the `holds up to` column
 * and `horizon.raceOpen` of `--json`), never expected.
 */
export function horizonClause<S extends { readonly height: number }>(c: {
  readonly maxHeight: number;
  readonly races: string;
  readonly openRace: (s: S) => string | undefined;
  readonly hasUrgentStep: (s: S) => boolean;
}): SometimesProperty<S> {
  return {
    kind: 'sometimes',
    name: 'horizon.raceOpenAtEnd',
    description: `A run ends at the last height (no honest step left) with a race undecided: ${c.races}.`,
    informational: true,
    pred: (s) => s.height === c.maxHeight && c.openRace(s) !== undefined && !c.hasUrgentStep(s),
  };
}
