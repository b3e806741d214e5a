/**
 * `apln merge PARTIAL… [--json]`: joins the partial files of a sharded run (`--shard i/N`, cli/partial.ts)
 * and prints exactly what the unsharded command prints. Each sharded command adds its merger to MERGERS.
 */
import { InputError } from '../../util/input-error.ts';
import { parseArgs } from '../args.ts';
import { EXIT, type Command } from '../command.ts';
import type { Io } from '../io.ts';
import { joinPartials } from '../partial.ts';
import type { Env } from '../registry.ts';
import { mergeCoalitions, printCoalitions } from './coalitions.ts';
import { mergeConform } from './conform.ts';
import { mergeSimulate } from './simulate.ts';
import { mergeSynth, printSynth } from './synth.ts';

const FLAGS = { json: { kind: 'boolean' }, out: { kind: 'string' } } as const;

type Merger = (
  key: unknown,
  parts: readonly { file: string; data: unknown }[],
  json: boolean,
  io: Io,
  env: Env,
  out: string | undefined,
) => number;

const MERGERS: Readonly<Record<string, Merger>> = {
  coalitions: (key, parts, json, io) => printCoalitions(mergeCoalitions(key, parts), json, io),
  conform: (key, parts, json, io) => mergeConform(key, parts, json, io),
  simulate: (key, parts, json, io, env, out) => mergeSimulate(key, parts, { json, out }, io, env),
  // The 2-D table is the one the shards' command line asked for (--table, carried in the key).
  synth: (key, parts, json, io, env) => {
    const { result, table } = mergeSynth(key, parts, env);
    return printSynth(result, json, table, io);
  },
};

const usage = `Usage: apln merge PARTIAL… [--json] [--out DIR]

Joins the partial files written by a sharded run (apln ${Object.keys(MERGERS).join('|')} … --shard i/N) and prints
what the unsharded run prints. Every shard 0..N-1 must be given exactly once, all from one run. --out: where
a merged simulation writes its traces (default out/), as apln simulate does.
Exit: as the unsharded command; 2 for a missing, repeated, corrupted or foreign partial file.`;

export const mergeCommand: Command = {
  name: 'merge',
  summary: 'join the partial files of a sharded run into the unsharded result',
  usage,
  async run(args, io, env) {
    const { flags, positionals, help } = parseArgs(args, FLAGS, 'merge');
    if (help) {
      io.out(`${usage}\n`);
      return EXIT.ok;
    }
    const { command, key, parts } = joinPartials(positionals);
    const merger = MERGERS[command];
    if (merger === undefined)
      throw new InputError(
        parts[0]!.file,
        `apln merge cannot join partials of apln ${command} (it joins: ${Object.keys(MERGERS).join(', ')})`,
      );
    return merger(
      key,
      parts.map((p) => ({ file: p.file, data: p.partial.data })),
      flags.json === true,
      io,
      env,
      flags.out,
    );
  },
};
