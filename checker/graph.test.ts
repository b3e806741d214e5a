import { describe, expect, it } from 'vitest';
import { StateGraph } from './graph.ts';
import { Int32Chunks } from './int32-chunks.ts';

describe('Int32Chunks', () => {
  it('reads back every value pushed across several chunks, and a value set later', () => {
    const a = new Int32Chunks();
    const n = 3 * 65_536 + 17;
    for (let k = 0; k < n; k++) a.push(k * 7 - 1_000_000);
    a.set(65_536, -5);
    expect(a.length).toBe(n);
    expect(a.get(0)).toBe(-1_000_000);
    expect(a.get(65_535)).toBe(65_535 * 7 - 1_000_000);
    expect(a.get(65_536)).toBe(-5);
    expect(a.get(n - 1)).toBe((n - 1) * 7 - 1_000_000);
    expect(a.byteLength).toBe(4 * 65_536 * 4);
  });
});

describe('StateGraph', () => {
  const graph = (): StateGraph => {
    const g = new StateGraph(2);
    for (let v = 0; v < 4; v++) g.addState(v, v);
    return g;
  };

  it("keeps each state's out-edges as one range, in any order of states (DFS expands out of id order)", () => {
    const g = graph();
    g.addEdge(2, 3, g.labelId('b'), 0);
    g.addEdge(2, 2, g.labelId('a'), 1);
    g.addEdge(0, 2, g.labelId('a'), 0);
    g.markExpanded(2);
    expect([g.edgesFrom(2), g.edgesTo(2)]).toEqual([0, 2]);
    expect([g.edgesFrom(0), g.edgesTo(0)]).toEqual([2, 3]);
    expect([g.edgesFrom(1), g.edgesTo(1)]).toEqual([0, 0]);
    expect([g.target(1), g.labelOf(1), g.choiceOf(1)]).toEqual([2, g.findLabel('a'), 1]);
    expect([g.isExpanded(2), g.isExpanded(0)]).toEqual([true, false]);
    expect(g.predBits(3)).toBe(3);
    expect([g.stateCount, g.edgeCount]).toEqual([4, 3]);
  });

  it("refuses a state's out-edges added in two parts, an edge from an unknown state, and a state out of order", () => {
    const g = graph();
    g.addEdge(1, 0, 0, 0);
    g.addEdge(2, 0, 0, 0);
    expect(() => g.addEdge(1, 3, 0, 1)).toThrow(/out-edges of state 1 added in two parts/);
    expect(() => g.addEdge(9, 3, 0, 1)).toThrow(/edge from unknown state 9/);
    expect(() => g.addState(7, 0)).toThrow(/state 7 added out of order/);
  });

  it('keeps no out-edge of a state where every eventually predicate holds (nothing reads it)', () => {
    const g = graph();
    g.addEdge(3, 0, g.labelId('x'), 0);
    g.addEdge(3, 1, g.labelId('y'), 1);
    g.addEdge(1, 3, g.labelId('x'), 0);
    expect(g.edgeCount).toBe(1);
    expect([g.edgesFrom(3), g.edgesTo(3)]).toEqual([0, 0]);
    expect([g.edgesFrom(1), g.edgesTo(1), g.target(0)]).toEqual([0, 1, 3]);
    expect(g.findLabel('y')).toBe(1);
    expect(() => new StateGraph(0)).toThrow(/1 to 31/);
  });
});
