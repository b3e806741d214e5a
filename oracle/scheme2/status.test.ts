/**
 * Scheme 2's honest nodes' status beside the abstraction: what S, B and A record of the payment agrees with the
 * model along the sale, the handoff and the cancel, and a node whose records go wrong where its knowledge does not
 * is caught by the status comparison.
 */
import { describe, expect, it } from 'vitest';
import type { Outcome, Role } from '../../impl/node/node.ts';
import type { PayeeSnapshot } from '../../impl/node/payee.ts';
import { SUITES, suiteModel, suiteSeedOffset } from '../conform.ts';
import { stepsForLabels } from '../paths.ts';
import { describeFailure, runOracle } from '../run.ts';
import { SCHEME2_BINDING } from './binding.ts';
import { HONEST_ROLES } from './driver.ts';
import { SALE } from './guard-cases.ts';
import type { Mutant } from './mutants.ts';
import { payeeWithUpdate } from './payee-update.ts';
import { implStatus, modelStatus } from './status.ts';

const suiteNamed = (name: string) => {
  const s = SCHEME2_BINDING.suites.find((x) => x.name === name);
  if (s === undefined) throw new Error(`no suite ${name}`);
  return s;
};

const run = (suiteName: string, labels: readonly string[], mutant?: Mutant) => {
  const suite = suiteNamed(suiteName);
  const { model } = suiteModel(suite);
  const seed = suiteSeedOffset(SUITES, suite, 0);
  const out = runOracle(
    SCHEME2_BINDING,
    { model, seed, ...(mutant === undefined ? {} : { mutant }) },
    stepsForLabels(SCHEME2_BINDING, model, labels),
  );
  return { model, out };
};

/** B takes A's handoff (U_BS(m+1) complete) but keeps its latest state at m: its knowledge is right, its record not. */
function payeeKeepsLatest(): Role<PayeeSnapshot, never> {
  const base = payeeWithUpdate() as unknown as Role<PayeeSnapshot, never>;
  return {
    ...base,
    onMessage(draft, env, ctx): Outcome {
      const before = draft.channel?.latest;
      const out = base.onMessage(draft, env, ctx);
      if (env.body.kind === 'WatchtowerHandoff' && draft.channel !== null && before !== undefined)
        draft.channel.latest = before;
      return out;
    },
  };
}

describe('scheme-2 status beside the abstraction', () => {
  it("S's, B's and A's records agree with the model along the sale and the handoff, naming every field", () => {
    const labels = [...SALE, 'PayeeComeBack', 'PayerForwardUpdate'];
    const { model, out } = run('scheme 2, B deviating', labels);
    expect(out.failure === undefined ? 'ok' : describeFailure(out.failure)).toBe('ok');
    const end = modelStatus(model.ctx, out.records.at(-1)?.model ?? model.init);
    expect(end).toEqual({
      'S.latest': 0,
      'S.proposal': 'settled',
      'S.sold': true,
      'A.ptlc': 'claimed',
      'A.watch': 'handed-off',
    });
    expect(implStatus(out.driver)).toMatchObject({ ...end, 'B.latest': 1, 'B.proposal': 'complete' });
  });

  it("B's cancel supersedes m+1 at S, which sold nothing, and A's PTLC stays pending", () => {
    const { out } = run('scheme 2, B deviating', [...SALE.slice(0, 5), 'PayeeComeBack', 'PayeeHubCancel']);
    expect(out.failure === undefined ? 'ok' : describeFailure(out.failure)).toBe('ok');
    expect(implStatus(out.driver)).toMatchObject({
      'S.latest': 2,
      'S.proposal': 'superseded',
      'S.sold': false,
      'A.ptlc': 'pending',
    });
  });

  it('a B that keeps its latest state at m after taking the handoff is caught as status.B.latest', () => {
    const mutant: Mutant = {
      name: 'payee-keeps-latest',
      description: "B does not move its latest state to m+1 on A's handoff",
      roles: () => ({ ...HONEST_ROLES, payee: payeeKeepsLatest() as unknown as typeof HONEST_ROLES.payee }),
    };
    const labels = [...SALE, 'PayeeComeBack', 'PayerForwardUpdate'];
    const { out } = run('scheme 2, A + S deviating', labels, mutant);
    expect(out.failure === undefined ? 'passed' : describeFailure(out.failure)).toContain(
      'status.B.latest is 1 in the model, 0 in the implementation',
    );
    expect(run('scheme 2, A + S deviating', labels).out.failure).toBeUndefined();
  });
});
