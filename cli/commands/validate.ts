/** `apln validate FILE [--model NAME] [--json]`: checks a trace produced elsewhere against the model (oracle/scheme1/validate.ts). */
import { readFileSync } from 'node:fs';
import { decodeConfig } from '../../model/config.ts';
import { buildVariant } from '../../variants/index.ts';
import { VARIANTS } from '../../model/scheme1/variants.ts';
import { decodeForeignTrace, validateTrace } from '../../oracle/scheme1/validate.ts';
import { findJsonSyntaxProblem } from '../../traces/json-syntax.ts';
import { InputError } from '../../util/input-error.ts';
import { checkJsonText, cutText } from '../../util/json-input.ts';
import { expectPositionals, parseArgs } from '../args.ts';
import { EXIT, type Command } from '../command.ts';

const FLAGS = { model: { kind: 'string' }, json: { kind: 'boolean' } } as const;

const usage = `Usage: apln validate FILE [--model NAME] [--json]

Checks an ITF trace produced elsewhere (e.g. converted from another implementation's logs) against the
protocol model: state 0 must be an initial state, each next state the successor of an action the model
enables (the one named by mbt::actionTaken, when present), and every property expected to hold must hold.
The model and its config come from #meta.model and #meta.config (--model overrides the name; a missing
config means the variant's defaults). On failure it prints the first bad step, what the model expected
there, and why.
Exit: 0 valid, 1 a bad step, 2 the file is malformed.`;

/** A line of the verdict longer than this is cut, its size shown. */
const MAX_LINE = 2000;

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check a foreign trace against the model',
  usage,
  async run(args, io) {
    const { flags, positionals, help } = parseArgs(args, FLAGS, 'validate');
    if (help) {
      io.out(`${usage}\n`);
      return EXIT.ok;
    }
    expectPositionals(positionals, { command: 'validate', names: ['FILE'] });
    const file = positionals[0] as string;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new InputError(file, `cannot read: ${e instanceof Error ? e.message : String(e)}`);
    }
    checkJsonText(text, file);
    const syntax = findJsonSyntaxProblem(text);
    if (syntax !== undefined)
      throw new InputError(`${file}:${syntax.line}:${syntax.column}`, `not JSON: ${syntax.problem}`);
    const trace = decodeForeignTrace(JSON.parse(text) as unknown, file);
    const name = flags.model ?? trace['#meta']?.model;
    if (name === undefined) throw new InputError(`${file}: #meta.model`, 'missing: say which model with --model NAME');
    if (!VARIANTS.some((v) => v.name === name)) {
      // Before the config: a scheme-2 or two-payment trace's config would fail the scheme-1 codec with a misleading message.
      throw new InputError(
        flags.model === undefined ? `${file}: #meta.model` : '--model',
        `validate checks scheme-1 variants only ('${name}' is not one); replay a trace apln wrote with apln replay`,
      );
    }
    let model;
    try {
      model = buildVariant(
        name,
        trace['#meta']?.config === undefined ? undefined : decodeConfig(trace['#meta'].config),
      );
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw new InputError(
        flags.model === undefined ? `${file}: #meta.model` : '--model',
        e instanceof Error ? e.message : String(e),
      );
    }
    const r = validateTrace(model, trace, file);
    if (flags.json === true) io.out(`${JSON.stringify(r)}\n`);
    else if (r.ok)
      io.out(
        `${file}: valid: ${r.states} states, ${r.checked} steps of ${r.model} allowed by the model, every property it is meant to keep holds\n`,
      );
    else
      io.out(
        `${file}: INVALID at state ${r.bad?.step}: ${cutText(r.bad?.problem ?? '', MAX_LINE)}\n  the model expected: ${cutText(r.bad?.expected ?? '', MAX_LINE)}\n`,
      );
    return r.ok ? EXIT.ok : EXIT.failed;
  },
};
