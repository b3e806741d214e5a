/**
 * The `mutate` ranges of `npm run mutation` (issue 10): the conditions of the refusal guards of impl/node, each
 * `if (…)` whose body is a `return nodeError(…)`, as Stryker line ranges `file:start-end` (the `if` line to the
 * return's line). APLN_MUTATE_FILES (comma-separated paths, each optionally `path:from-to` to keep the guards
 * within those lines) narrows the files; the default is every impl/node source that refuses.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** How far above a `return nodeError(` its `if (` may start (multi-line conditions). */
const MAX_CONDITION_LINES = 4;

function defaultFiles(root) {
  const dir = join(root, 'impl/node');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => `impl/node/${f}`);
}

/** The guard ranges of one file: from the nearest `if (` at or above each `return nodeError(` to that line. */
function guardRangesOf(path, text) {
  const lines = text.split('\n');
  const out = [];
  lines.forEach((line, i) => {
    if (!line.includes('return nodeError(')) return;
    for (let j = i; j >= Math.max(0, i - MAX_CONDITION_LINES); j--) {
      if (/\bif \(/.test(lines[j])) {
        out.push(`${path}:${j + 1}-${i + 1}`);
        return;
      }
      if (j < i && /[;}]\s*$/.test(lines[j]) && !/\{\s*$/.test(lines[j])) return;
    }
  });
  return out;
}

export function guardRanges(root, files = process.env.APLN_MUTATE_FILES?.split(',').filter((f) => f !== '')) {
  const chosen = files ?? defaultFiles(root);
  return chosen.flatMap((entry) => {
    const [f, window] = entry.split(':');
    const [from, to] = window === undefined ? [1, Number.POSITIVE_INFINITY] : window.split('-').map(Number);
    return guardRangesOf(f, readFileSync(join(root, f), 'utf8')).filter((r) => {
      const [a, b] = r
        .slice(f.length + 1)
        .split('-')
        .map(Number);
      return a >= from && b <= to;
    });
  });
}
