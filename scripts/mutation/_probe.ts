import { SUITES, suiteModel } from '../../oracle/conform.ts';
import { stepsForLabels, stepsForActions, supportsOf } from '../../oracle/paths.ts';
import { describeFailure, runOracle, type OracleStep } from '../../oracle/run.ts';
import { coveragePlan } from '../../oracle/coverage.ts';
const PAID = [
  'PayerHubSignSettlement',
  'PayerSendBundle',
  'PayeeComeOnline',
  'MailboxDeliver',
  'PayeeSendInvoice',
  'HubCheckAndOfferPtlc',
  'PayeeClaimPtlc',
];
const which = (process.env.SUITES ?? '').split(',').filter(Boolean).map(Number);
const backs = Number(process.env.BACKS ?? 3);
const fields = (process.env.FIELDS ?? '-1,0').split(',').map(Number);
const guards: Record<string, number> = {};
let runs = 0,
  fails = 0;
for (const [i, suite] of SUITES.entries()) {
  if (which.length && !which.includes(i + 1)) continue;
  const { binding, model } = suiteModel(suite);
  if (!binding.adversary.kinds.includes('resend')) continue;
  const m = model as any;
  let path: OracleStep<unknown>[];
  try {
    path = stepsForLabels(binding, m, PAID);
  } catch {
    const sup = supportsOf(binding, m);
    const plan = coveragePlan(m, 6, sup, (a) => binding.skipReason(a));
    path = stepsForActions(m, plan.pathOf(plan.order[0]!), sup);
  }
  for (let k = 1; k <= path.length; k++)
    for (let b = 0; b < backs; b++)
      for (const f of fields) {
        const steps = [
          ...path.slice(0, k),
          { kind: 'adversary' as const, cmd: { kind: 'resend', back: b, field: f } },
          ...path.slice(k),
        ];
        const r = runOracle(binding as any, { model, seed: i } as any, steps);
        runs++;
        for (const g of r.guards) guards[g] = (guards[g] ?? 0) + 1;
        const note = r.records.find((x) => x.label === 'OracleResend')?.note;
        if (r.failure) {
          fails++;
          console.log(`FAIL s${i + 1} k${k} b${b} f${f}: ${note}: ${describeFailure(r.failure)}`);
        }
      }
}
console.log(`runs ${runs} fails ${fails}`);
console.log(JSON.stringify(guards));
