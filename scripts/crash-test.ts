/**
 * `npm run crash-test [-- --runs N --seed S]`: crash runs (impl/node/storage/crash-run.ts) until at least
 * `--kills` (default 200) real SIGKILLs have happened; prints each run and the totals; exit 1 on any problem.
 */
import { crashRun } from '../impl/node/storage/crash-run.ts';

const arg = (name: string, d: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? d : Number(process.argv[i + 1]);
};
const wantKills = arg('kills', 200);
const seed0 = arg('seed', 1);
let kills = 0;
let runs = 0;
let steps = 0;
let bad = 0;
const byNode = new Map<string, number>();
for (let s = seed0; kills < wantKills; s++) {
  const r = crashRun({ seed: s, killChance: 0.8, maxKillAt: 30, maxKills: 8 });
  runs++;
  kills += r.kills.length;
  steps += r.steps;
  for (const k of r.kills) byNode.set(k.node, (byNode.get(k.node) ?? 0) + 1);
  if (r.problems.length > 0) bad++;
  console.log(
    `seed ${s}: ${r.kills.length} kills (${r.kills.map((k) => `${k.node}@${`input ${k.input} event ${k.killAt}`}`).join(', ')}), ${r.steps} steps${r.problems.length > 0 ? `, PROBLEMS: ${r.problems.join('; ')}` : ', ok'}`,
  );
}
console.log(
  `crash-test: ${runs} runs, ${kills} SIGKILLs (${[...byNode].map(([n, c]) => `${n} ${c}`).join(', ')}), ${steps} node steps answered, ${bad} runs with problems`,
);
process.exitCode = bad === 0 ? 0 : 1;
