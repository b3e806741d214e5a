/**
 * Which party each property clause protects: a clause held while that party deviates holds only vacuously
 * (the promise is to an honest party), so `apln coalitions` never counts it as "holds". Keyed by clause
 * name; `protects.test.ts` checks that every clause of every registered variant has an entry.
 *
 * - a list of parties: vacuous when any of them deviates;
 * - `routers`: vacuous when every routing node P1..Pk deviates (the clause speaks of the honest ones);
 * - `everyone`: asked only when nobody deviates (vacuous for every non-empty coalition);
 * - `[]`: a global invariant, never vacuous.
 */
export type Protected = readonly string[] | 'routers' | 'everyone';

const PROTECTS: Readonly<Record<string, Protected>> = {
  typeOk: [],
  'conservation.total': [],
  'conservation.nonNegative': [],
  // scheme 1: s_A's holders may give it away; the sale is atomic for an honest A and B.
  'atomicSale.hubLearnsOnlyIfClaimed': ['A', 'B'],
  'atomicSale.claimedOnlyIfHubLearns': ['A', 'B'],
  // Ungated: every claimed hop's offerer (S or a router) learns the secret it paid for; global.
  'atomicSale.hopsMoveTogether': [],
  'hubCannotSteal.payerBalanceFloor': ['A'],
  'hubCannotSteal.paidOnlyIfPayeePaid': ['A', 'B'],
  'hubCannotSteal.noUpdateWithoutPaying': ['A', 'B'],
  'hubCannotSteal.noStrandedUpdate': ['A'],
  'payeeNotCheated.secretOnlyForPayment': ['A', 'B'],
  'honestHubLosesNothing.notSuperseded': ['S'],
  'honestHubLosesNothing.notTooLate': ['S'],
  'honestHubLosesNothing.notTwice': ['S'],
  'honestHubLosesNothing.onlyMatchingPoint': ['S'],
  'honestIntermediaryPaid.neverLoses': 'routers',
  'honestIntermediaryPaid.canClaimUpstream': 'routers',
  'honestIntermediaryPaid.earnsFeeOnCompletion': 'routers',
  'nonceSafety.noReuse': ['A'],
  'secrecy.mailboxLearnsNothing': ['A', 'B'],
  'secrecy.onlyPayersLearn': ['A', 'B'],
  'linkability.coalitionCannotLink': ['A', 'B'],
  'liveness.paymentCompletes': 'everyone',
  'liveness.payerLockBounded': ['A'],
  'proofOfPayment.payerHoldsProof': ['A'],
  // Asked with B honest (a deviating B's receipt is its own word); A + S is a real violation, not a vacuous hold.
  'proofOfPayment.proofImpliesPaid': ['B'],
  // scheme 2: S sells s_S to A.
  'atomicSale.payerLearnsOnlyIfClaimed': ['S'],
  'atomicSale.claimedOnlyIfPayerLearns': ['A'],
  'hubCannotSteal.paidOnlyIfPayeeCredited': ['A'],
  'payeeNotCheated.neverBelowStart': ['B'],
  'honestHubLosesNothing.creditOnlyIfPaid': ['S'],
  // the baselines: the A–S channel closed on chain to settle or time out a held HTLC costs both its parties.
  'channelStaysOpen.noForcedClose': ['A', 'S'],
  // two payments in flight: payment j's payee is Bj.
  'hubCannotSteal.paidOnlyIfPayeePaid1': ['A', 'B1'],
  'hubCannotSteal.paidOnlyIfPayeePaid2': ['A', 'B2'],
  'payeeNotCheated.secretOnlyForPayment1': ['A', 'B1'],
  'payeeNotCheated.secretOnlyForPayment2': ['A', 'B2'],
  'honestHubLosesNothing.notTooLate1': ['S'],
  'honestHubLosesNothing.notTooLate2': ['S'],
};

/** The entry for `clause`, or undefined when the table lacks it. */
export function protectedBy(clause: string): Protected | undefined {
  return Object.hasOwn(PROTECTS, clause) ? PROTECTS[clause] : undefined;
}

/** The clause promises nothing to `coalition` (its protected party deviates). */
export function isVacuous(p: Protected, coalition: readonly string[], parties: readonly string[]): boolean {
  if (p === 'everyone') return coalition.length > 0;
  if (p === 'routers') {
    const routers = parties.filter((x) => /^P\d+$/.test(x));
    return routers.every((r) => coalition.includes(r));
  }
  return p.some((x) => coalition.includes(x));
}

/** How the text summary names it: `A`, `A and B`, `the honest routers`, `everyone`, `nobody`. */
export function describeProtected(p: Protected): string {
  if (p === 'everyone') return 'everyone (asked only when nobody deviates)';
  if (p === 'routers') return 'the honest routers';
  if (p.length === 0) return 'nobody (global)';
  return p.join(' and ');
}
