import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError } from '../util/input-error.ts';
import { checkRequirements, definitionsIn, mentionsIn, parseIndex, sectionNumber } from './requirement-ids.ts';

const specDir = fileURLToPath(new URL('.', import.meta.url));
const read = (name: string): string => readFileSync(`${specDir}${name}`, 'utf8');
const sectionFiles = readdirSync(specDir)
  .filter((f) => sectionNumber(f) !== undefined)
  .sort();

const row = (id: string, file: string): string => `| ${id} | S | MUST | does a thing | ${file} |`;

describe('the specification in spec/', () => {
  const index = parseIndex(read('requirements.md'), 'spec/requirements.md');
  const sections = new Map(sectionFiles.map((f) => [f, read(f)] as const));

  it('has every section file the README lists (00 to 12)', () => {
    expect(sectionFiles.map((f) => sectionNumber(f))).toEqual([
      '00',
      '01',
      '02',
      '03',
      '04',
      '05',
      '06',
      '07',
      '08',
      '09',
      '10',
      '11',
      '12',
    ]);
  });

  it('indexes every requirement once, defines each in exactly the file the index names, and mentions no unindexed ID', () => {
    expect(checkRequirements({ index, sections })).toEqual([]);
  });

  it('has requirements in every normative section 01 to 09, and none in 00, 10, 11 or 12', () => {
    const perSection = new Map<string, number>();
    for (const r of index) perSection.set(r.id.slice(2, 4), (perSection.get(r.id.slice(2, 4)) ?? 0) + 1);
    expect([...perSection.keys()].sort()).toEqual(['01', '02', '03', '04', '05', '06', '07', '08', '09']);
    for (const f of ['00-introduction.md', '10-properties.md', '11-open-questions.md', '12-adapter-protocol.md'])
      expect(definitionsIn(read(f))).toEqual([]);
  });

  it('numbers each section from 01 without gaps', () => {
    const bySection = new Map<string, number[]>();
    for (const r of index) {
      const ss = r.id.slice(2, 4);
      bySection.set(ss, [...(bySection.get(ss) ?? []), Number(r.id.slice(5))]);
    }
    for (const [ss, nums] of bySection) {
      expect(
        [...nums].sort((a, b) => a - b),
        `section ${ss}`,
      ).toEqual(nums.map((_, i) => i + 1));
    }
  });
});

describe('checkRequirements', () => {
  const sec = (text: string): Map<string, string> => new Map([['02-scheme1.md', text]]);

  it('accepts an index and a section that agree', () => {
    const index = parseIndex(row('R-02-01', '02-scheme1.md'), 'idx');
    expect(checkRequirements({ index, sections: sec('- **R-02-01** (S) MUST pay.\nSee R-02-01.') })).toEqual([]);
  });

  it('reports an ID listed twice in the index', () => {
    const index = parseIndex(`${row('R-02-01', '02-scheme1.md')}\n${row('R-02-01', '02-scheme1.md')}`, 'idx');
    expect(checkRequirements({ index, sections: sec('- **R-02-01** MUST pay.') })).toEqual([
      'R-02-01 is listed twice in the index (lines 1 and 2)',
    ]);
  });

  it('reports an indexed ID that no section defines', () => {
    const index = parseIndex(row('R-02-01', '02-scheme1.md'), 'idx');
    expect(checkRequirements({ index, sections: sec('R-02-01 is only mentioned here.') })).toEqual([
      'R-02-01 is in the index but defined in no section file',
    ]);
  });

  it('reports an ID defined in two places', () => {
    const index = parseIndex(row('R-02-01', '02-scheme1.md'), 'idx');
    const sections = new Map([
      ['02-scheme1.md', '- **R-02-01** MUST pay.'],
      ['03-cancellation.md', 'x\n- **R-02-01** MUST pay again.'],
    ]);
    expect(checkRequirements({ index, sections })).toEqual([
      'R-02-01 is defined more than once: 02-scheme1.md:1, 03-cancellation.md:2',
    ]);
  });

  it('reports an ID defined in a different file than the index names', () => {
    const index = parseIndex(row('R-02-01', '02-scheme1.md'), 'idx');
    const sections = new Map([
      ['02-scheme1.md', 'nothing'],
      ['03-cancellation.md', '- **R-02-01** MUST pay.'],
    ]);
    expect(checkRequirements({ index, sections })).toEqual([
      'R-02-01 is defined in 03-cancellation.md:1 but indexed under 02-scheme1.md',
    ]);
  });

  it('reports an ID indexed under a file of another section number', () => {
    const index = parseIndex(row('R-03-01', '02-scheme1.md'), 'idx');
    expect(checkRequirements({ index, sections: sec('- **R-03-01** MUST pay.') })).toEqual([
      'R-03-01 is indexed under 02-scheme1.md, whose number is not 03',
    ]);
  });

  it('reports a mentioned or defined ID that is not in the index', () => {
    const index = parseIndex(row('R-02-01', '02-scheme1.md'), 'idx');
    expect(
      checkRequirements({ index, sections: sec('- **R-02-01** MUST pay.\n- **R-02-02** MUST also (R-09-99).') }),
    ).toEqual([
      'R-02-02 appears in 02-scheme1.md:2 but is not in the index',
      'R-09-99 appears in 02-scheme1.md:2 but is not in the index',
    ]);
  });
});

describe('parseIndex', () => {
  it('rejects a row whose strength is not a key word', () => {
    expect(() => parseIndex('| R-02-01 | S | MAYBE | x | 02-scheme1.md |', 'spec/requirements.md')).toThrow(
      new InputError('spec/requirements.md:1', 'strength "MAYBE" is not one of MUST, MUST NOT, SHOULD, SHOULD NOT'),
    );
  });

  it('rejects a row with a malformed ID or a missing cell', () => {
    expect(() => parseIndex('| R-2-1 | S | MUST | x | 02-scheme1.md |', 'idx')).toThrow(
      /not an ID of the form R-SS-NN/,
    );
    expect(() => parseIndex('| R-02-01 | S | MUST | 02-scheme1.md |', 'idx')).toThrow(/expected 5 cells/);
  });

  it('ignores the header and other tables', () => {
    expect(parseIndex('| ID | Role |\n|----|----|\ntext R-02-01', 'idx')).toEqual([]);
  });
});

describe('mentionsIn and definitionsIn', () => {
  it('finds every mention with its line, and only bold bullet starts as definitions', () => {
    const text =
      'intro R-01-01 and R-01-02\n- **R-01-03** (A) MUST x\n  - **R-01-04** nested\ntext **R-01-05** not a bullet';
    expect(mentionsIn(text).map((m) => `${m.id}@${m.line}`)).toEqual([
      'R-01-01@1',
      'R-01-02@1',
      'R-01-03@2',
      'R-01-04@3',
      'R-01-05@4',
    ]);
    expect(definitionsIn(text)).toEqual([
      { id: 'R-01-03', line: 2 },
      { id: 'R-01-04', line: 3 },
    ]);
  });
});
