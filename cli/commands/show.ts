/** `apln show FILE [--mermaid]`: the sequence diagram of a trace plus its changed-fields view. */
import { readTraceFile } from '../../traces/read.ts';
import { renderTrace } from '../../traces/render.ts';
import { sequenceMermaid, sequenceText } from '../../traces/sequence.ts';
import { expectPositionals, parseArgs } from '../args.ts';
import { EXIT, type Command } from '../command.ts';
import type { Env } from '../registry.ts';
import { fileUrl, writeDesignersReport } from '../designers-report.ts';

const FLAGS = { mermaid: { kind: 'boolean' }, html: { kind: 'boolean' }, out: { kind: 'string' } } as const;

const usage = `Usage: apln show FILE [--mermaid | --html [--out PAGE.html]]

Draws the trace in FILE as a sequence diagram (messages between parties, labelled by action; chain steps
across), then each step with only the fields that changed. With --mermaid, prints Markdown: a \`\`\`mermaid
sequenceDiagram block and the changed-fields view in a text block (paste into GitHub or a Mermaid viewer).
With --html, writes a one-trace page (the report's diagram and state view; default: FILE with .html for
.itf.json) and prints its path.
Exit: 0, or 2 when the file is malformed.`;

export const showCommand: Command = {
  name: 'show',
  summary: 'draw a trace as a sequence diagram (text or --mermaid) with the changed fields',
  usage,
  async run(args, io, env: Env) {
    const { flags, positionals, help } = parseArgs(args, FLAGS, 'show');
    if (help) {
      io.out(`${usage}\n`);
      return EXIT.ok;
    }
    expectPositionals(positionals, { command: 'show', names: ['FILE'] });
    const file = positionals[0] as string;
    const trace = readTraceFile(file);
    if (flags.html === true) {
      const target = flags.out ?? `${file.replace(/\.itf\.json$|\.json$/, '')}.html`;
      const meta = trace['#meta'];
      const page = writeDesignersReport(target.endsWith('.html') ? target : `${target}.html`, [file], {
        title: `${meta.model} · ${meta.property}`,
        startView: `${meta.model}/${meta.property}`,
        familyOf: (m) => env.registry.find(m)?.family,
      });
      io.out(`${page.file} (open it in a browser: ${fileUrl(page.file)})\n`);
      return EXIT.ok;
    }
    if (flags.mermaid === true) {
      io.out(`\`\`\`mermaid\n${sequenceMermaid(trace)}\`\`\`\n\n\`\`\`text\n${renderTrace(trace, { file })}\`\`\`\n`);
    } else {
      io.out(`${sequenceText(trace)}\n${renderTrace(trace, { file })}`);
    }
    return EXIT.ok;
  },
};
