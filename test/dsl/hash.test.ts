// Structural hashing of values without numeric keys (tuples, grids, sets of sets): equal values
// hash alike whatever their representation, and the primitives that count or deduplicate them
// (dedupe, mostcommon, leastcommon, difference, palette of odd grids) find equal values.
import { describe, expect, it } from 'vitest';
import { FrozenSet, ValueTable, equal, frozenset, hashOf, type Value } from '../../src/dsl/values.js';
import { primitives as p } from '../../src/dsl/index.js';

describe('hashOf', () => {
  it('hashes equal values alike: True and 1, tuples holding them, sets built in any order', () => {
    expect(hashOf(true)).toBe(hashOf(1));
    expect(hashOf([true, [0, false]])).toBe(hashOf([1, [0, 0]]));
    const a = frozenset([3, 1, 2, 9, 17, 33]), b = frozenset([33, 17, 9, 2, 1, 3]);
    expect(a.items).not.toEqual(b.items); // CPython's order depends on insertion history
    expect(equal(a, b)).toBe(true);
    expect(hashOf(a)).toBe(hashOf(b));
  });

  it('hashes a packed set of locations or cells like the same set made of tuples', () => {
    const locs: Value[] = [[0, 1], [2, 3], [-1, 4]];
    const packed = frozenset(locs);
    const tuples = FrozenSet.trusted([...packed.items], 'other');
    expect(packed.packedKeys()).toBeDefined();
    expect(equal(packed, tuples)).toBe(true);
    expect(hashOf(packed)).toBe(hashOf(tuples));
    const cells = frozenset([[5, [0, 1]], [2, [3, 3]]]);
    expect(hashOf(cells)).toBe(hashOf(FrozenSet.trusted([...cells.items], 'other')));
  });

  it('tells different values apart (no collisions among small grids and sets)', () => {
    const values: Value[] = [];
    for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) for (let c = 0; c < 4; c++) values.push([[a, b], [c, a]], frozenset([[a, b], [b, c]]), [a, b, c]);
    const hashes = new Map<number, Value>();
    let collisions = 0;
    for (const v of values) {
      const h = hashOf(v);
      const seen = hashes.get(h);
      if (seen !== undefined && !equal(seen, v)) collisions++;
      hashes.set(h, v);
    }
    expect(collisions).toBe(0);
  });
});

describe('ValueTable', () => {
  it('gives each distinct value the next index and finds equal ones', () => {
    const t = new ValueTable();
    expect(t.add([1, 2, 3])).toBe(0);
    expect(t.add(frozenset([1, 2]))).toBe(1);
    expect(t.add([true, 2, 3])).toBe(0);
    expect(t.add(frozenset([2, 1]))).toBe(1);
    expect(t.find([1, 2])).toBe(-1);
    expect(t.size).toBe(2);
  });
});

describe('primitives that hash values without keys', () => {
  it('dedupe keeps the first of equal grid rows, sets and nested tuples', () => {
    const row = [1, 2, 3];
    expect(p.dedupe([row, [4, 5, 6], [1, 2, 3], [true, 2, 3], [4, 5, 6]])).toEqual([row, [4, 5, 6]]);
    const s = frozenset([[0, 0], [1, 1]]);
    const out = p.dedupe([s, FrozenSet.trusted([...s.items], 'other'), frozenset([1])]) as Value[];
    expect(out.length).toBe(2);
    expect(out[0]).toBe(s);
  });

  it('mostcommon and leastcommon count equal grids and sets together', () => {
    const g = [[1, 2], [3, 4]];
    expect(p.mostcommon([[[0]], g, [[1, 2], [3, 4]], [[true, 2], [3, 4]], [[0]]])).toEqual(g);
    expect(equal(p.leastcommon([frozenset([1, 2]), frozenset([2, 1]), frozenset([3])]), frozenset([3]))).toBe(true);
  });

  it('difference of tuples removes the members equal to any of a long tuple', () => {
    const b: Value[] = Array.from({ length: 12 }, (_, k) => [k, [k]]);
    expect(p.difference([[3, [3]], [3, [4]], [true, [1]]], b)).toEqual([[3, [4]]]);
  });

  it('palette and mostcolor of a grid of tuples and sets', () => {
    const g = [[[1, 2], frozenset([1, 2])], [[1, 2], frozenset([2, 1])], [[1, 2], 0]];
    expect(p.mostcolor(g)).toEqual([1, 2]);
    expect((p.palette(g) as FrozenSet).size).toBe(3);
  });
});
