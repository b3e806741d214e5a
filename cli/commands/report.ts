/**
 * `apln report [--out DIR|FILE.html] [INPUT …]`: the designers' report, one self-contained HTML page. INPUTs
 * are files the CLI wrote (report/README.md lists the kinds); with none, every protocol variant is checked
 * first (as `npm start` does) and the page is drawn from that check's JSON.
 */
import * as path from 'node:path';
import { KNOWN_INPUTS } from '../../report/inputs.ts';
import { parseArgs } from '../args.ts';
import { EXIT, type Command } from '../command.ts';
import type { Env } from '../registry.ts';
import { fileUrl, writeDesignersReport } from '../designers-report.ts';
import { checkAll } from './check.ts';
import { writeOutput } from '../write-output.ts';

const FLAGS = { out: { kind: 'string' }, title: { kind: 'string' } } as const;

const usage = `Usage: apln report [--out DIR|FILE.html] [--title TEXT] [INPUT …]

Writes the designers' report: one self-contained HTML page (no network; opens from file://) with the
variants × properties table, a sequence diagram and the changed fields of every counterexample and witness,
the state-space figures, action coverage, and, when given, the conformance, coalition and parameter-region
results. The page is DIR/report.html (default out/report.html), or FILE.html.

INPUT is a file written by apln: ${KNOWN_INPUTS}. A directory stands for the ITF traces in it. The traces
a check result names are read too. With no INPUT, every protocol variant is checked first (traces and
check.json go to DIR).
Exit: 0 written, 1 (no INPUT) a property did not meet its expectation, 2 bad or foreign input (the
message names the file and the JSON path).`;

export const reportCommand: Command = {
  name: 'report',
  summary: 'write the designers’ report: one HTML page (table, sequence diagrams, changed fields)',
  usage,
  async run(args, io, env: Env) {
    const { flags, positionals, help } = parseArgs(args, FLAGS, 'report');
    if (help) {
      io.out(`${usage}\n`);
      return EXIT.ok;
    }
    const target = flags.out ?? 'out';
    let inputs = positionals;
    let ok = true;
    if (inputs.length === 0) {
      const dir = target.endsWith('.html') ? path.dirname(target) : target;
      const all = await checkAll({ out: dir }, io, env);
      const jsonFile = path.join(dir, 'check.json');
      writeOutput(jsonFile, `${JSON.stringify(all.json)}\n`, `--out ${target}`);
      inputs = [jsonFile];
      ok = all.ok;
    }
    const page = writeDesignersReport(target, inputs, {
      familyOf: (m) => env.registry.find(m)?.family,
      ...(flags.title === undefined ? {} : { title: flags.title }),
    });
    io.out(
      `report: ${page.file} (${page.variants} variants, ${page.traces} traces; open it in a browser: ${fileUrl(page.file)})\n`,
    );
    return ok ? EXIT.ok : EXIT.failed;
  },
};
