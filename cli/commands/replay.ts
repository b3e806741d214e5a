/** `apln replay FILE [--json]`: rebuilds the recorded run, checks every state, shows the path. */
import { readTraceFile } from '../../traces/read.ts';
import { renderTrace } from '../../traces/render.ts';
import { InputError } from '../../util/input-error.ts';
import { replayTrace } from '../../traces/replay.ts';
import { expectPositionals, parseArgs } from '../args.ts';
import { EXIT, type Command } from '../command.ts';
import type { Env } from '../registry.ts';
import { conformCommand } from './conform.ts';

const FLAGS = {
  json: { kind: 'boolean' },
  against: { kind: 'string' },
  'max-steps': { kind: 'positive-int' },
} as const;

/** With --against impl, a trace of more oracle steps than this is refused unless --max-steps says otherwise (10,000 steps take about 95 s). */
const DEFAULT_MAX_IMPL_STEPS = 1000;

const usage = `Usage: apln replay FILE [--json] [--against impl [--max-steps N]]

Rebuilds the run recorded in FILE (an .itf.json trace written by apln) from its model, config and
choices; checks that every recorded state, action and pick matches the rebuilt one; re-evaluates the
recorded property; and prints the whole path with the violating step marked.
With --against impl, FILE is a counterexample written by apln conform: its steps are rerun against the
implementation (impl/) beside the model, and the recorded failure must reproduce (as conform --replay);
a trace of more than --max-steps oracle steps (default ${DEFAULT_MAX_IMPL_STEPS}) is refused before it runs.
Exit: 0 the recording and its verdict reproduce, 1 the replay diverges or the verdict does not
reproduce, 2 the file is malformed (the message names the JSON path).`;

export const replayCommand: Command = {
  name: 'replay',
  summary: 'replay a trace file and check that it reproduces',
  usage,
  async run(args, io, env: Env) {
    const { flags, positionals, help } = parseArgs(args, FLAGS, 'replay');
    if (help) {
      io.out(`${usage}\n`);
      return EXIT.ok;
    }
    expectPositionals(positionals, { command: 'replay', names: ['FILE'] });
    const file = positionals[0] as string;
    if (flags['max-steps'] !== undefined && flags.against === undefined)
      throw new InputError('--max-steps', 'only with --against impl');
    if (flags.against !== undefined) {
      if (flags.against !== 'impl') throw new InputError('--against', `expected 'impl', got '${flags.against}'`);
      const steps = (
        (readTraceFile(file)['#meta'] as Record<string, unknown>).oracle as { steps?: unknown } | undefined
      )?.steps;
      const max = flags['max-steps'] ?? DEFAULT_MAX_IMPL_STEPS;
      if (Array.isArray(steps) && steps.length > max) {
        throw new InputError(
          `${file}: #meta.oracle.steps`,
          `${steps.length} steps, more than --max-steps ${max}; raise --max-steps to run it`,
        );
      }
      return conformCommand.run(['--replay', file, ...(flags.json === true ? ['--json'] : [])], io, env);
    }
    const trace = readTraceFile(file);
    if ((trace['#meta'] as Record<string, unknown>).oracle !== undefined) {
      throw new InputError(
        `${file}: #meta.oracle`,
        'this trace was written by apln conform (a divergence between model and implementation): replay it with --against impl',
      );
    }
    const out = replayTrace(trace, {
      where: file,
      find: env.registry.find,
      known: () => env.registry.list().map((e) => e.name),
    });
    const ok = out.mismatch === undefined && out.reproduced;
    const meta = trace['#meta'];
    if (flags.json === true) {
      io.out(
        `${JSON.stringify({
          file,
          model: meta.model,
          property: meta.property,
          kind: meta.kind,
          verdict: meta.verdict,
          states: trace.states.length,
          matches: out.mismatch === undefined,
          ...(out.mismatch === undefined ? {} : { mismatch: out.mismatch }),
          reproduced: out.reproduced,
          message: out.verdictMessage,
          ok,
        })}\n`,
      );
    } else {
      io.out(
        renderTrace(trace, {
          file,
          ...(out.mismatch === undefined
            ? {}
            : { divergence: { step: out.mismatch.step, message: out.mismatch.message } }),
        }),
      );
      io.out('\n');
      io.out(
        out.mismatch === undefined
          ? `replay: all ${trace.states.length} states, actions and picks match the recording\n`
          : `replay DIVERGES at step ${out.mismatch.step}: ${out.mismatch.message}\n`,
      );
      io.out(
        out.reproduced
          ? `replay: the verdict reproduces: ${out.verdictMessage}\n`
          : `replay: the verdict does NOT reproduce: ${out.verdictMessage}\n`,
      );
    }
    return ok ? EXIT.ok : EXIT.failed;
  },
};
