/**
 * Reads the specification's requirement IDs out of its markdown, and checks the index against the sections.
 *
 * - The index (`requirements.md`) is a table with one row per ID: `| R-SS-NN | role | strength | summary | file |`.
 * - A section file (`SS-name.md`) *defines* an ID with a bullet that starts with the bold ID:
 *   `- **R-02-16** (S) MUST …`. Any other occurrence of `R-SS-NN` is a *mention*.
 *
 * `checkRequirements` lists every disagreement as a sentence; an empty list means the index and the sections
 * agree. Malformed index rows throw `InputError` naming the file and line.
 */
import { InputError } from '../util/input-error.ts';

const STRENGTHS = ['MUST', 'MUST NOT', 'SHOULD', 'SHOULD NOT'] as const;
type Strength = (typeof STRENGTHS)[number];

export interface IndexRow {
  readonly id: string;
  readonly role: string;
  readonly strength: Strength;
  readonly summary: string;
  readonly file: string;
  /** 1-based line in the index file. */
  readonly line: number;
}

export interface Occurrence {
  readonly id: string;
  readonly line: number;
}

const ID = /R-\d{2}-\d{2}/g;
const ID_EXACT = /^R-(\d{2})-(\d{2})$/;
const DEFINITION = /^\s*[-*]\s+\*\*(R-\d{2}-\d{2})\*\*/;
const SECTION_FILE = /^(\d{2})-[a-z0-9-]+\.md$/;

/** Whether `name` is a section file name (`02-scheme1.md`), and its two-digit number. */
export function sectionNumber(name: string): string | undefined {
  return SECTION_FILE.exec(name)?.[1];
}

function isStrength(s: string): s is Strength {
  return (STRENGTHS as readonly string[]).includes(s);
}

/** The rows of the index table whose first cell is a requirement ID. */
export function parseIndex(markdown: string, where: string): IndexRow[] {
  const rows: IndexRow[] = [];
  markdown.split('\n').forEach((text, i) => {
    const line = i + 1;
    if (!/^\|\s*R-/.test(text)) return;
    // Cells are split on unescaped pipes (`\|` is a literal pipe in a markdown table cell).
    const cells = text
      .split(/(?<!\\)\|/)
      .slice(1, -1)
      .map((c) => c.trim().replaceAll('\\|', '|'));
    if (cells.length !== 5) {
      throw new InputError(
        `${where}:${line}`,
        `expected 5 cells (ID, role, strength, summary, file), got ${cells.length}`,
      );
    }
    const [id, role, strength, summary, file] = cells as [string, string, string, string, string];
    if (!ID_EXACT.test(id)) throw new InputError(`${where}:${line}`, `"${id}" is not an ID of the form R-SS-NN`);
    if (!isStrength(strength)) {
      throw new InputError(`${where}:${line}`, `strength "${strength}" is not one of ${STRENGTHS.join(', ')}`);
    }
    if (role === '' || summary === '') throw new InputError(`${where}:${line}`, `${id} has an empty role or summary`);
    if (sectionNumber(file) === undefined)
      throw new InputError(`${where}:${line}`, `"${file}" is not a section file name`);
    rows.push({ id, role, strength, summary, file, line });
  });
  return rows;
}

/** IDs defined (bold at the start of a bullet) in a section file. */
export function definitionsIn(markdown: string): Occurrence[] {
  const out: Occurrence[] = [];
  markdown.split('\n').forEach((text, i) => {
    const m = DEFINITION.exec(text);
    if (m?.[1] !== undefined) out.push({ id: m[1], line: i + 1 });
  });
  return out;
}

/** Every occurrence of an ID in a file, definitions included. */
export function mentionsIn(markdown: string): Occurrence[] {
  const out: Occurrence[] = [];
  markdown.split('\n').forEach((text, i) => {
    for (const m of text.matchAll(ID)) out.push({ id: m[0], line: i + 1 });
  });
  return out;
}

/**
 * Every disagreement between the index and the section files (`sections`: file name → text, section files
 * only). Checks: each indexed ID is unique, defined exactly once, in exactly the file the index names, whose
 * number is the ID's section; each defined or mentioned ID is in the index.
 */
export function checkRequirements(opts: {
  index: readonly IndexRow[];
  sections: ReadonlyMap<string, string>;
}): string[] {
  const problems: string[] = [];
  const indexed = new Map<string, IndexRow>();
  for (const row of opts.index) {
    const earlier = indexed.get(row.id);
    if (earlier !== undefined)
      problems.push(`${row.id} is listed twice in the index (lines ${earlier.line} and ${row.line})`);
    else indexed.set(row.id, row);
    const ss = ID_EXACT.exec(row.id)?.[1];
    if (ss !== sectionNumber(row.file))
      problems.push(`${row.id} is indexed under ${row.file}, whose number is not ${ss}`);
    if (!opts.sections.has(row.file)) problems.push(`${row.id} is indexed under ${row.file}, which does not exist`);
  }
  const definedIn = new Map<string, string[]>();
  for (const [file, text] of [...opts.sections].sort(([a], [b]) => a.localeCompare(b))) {
    for (const d of definitionsIn(text)) {
      const where = `${file}:${d.line}`;
      definedIn.set(d.id, [...(definedIn.get(d.id) ?? []), where]);
    }
    for (const m of mentionsIn(text)) {
      if (!indexed.has(m.id)) problems.push(`${m.id} appears in ${file}:${m.line} but is not in the index`);
    }
  }
  for (const row of indexed.values()) {
    const places = definedIn.get(row.id) ?? [];
    if (places.length === 0) problems.push(`${row.id} is in the index but defined in no section file`);
    else if (places.length > 1) problems.push(`${row.id} is defined more than once: ${places.join(', ')}`);
    else if (!places[0]!.startsWith(`${row.file}:`))
      problems.push(`${row.id} is defined in ${places[0]} but indexed under ${row.file}`);
  }
  return [...new Set(problems)];
}
