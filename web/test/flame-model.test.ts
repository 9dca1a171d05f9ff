import { describe, expect, it } from 'vitest';
import type { DiffFlamebearer, Flamebearer } from '../src/api/types';
import { ABSOLUTE_WEIGHTS, fromDiffFlamebearer, fromFlamebearer, nodeAt, pathOf, reweigh } from '../src/model/flame-model';
import { sandwich } from '../src/model/sandwich';
import { search } from '../src/model/search';

// total(10) → a(6, self 1) → c(5); total → b(4). Children start at the parent's x + self (profile-core's layout).
const single: Flamebearer = {
  names: ['total', 'a', 'b', 'c'],
  levels: [
    [0, 10, 0, 0],
    [0, 6, 1, 1, 0, 4, 4, 2],
    [1, 5, 5, 3],
  ],
  numTicks: 10,
  maxSelf: 5,
};

// Left as above; right: b grew from 4 to 14, and a new d(2) under b.
const diff: DiffFlamebearer = {
  names: ['total', 'a', 'b', 'c', 'd'],
  levels: [
    [0, 10, 0, 0, 22, 0, 0],
    [0, 6, 1, 0, 6, 1, 1, 0, 4, 4, 0, 16, 14, 2],
    [1, 5, 5, 1, 5, 5, 3, 4, 0, 0, 14, 2, 2, 4],
  ],
  numTicks: 32,
  maxSelf: 14,
  leftTicks: 10,
  rightTicks: 22,
};

describe('fromFlamebearer', () => {
  const m = fromFlamebearer(single);

  it('decodes delta-encoded x into absolute starts', () => {
    expect(Array.from(m.start)).toEqual([0, 0, 6, 1]);
    expect(Array.from(m.total)).toEqual([10, 6, 4, 5]);
    expect(Array.from(m.self)).toEqual([0, 1, 4, 5]);
    expect(m.numTicks).toBe(10);
    expect(m.depth).toBe(3);
  });

  it('links parents and contiguous children', () => {
    expect(Array.from(m.parent)).toEqual([-1, 0, 0, 1]);
    expect(m.firstChild[0]).toBe(1);
    expect(m.childCount[0]).toBe(2);
    expect(m.firstChild[1]).toBe(3);
    expect(m.childCount[2]).toBe(0);
  });

  it('names nodes by path and finds them again', () => {
    expect(pathOf(m, 3)).toEqual(['a', 'c']);
    expect(nodeAt(m, ['a', 'c'])).toBe(3);
    expect(nodeAt(m, ['a', 'missing'])).toBe(1);
    expect(nodeAt(m, [])).toBe(0);
  });

  it('treats an empty flamebearer as an empty graph', () => {
    const empty = fromFlamebearer({ names: ['total'], levels: [], numTicks: 0, maxSelf: 0 });
    expect(empty.count).toBe(1);
    expect(empty.numTicks).toBe(0);
  });
});

describe('fromDiffFlamebearer', () => {
  it('keeps both sides and links on the combined geometry', () => {
    const m = fromDiffFlamebearer(diff, ABSOLUTE_WEIGHTS);
    expect(Array.from(m.parent)).toEqual([-1, 0, 0, 1, 2]);
    expect(Array.from(m.diff!.rightTotal)).toEqual([22, 6, 16, 5, 2]);
    expect(Array.from(m.diff!.leftTotal)).toEqual([10, 6, 4, 5, 0]);
    // absolute: widths are left + right
    expect(Array.from(m.total)).toEqual([32, 12, 20, 10, 2]);
    expect(m.start[4]).toBe(10 + 20); // each side: b.x + b.self
  });

  it('lays out shares when relative, so both sides weigh the same', () => {
    const m = fromDiffFlamebearer(diff);
    expect(m.numTicks).toBeCloseTo(2);
    expect(m.total[2]).toBeCloseTo(4 / 10 + 16 / 22);
    // children still nest inside their parents
    for (let n = 1; n < m.count; n++) {
      const p = m.parent[n]!;
      expect(m.start[n]!).toBeGreaterThanOrEqual(m.start[p]! + m.self[p]! - 1e-9);
      expect(m.start[n]! + m.total[n]!).toBeLessThanOrEqual(m.start[p]! + m.total[p]! + 1e-9);
    }
  });

  it('gives one side alone for side-by-side graphs', () => {
    const right = reweigh(fromDiffFlamebearer(diff), { left: 0, right: 1 });
    expect(right.numTicks).toBe(22);
    expect(Array.from(right.total)).toEqual([22, 6, 16, 5, 2]);
  });
});

describe('search', () => {
  const m = fromFlamebearer(single);

  it('counts matches but not a match inside a match twice', () => {
    const r = search(m, 'A')!;
    expect(r.count).toBe(1);
    expect(r.value).toBe(6);
    expect(r.share).toBeCloseTo(0.6);
    const both = search(m, '/^[ac]$/')!;
    expect(both.count).toBe(2);
    expect(both.value).toBe(6);
  });

  it('returns null for an empty query and nothing for a bad regex', () => {
    expect(search(m, '  ')).toBeNull();
    expect(search(m, '/(/')!.count).toBe(0);
  });
});

describe('sandwich', () => {
  it('puts callers above and merges callees of outermost calls', () => {
    // total → x → f → g ; total → y → f → f(recursive) → g
    const fb: Flamebearer = {
      names: ['total', 'x', 'y', 'f', 'g'],
      levels: [
        [0, 10, 0, 0],
        [0, 4, 0, 1, 0, 6, 0, 2],
        [0, 4, 1, 3, 0, 6, 0, 3],
        [1, 3, 3, 4, 4, 6, 1, 3],
        [5, 5, 5, 4],
      ],
      numTicks: 10,
      maxSelf: 5,
    };
    const s = sandwich(fromFlamebearer(fb), 'f')!;
    expect(s.total).toBe(10);
    expect(s.self).toBe(2);
    // callers: f(10) → x(4), y(6)
    expect(s.callers.names[s.callers.name[0]!]).toBe('f');
    expect(s.callers.childCount[0]).toBe(2);
    // callees: f(10, self 1+0+1) → g(3+5), f(6)
    const callees = s.callees;
    expect(callees.total[0]).toBe(10);
    const children = Array.from({ length: callees.childCount[0]! }, (_, i) => callees.firstChild[0]! + i).map((n) => [
      callees.names[callees.name[n]!],
      callees.total[n],
    ]);
    expect(children).toEqual([
      ['f', 6],
      ['g', 3],
    ]);
    expect(sandwich(fromFlamebearer(fb), 'nope')).toBeNull();
  });
});
