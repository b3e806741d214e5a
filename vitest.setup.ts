/**
 * Every fast-check property in the suite runs from one fixed seed, so `npm test` is deterministic: the same
 * commit gives the same cases on every machine. Set APLN_FC_SEED to explore other seeds (a failure prints its
 * seed and path; re-run with that seed to reproduce it). Tests that pass their own `seed` keep it.
 */
import fc from 'fast-check';

const raw = process.env.APLN_FC_SEED;
const seed = raw === undefined || raw === '' ? 20261123 : Number(raw);
if (!Number.isSafeInteger(seed)) throw new Error(`APLN_FC_SEED must be an integer, got ${JSON.stringify(raw)}`);
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
