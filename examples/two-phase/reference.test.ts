/**
 * The packed TwoPhase against a plain transcription of TwoPhase.tla over objects and sets: from every
 * reachable state, both give the same set of successors (compared as ITF), for 1 to 4 RMs.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { buildTwoPhase } from './model.ts';

interface Plain {
  rmState: string[];
  tmState: string;
  tmPrepared: Set<number>;
  msgs: Set<string>; // 'Prepared:r', 'Commit', 'Abort'
}

/** TPNext, read off the TLA+ text: every disjunct, every RM. */
function plainNext(s: Plain, n: number): Plain[] {
  const out: Plain[] = [];
  const copy = (): Plain => ({
    rmState: [...s.rmState],
    tmState: s.tmState,
    tmPrepared: new Set(s.tmPrepared),
    msgs: new Set(s.msgs),
  });
  // TMCommit
  if (s.tmState === 'init' && s.tmPrepared.size === n) {
    const t = copy();
    t.tmState = 'committed';
    t.msgs.add('Commit');
    out.push(t);
  }
  // TMAbort
  if (s.tmState === 'init') {
    const t = copy();
    t.tmState = 'aborted';
    t.msgs.add('Abort');
    out.push(t);
  }
  for (let r = 0; r < n; r++) {
    if (s.tmState === 'init' && s.msgs.has(`Prepared:${r}`)) {
      const t = copy();
      t.tmPrepared.add(r);
      out.push(t);
    }
    if (s.rmState[r] === 'working') {
      const t = copy();
      t.rmState[r] = 'prepared';
      t.msgs.add(`Prepared:${r}`);
      out.push(t);
      const u = copy();
      u.rmState[r] = 'aborted';
      out.push(u);
    }
    if (s.msgs.has('Commit')) {
      const t = copy();
      t.rmState[r] = 'committed';
      out.push(t);
    }
    if (s.msgs.has('Abort')) {
      const t = copy();
      t.rmState[r] = 'aborted';
      out.push(t);
    }
  }
  return out;
}

function plainItf(s: Plain): string {
  const rm = (r: number): string => `r${r + 1}`;
  const msgs = [...s.msgs]
    .map((m) => (m.startsWith('Prepared:') ? { type: 'Prepared', rm: rm(Number(m.slice(9))) } : { type: m }))
    .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  return JSON.stringify({
    rmState: { '#map': s.rmState.map((st, r) => [rm(r), st]) },
    tmState: s.tmState,
    tmPrepared: { '#set': [...s.tmPrepared].sort((a, b) => a - b).map(rm) },
    msgs: { '#set': msgs },
  });
}

describe('two-phase against a plain transcription of TwoPhase.tla', () => {
  it.each([1, 2, 3, 4])('gives the same successors from every reachable state (rm=%i)', (n) => {
    const model = buildTwoPhase({ rm: n });
    const init: Plain = {
      rmState: Array<string>(n).fill('working'),
      tmState: 'init',
      tmPrepared: new Set(),
      msgs: new Set(),
    };
    expect(JSON.stringify(model.toItf(model.init()[0]!))).toBe(plainItf(init));
    const seen = new Map<string, { packed: number; plain: Plain }>([
      [plainItf(init), { packed: model.init()[0]!, plain: init }],
    ]);
    const queue = [...seen.values()];
    for (let h = 0; h < queue.length; h++) {
      const { packed, plain } = queue[h]!;
      const packedSucc = model.actions(packed).map((a) => model.next(packed, a));
      const plainSucc = plainNext(plain, n);
      const a = packedSucc.map((t) => JSON.stringify(model.toItf(t))).sort();
      const b = plainSucc.map(plainItf).sort();
      expect(a).toEqual(b);
      plainSucc.forEach((t) => {
        const key = plainItf(t);
        if (!seen.has(key)) {
          const p = packedSucc.find((x) => JSON.stringify(model.toItf(x)) === key)!;
          seen.set(key, { packed: p, plain: t });
          queue.push({ packed: p, plain: t });
        }
      });
    }
    // The plain search's count is the checker's (and TLC's 288 for rm=3).
    expect(check(model).distinctStates).toBe(seen.size);
    if (n === 3) expect(seen.size).toBe(288);
  });
});
