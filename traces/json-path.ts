/**
 * Turns io-ts validation errors into one clear sentence naming the JSON path of the first problem
 * (`states[3]["mbt::actionTaken"]: expected string, got 7`).
 */
import type * as t from 'io-ts';
import { preview } from '../util/json-input.ts';

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Appends a key to a JSON path the way JavaScript would write it: `.name`, `[3]`, `["mbt::x"]`. */
export function appendPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (path === '') return key; // top-level fields print bare: `#meta.tool`, `states[3]`
  if (IDENT.test(key)) return `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

/** The path of a context: keys of unions' and intersections' members (their index) are not part of the data. */
function contextPath(context: t.Context): string {
  let path = '';
  for (let i = 1; i < context.length; i++) {
    const parent = context[i - 1]?.type as { _tag?: string } | undefined;
    if (parent?._tag === 'UnionType' || parent?._tag === 'IntersectionType') continue;
    const entry = context[i];
    if (entry === undefined) continue;
    const parentIsList =
      parent?._tag === 'ArrayType' ||
      parent?._tag === 'ReadonlyArrayType' ||
      parent?._tag === 'TupleType' ||
      (Array.isArray(context[i - 1]?.actual) && /^(0|[1-9][0-9]*)$/.test(entry.key));
    path = appendPath(path, parentIsList ? Number(entry.key) : entry.key);
  }
  return path;
}

const show = (u: unknown): string => preview(u, 60);

export interface PathProblem {
  readonly path: string;
  readonly problem: string;
}

/**
 * The first error, preferring the deepest one (a union reports one error per member; the deepest is where
 * the data actually went wrong).
 */
export function firstProblem(errors: t.Errors): PathProblem {
  let best: t.ValidationError | undefined;
  for (const e of errors) {
    if (best === undefined || contextPath(e.context).length > contextPath(best.context).length) best = e;
  }
  if (best === undefined) return { path: '', problem: 'invalid' };
  const path = contextPath(best.context);
  if (best.message !== undefined) return { path, problem: best.message };
  const expected = best.context[best.context.length - 1]?.type.name ?? 'a value';
  if (best.value === undefined) return { path, problem: `missing (expected ${expected})` };
  return { path, problem: `expected ${expected}, got ${show(best.value)}` };
}
