/**
 * Reads a trace file back: JSON syntax, then the io-ts trace codec, then the checks a codec cannot
 * express (every state has every variable; every state after the first records its action). Every
 * problem is an `InputError` naming the file and the JSON path (`t.itf.json: states[3]["mbt::actionTaken"]:
 * expected string, got 7`).
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../util/input-error.ts';
import { checkJsonText } from '../util/json-input.ts';
import { ACTION_TAKEN, ItfTrace, NONDET_PICKS } from './itf.ts';
import { findJsonSyntaxProblem } from './json-syntax.ts';
import { appendPath, firstProblem } from './json-path.ts';

/** Decodes the text of a trace; `where` names it in errors (usually the file name). */
export function parseTrace(text: string, where: string): ItfTrace {
  checkJsonText(text, where);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    const p = findJsonSyntaxProblem(text);
    throw new InputError(
      where,
      p === undefined ? 'not valid JSON' : `${p.problem} at line ${p.line} column ${p.column}`,
    );
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InputError(where, 'expected an ITF trace object with "#meta", "vars" and "states"');
  }
  if (!('#meta' in raw)) throw new InputError(`${where}: #meta`, 'missing: not an apln trace (no "#meta")');
  const decoded = ItfTrace.decode(raw);
  if (decoded._tag === 'Left') {
    const { path, problem } = firstProblem(decoded.left);
    throw new InputError(path === '' ? where : `${where}: ${path}`, problem);
  }
  const trace = decoded.right as ItfTrace;
  if (trace.states.length === 0) throw new InputError(`${where}: states`, 'a trace has at least one state');
  trace.states.forEach((state, i) => {
    const at = appendPath('states', i);
    for (const v of trace.vars) {
      if (!(v in state)) throw new InputError(`${where}: ${at}`, `missing variable '${v}' (listed in vars)`);
    }
    if (i > 0) {
      if (state[ACTION_TAKEN] === undefined)
        throw new InputError(`${where}: ${appendPath(at, ACTION_TAKEN)}`, 'missing (expected string)');
      if (state[NONDET_PICKS] === undefined)
        throw new InputError(`${where}: ${appendPath(at, NONDET_PICKS)}`, 'missing (expected a record)');
    }
  });
  const meta = trace['#meta'];
  if (trace.loop !== undefined && trace.loop >= trace.states.length) {
    throw new InputError(
      `${where}: loop`,
      `${trace.loop} is not the index of a state (the trace has ${trace.states.length})`,
    );
  }
  if (meta.choices.length !== trace.states.length - 1) {
    throw new InputError(
      `${where}: #meta.choices`,
      `has ${meta.choices.length} choices for ${trace.states.length} states (expected ${trace.states.length - 1})`,
    );
  }
  if (meta.violationIndex !== undefined && meta.violationIndex >= trace.states.length) {
    throw new InputError(
      `${where}: #meta.violationIndex`,
      `${meta.violationIndex} is past the last state (${trace.states.length - 1})`,
    );
  }
  return trace;
}

/** Reads and decodes a trace file. A missing or unreadable file is an InputError too. */
export function readTraceFile(file: string): ItfTrace {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new InputError(
      file,
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? String(e)})`,
    );
  }
  return parseTrace(text, file);
}
