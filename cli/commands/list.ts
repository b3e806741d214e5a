/** `apln list [--json]`: the registered models by family, with parameters and properties. */
import { parseArgs, expectPositionals } from '../args.ts';
import { EXIT, type Command } from '../command.ts';
import type { Env } from '../registry.ts';
import type { ModelEntry } from '../../checker/index.ts';

const FLAGS = { json: { kind: 'boolean' } } as const;

const usage = `Usage: apln list [--json]

Lists the registered models grouped by family: each model's parameters (name, type, default) and its
properties (name, kind, expected verdict, description).`;

interface ModelListing {
  readonly name: string;
  readonly family: string;
  readonly description: string;
  readonly params: { name: string; type: string; default: unknown; description: string }[];
  readonly properties: { name: string; kind: string; expect: string; description: string }[];
}

function listing(entry: ModelEntry<unknown>): ModelListing {
  const encoded = entry.codec.encode(entry.defaults);
  const defaults = typeof encoded === 'object' && encoded !== null ? (encoded as Record<string, unknown>) : {};
  const model = entry.build(entry.defaults);
  return {
    name: entry.name,
    family: entry.family,
    description: entry.description,
    params: entry.params.map((p) => ({
      name: p.name,
      type: p.type,
      default: defaults[p.name],
      description: p.description,
    })),
    properties: model.properties.map((p) => ({
      name: p.name,
      kind: p.kind,
      expect: p.expect ?? (p.kind === 'sometimes' ? 'reached' : 'holds'),
      description: p.description,
    })),
  };
}

export const listCommand: Command = {
  name: 'list',
  summary: 'list models, their parameters and properties',
  usage,
  async run(args, io, env: Env) {
    const { flags, positionals, help } = parseArgs(args, FLAGS, 'list');
    if (help) {
      io.out(`${usage}\n`);
      return EXIT.ok;
    }
    expectPositionals(positionals, { command: 'list', names: [] });
    const models = env.registry.list().map(listing);
    const families = [...new Set(models.map((m) => m.family))];
    if (flags.json === true) {
      io.out(
        `${JSON.stringify({ families: families.map((f) => ({ family: f, models: models.filter((m) => m.family === f) })) })}\n`,
      );
      return EXIT.ok;
    }
    if (models.length === 0) io.out('no models are registered\n');
    const lines: string[] = [];
    for (const f of families) {
      lines.push(`${f}`);
      for (const m of models.filter((x) => x.family === f)) {
        lines.push(`  ${m.name}: ${m.description}`);
        for (const p of m.params)
          lines.push(`    --set ${p.name}=${JSON.stringify(p.default)}  (${p.type})  ${p.description}`);
        for (const p of m.properties) lines.push(`    ${p.kind} ${p.name} (expect ${p.expect}): ${p.description}`);
      }
      lines.push('');
    }
    io.out(lines.join('\n'));
    return EXIT.ok;
  },
};
