/**
 * A StrykerJS test runner whose tests are oracle runs (scripts/mutation/oracle-tests.ts): the sandbox's oracle and
 * instrumented impl/ are loaded once per worker and each mutant is switched on at run time (the instrumenter's
 * `__stryker__.activeMutant`), so a mutant costs only the runs that reach its code, up to the first that fails.
 * The dry run records per-run coverage (`currentTestId`), so a mutant no run reaches is reported as NoCoverage
 * without running anything. APLN_MUTATION_BUDGET (JSON: runs, depth, seed, maxSteps, suites) sets the runs.
 * A mutant's covering runs start with the guard-directed runs aimed at its own guard (the guard id its condition
 * returns, read from the source; a case's `alsoFor` aims it at more guards), then go suite by suite in turn (each suite's first run, then each one's second, …), and a
 * mutant still alive after APLN_MUTATION_CAP_MS of runs (default 10 s; 0: no cap) is reported as surviving that
 * budget (its survivor entry says how many runs it took).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PluginKind, declareClassPlugin } from '@stryker-mutator/api/plugin';
import { DryRunStatus, MutantRunStatus, TestStatus } from '@stryker-mutator/api/test-runner';
import { register } from 'tsx/esm/api';

const NS = '__stryker__';
const CAP_MS = Number(process.env.APLN_MUTATION_CAP_MS ?? 10000);

/** Round-robin over suites: `s1/cov/0, s2/cov/0, …, s1/cov/1, …` keeps each suite's order. */
function interleave(tests) {
  const bySuite = new Map();
  for (const t of tests) {
    const s = t.id.split('/')[0];
    if (!bySuite.has(s)) bySuite.set(s, []);
    bySuite.get(s).push(t);
  }
  const lists = [...bySuite.values()];
  const out = [];
  for (let i = 0; out.length < tests.length; i++) for (const l of lists) if (i < l.length) out.push(l[i]);
  return out;
}

/** The project's root: the sandbox (out/.stryker-tmp/sandbox-…) sits inside it. */
function projectRoot() {
  const cwd = process.cwd();
  const at = cwd.indexOf(`${sep}out${sep}.stryker-tmp${sep}`);
  return at < 0 ? cwd : cwd.slice(0, at);
}

const sources = new Map();

/** The guard id (`file:reason`) a mutant's condition returns, by `guardAt` (score.ts) on the uninstrumented source. */
function guardOf(mutant, guardAt) {
  const name = mutant.fileName;
  if (!sources.has(name)) {
    const rel = name.includes(`${sep}impl${sep}`) ? name.slice(name.lastIndexOf(`${sep}impl${sep}`) + 1) : name;
    const path = [join(projectRoot(), rel), name].find(
      (p) => existsSync(p) && !readFileSync(p, 'utf8').includes('stryNS_'),
    );
    sources.set(name, path === undefined ? [] : readFileSync(path, 'utf8').split('\n'));
  }
  // Stryker's runner API counts lines from 0, the JSON report (and guardAt) from 1.
  return guardAt(sources.get(name), (mutant.location?.start?.line ?? 0) + 1);
}

function ns() {
  globalThis[NS] ??= {};
  return globalThis[NS];
}

/** Runs one oracle test: its failure text, or undefined. A thrown error is a failure too (the run broke). */
function runOne(test) {
  try {
    return test.run();
  } catch (e) {
    return `threw: ${e instanceof Error ? e.message : String(e)}`;
  }
}

class OracleTestRunner {
  static inject = [];

  tests = [];
  byId = new Map();
  /** Forgets the oracle's set-up worlds: each mutant builds its own (a set-up runs the mutated roles). */
  forgetSetUps = () => {};
  /** score.ts's rule for the guard a mutant's line belongs to (loaded with the tests). */
  guardAt = () => undefined;

  capabilities() {
    return { reloadEnvironment: false };
  }

  async init() {
    register();
    const mod = await import(pathToFileURL(join(process.cwd(), 'scripts/mutation/oracle-tests.ts')).href);
    this.tests = mod.oracleTests(mod.budgetFromEnv(process.env.APLN_MUTATION_BUDGET));
    this.byId = new Map(this.tests.map((t) => [t.id, t]));
    this.forgetSetUps = mod.forgetSetUps;
    this.guardAt = mod.guardAt;
  }

  async dryRun({ coverageAnalysis }) {
    const g = ns();
    g.activeMutant = undefined;
    g.mutantCoverage = { static: {}, perTest: {} };
    const results = [];
    for (const t of this.tests) {
      if (coverageAnalysis === 'perTest') g.currentTestId = t.id;
      const start = performance.now();
      const failure = runOne(t);
      const timeSpentMs = Math.round(performance.now() - start);
      g.currentTestId = undefined;
      results.push(
        failure === undefined
          ? { id: t.id, name: t.id, status: TestStatus.Success, timeSpentMs }
          : { id: t.id, name: t.id, status: TestStatus.Failed, failureMessage: failure, timeSpentMs },
      );
    }
    return {
      status: DryRunStatus.Complete,
      tests: results,
      ...(coverageAnalysis === 'off' ? {} : { mutantCoverage: g.mutantCoverage }),
    };
  }

  async mutantRun({ activeMutant, testFilter, hitLimit }) {
    const g = ns();
    g.mutantCoverage = undefined;
    g.currentTestId = undefined;
    g.hitCount = hitLimit === undefined ? undefined : 0;
    g.hitLimit = hitLimit;
    g.activeMutant = activeMutant.id;
    this.forgetSetUps();
    const chosen = testFilter === undefined ? this.tests : testFilter.map((id) => this.byId.get(id)).filter(Boolean);
    // The runs aimed at the mutant's own guard first: under the cap they decide most guard mutants.
    const guard = guardOf(activeMutant, this.guardAt);
    const aimed =
      guard === undefined ? [] : chosen.filter((t) => t.aims?.includes(guard) ?? t.id.endsWith(`/${guard}`));
    const tests = [...aimed, ...interleave(chosen.filter((t) => !aimed.includes(t)))];
    const start = performance.now();
    let n = 0;
    try {
      for (const t of tests) {
        if (CAP_MS > 0 && n > 0 && performance.now() - start > CAP_MS) break;
        n++;
        const failure = runOne(t);
        if (hitLimit !== undefined && g.hitCount > hitLimit) {
          return { status: MutantRunStatus.Timeout, reason: `hit limit ${hitLimit} reached` };
        }
        if (failure !== undefined) {
          return { status: MutantRunStatus.Killed, killedBy: [t.id], failureMessage: failure, nrOfTests: n };
        }
      }
      return { status: MutantRunStatus.Survived, nrOfTests: n };
    } finally {
      g.activeMutant = undefined;
    }
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.TestRunner, 'apln-oracle', OracleTestRunner)];
