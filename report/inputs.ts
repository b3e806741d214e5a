/**
 * The report's inputs: files the CLI wrote (`apln check --json` output, ITF traces, `apln conform --json`,
 * `apln conform --mutants --json`, `apln coalitions --json`, `apln synth --json`), each recognised by its
 * shape (DETECTORS: one line per kind, so a new kind is one more line and one more codec), then decoded.
 * A file that is not JSON, not one of these, or one of these with a bad field is an `InputError` naming the
 * file and the JSON path. The traces a check result names are read too.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type * as t from 'io-ts';
import { parseTrace } from '../traces/read.ts';
import type { ItfTrace } from '../traces/itf.ts';
import { findJsonSyntaxProblem } from '../traces/json-syntax.ts';
import { firstProblem } from '../traces/json-path.ts';
import { InputError } from '../util/input-error.ts';
import {
  CheckAllJsonCodec,
  CoalitionsJsonCodec,
  ConformJsonCodec,
  MutantsJsonCodec,
  RunJsonCodec,
  SynthJsonCodec,
} from './codecs.ts';
import type { ExtraInputs, RunJson } from './data.ts';

type InputKind = 'check' | 'trace' | 'conform' | 'mutants' | 'coalitions' | 'synth';

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);
const firstOf = (u: unknown): unknown => (Array.isArray(u) ? u[0] : undefined);

/** How each kind is recognised (its distinguishing fields), in the order tried. */
const DETECTORS: readonly {
  readonly kind: InputKind;
  readonly what: string;
  readonly test: (u: unknown) => boolean;
}[] = [
  { kind: 'trace', what: 'an ITF trace ("#meta", "vars", "states")', test: (u) => isRecord(u) && '#meta' in u },
  {
    kind: 'check',
    what: 'apln check --json ("models", or "model" and "properties")',
    test: (u) => isRecord(u) && ('models' in u || ('model' in u && 'properties' in u)),
  },
  {
    kind: 'conform',
    what: 'apln conform --json ("suites", "divergences")',
    test: (u) => isRecord(u) && 'suites' in u && 'divergences' in u,
  },
  {
    kind: 'mutants',
    what: 'apln conform --mutants --json (a list of {"mutant", "caught"})',
    test: (u) => isRecord(firstOf(u)) && 'mutant' in (firstOf(u) as object),
  },
  {
    kind: 'coalitions',
    what: 'apln coalitions --json ("format": "apln-coalitions")',
    test: (u) => isRecord(u) && u.format === 'apln-coalitions',
  },
  {
    kind: 'synth',
    what: 'apln synth --json ("format": "apln-synth")',
    test: (u) => isRecord(u) && u.format === 'apln-synth',
  },
];

/** The kinds the report reads, as a sentence (for the foreign-input message and --help). */
export const KNOWN_INPUTS = DETECTORS.map((d) => d.what).join('; ');

export interface ReadInputs extends ExtraInputs {
  readonly runs: RunJson[];
  /** Every trace read, with the file name as given. */
  readonly traces: { readonly file: string; readonly trace: ItfTrace }[];
  readonly sources: { readonly file: string; readonly kind: InputKind }[];
}

function readText(file: string, where = file): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new InputError(
      where,
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? String(e)})`,
    );
  }
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const p = findJsonSyntaxProblem(text);
    throw new InputError(
      file,
      p === undefined ? 'not valid JSON' : `${p.problem} at line ${p.line} column ${p.column}`,
    );
  }
}

function decode<A>(codec: t.Type<A, unknown>, raw: unknown, file: string, prefix = ''): A {
  const r = codec.decode(raw);
  if (r._tag === 'Right') return r.right;
  const { path: at, problem } = firstProblem(r.left);
  const full = prefix === '' ? at : at === '' ? prefix : at.startsWith('[') ? `${prefix}${at}` : `${prefix}.${at}`;
  throw new InputError(full === '' ? file : `${file}: ${full}`, problem);
}

/** Recognises one parsed JSON value; a foreign one is an InputError naming what was expected. */
function detectKind(raw: unknown, file: string): InputKind {
  const d = DETECTORS.find((x) => x.test(raw));
  if (d === undefined) throw new InputError(file, `not an input of apln report: expected ${KNOWN_INPUTS}`);
  return d.kind;
}

/** Where a check result's trace file is: as written (relative to the working directory), else beside the JSON. */
function locateTrace(traceFile: string, jsonFile: string): string | undefined {
  if (existsSync(traceFile)) return traceFile;
  const beside = path.join(path.dirname(jsonFile), path.basename(traceFile));
  return existsSync(beside) ? beside : undefined;
}

/** The inputs' files: a directory stands for the ITF traces in it. */
function expand(inputs: readonly string[]): string[] {
  const files: string[] = [];
  for (const input of inputs) {
    let dir = false;
    try {
      dir = statSync(input).isDirectory();
    } catch {
      dir = false;
    }
    if (!dir) files.push(input);
    else
      files.push(
        ...readdirSync(input)
          .filter((f) => f.endsWith('.itf.json'))
          .sort()
          .map((f) => path.join(input, f)),
      );
  }
  return files;
}

/** Reads and decodes every input; the traces named by check results are read too (once each). */
export function readInputs(inputs: readonly string[]): ReadInputs {
  const runs: RunJson[] = [];
  const traces: ReadInputs['traces'] = [];
  const sources: ReadInputs['sources'] = [];
  const seen = new Set<string>();
  const extra: { -readonly [K in keyof ExtraInputs]: ExtraInputs[K] } = {};
  const addTrace = (file: string, where: string): void => {
    const key = path.resolve(file);
    if (seen.has(key)) return;
    seen.add(key);
    traces.push({ file, trace: parseTrace(readText(file, where), file) });
  };
  for (const file of expand(inputs)) {
    const text = readText(file);
    const raw = parseJson(text, file);
    const kind = detectKind(raw, file);
    sources.push({ file, kind });
    switch (kind) {
      case 'trace':
        addTrace(file, file);
        break;
      case 'check': {
        const models =
          isRecord(raw) && 'models' in raw
            ? decode(CheckAllJsonCodec, raw, file).models
            : [decode(RunJsonCodec, raw, file)];
        const prefix = isRecord(raw) && 'models' in raw ? 'models' : '';
        models.forEach((run, i) => {
          runs.push(run as RunJson);
          const at = prefix === '' ? '' : `${prefix}[${i}].`;
          const named = [
            ...run.properties.map((p, j) => ({ traceFile: p.traceFile, where: `${at}properties[${j}].traceFile` })),
            { traceFile: run.deadlock?.traceFile, where: `${at}deadlock.traceFile` },
          ];
          for (const n of named) {
            if (n.traceFile === undefined) continue;
            const found = locateTrace(n.traceFile, file);
            if (found === undefined) throw new InputError(`${file}: ${n.where}`, `no such file: ${n.traceFile}`);
            addTrace(found, `${file}: ${n.where}`);
          }
        });
        break;
      }
      case 'conform':
        extra.conform = decode(ConformJsonCodec, raw, file);
        break;
      case 'mutants':
        extra.mutants = decode(MutantsJsonCodec, raw, file);
        break;
      case 'coalitions':
        extra.coalitions = decode(CoalitionsJsonCodec, raw, file);
        break;
      case 'synth':
        extra.synth = decode(SynthJsonCodec, raw, file);
        break;
    }
  }
  return { runs, traces, sources, ...extra };
}
