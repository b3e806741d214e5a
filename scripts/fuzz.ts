/** `npm run fuzz [-- --per N --seed S]`: N (default 20,000) fuzzed inputs per decoder (cli/fuzz-targets.ts); exit 1 on any crash. */
import { fuzz, fuzzTargets } from '../cli/fuzz-targets.ts';

const arg = (name: string, d: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? d : Number(process.argv[i + 1]);
};
const reports = fuzz(arg('per', 20_000), arg('seed', 1), await fuzzTargets());
for (const r of reports)
  console.log(
    `${r.target.padEnd(14)} ${r.inputs} inputs: ${r.accepted} accepted, ${r.refused} refused, ${r.crashed} crashed${r.firstCrash === undefined ? '' : ` (first: ${r.firstCrash})`}`,
  );
const total = reports.reduce((s, r) => s + r.inputs, 0);
const crashed = reports.reduce((s, r) => s + r.crashed, 0);
console.log(`fuzz: ${total} inputs, ${crashed} crashed`);
process.exitCode = crashed === 0 ? 0 : 1;
