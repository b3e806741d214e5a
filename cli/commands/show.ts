/** `apln show FILE [--mermaid]`: the sequence diagram of a trace plus its changed-fields view. */
import { readTraceFile } from '../../traces/read.ts';
import { renderTrace } from '../../traces/render.ts';
import { sequenceMermaid, sequenceText } from '../../traces/sequence.ts';
import { expectPositionals, parseArgs } from '../args.ts';
import { EXIT, type Command } from '../command.ts';

const FLAGS = { mermaid: { kind: 'boolean' } } as const;

const usage = `Usage: apln show FILE [--mermaid]

Draws the trace in FILE as a sequence diagram (messages between parties, labelled by action; chain steps
across), then each step with only the fields that changed. With --mermaid, prints Markdown: a \`\`\`mermaid
sequenceDiagram block and the changed-fields view in a text block (paste into GitHub or a Mermaid viewer).
Exit: 0, or 2 when the file is malformed.`;

export const showCommand: Command = {
  name: 'show',
  summary: 'draw a trace as a sequence diagram (text or --mermaid) with the changed fields',
  usage,
  async run(args, io) {
    const { flags, positionals, help } = parseArgs(args, FLAGS, 'show');
    if (help) {
      io.out(`${usage}\n`);
      return EXIT.ok;
    }
    expectPositionals(positionals, { command: 'show', names: ['FILE'] });
    const file = positionals[0] as string;
    const trace = readTraceFile(file);
    if (flags.mermaid === true) {
      io.out(`\`\`\`mermaid\n${sequenceMermaid(trace)}\`\`\`\n\n\`\`\`text\n${renderTrace(trace, { file })}\`\`\`\n`);
    } else {
      io.out(`${sequenceText(trace)}\n${renderTrace(trace, { file })}`);
    }
    return EXIT.ok;
  },
};
