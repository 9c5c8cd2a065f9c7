// Packed sets' key machinery: sorting, and set operations on keys agreeing with the generic path.
import { describe, expect, it } from 'vitest';
import { FrozenSet, frozenset, dslFunction, naturalCompare, loc, cell, sortDistinct, newKeys, pairKey, pairI, pairJ, cellKey, cellV, cellI, cellJ, PACK_LIMIT, CELL_VALUE_LIMIT, type Value } from '../../src/dsl/values.js';
import { packedOf, unionKeys } from '../../src/dsl/packed.js';
import { objects, partition, fgpartition, ofcolor, toobject, hmirror, vmirror, dmirror, cmirror, subgrid, crop } from '../../src/dsl/grids.js';
import { shift, normalize, ulcorner, lrcorner, recolor, manhattan, adjacent, gravitate, hmatching, vmatching, center } from '../../src/dsl/patches.js';
import { combine, difference, intersection, product, initset } from '../../src/dsl/containers.js';
import { equality } from '../../src/dsl/logic.js';
import { sfilter } from '../../src/dsl/higher.js';
import { occurrences, delta, backdrop, shape, color } from '../../src/dsl/patches.js';

/** A deterministic pseudo-random sequence (tests must not depend on Math.random). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const numeric = (xs: number[]) => xs.slice().sort((a, b) => a - b);
const members = (s: Value) => (s as FrozenSet).items.map((x) => JSON.stringify(x)).sort();
const expectSet = (got: Value, want: Set<string>) => expect(members(got)).toEqual([...want].sort());

describe('packed keys', () => {
  it('decode to the coordinates and colours they encode, negative ones and the range edges included', () => {
    // Keys hold twice the coordinates a packed set may (so sums of two stay exact): up to 2^21.
    const edge = 2 * PACK_LIMIT - 1;
    for (const i of [-edge, -PACK_LIMIT, -8191, -1, 0, 1, 29, 8191, 547_004, edge]) for (const j of [-edge, -2, 0, 3, 8192, 547_004, edge]) {
      expect([pairI(pairKey(i, j)), pairJ(pairKey(i, j))]).toEqual([i, j]);
      for (const v of [-CELL_VALUE_LIMIT, -1, 0, 9, CELL_VALUE_LIMIT - 1]) expect([cellV(cellKey(v, i, j)), cellI(cellKey(v, i, j)), cellJ(cellKey(v, i, j))]).toEqual([v, i, j]);
    }
  });
  it('key order is the natural order of the tuples, at the range edges too', () => {
    const edge = 2 * PACK_LIMIT - 1;
    const cs: [number, number, number][] = [];
    for (const v of [-CELL_VALUE_LIMIT, -1, 0, CELL_VALUE_LIMIT - 1]) for (const i of [-edge, 0, edge]) for (const j of [-edge, 5, edge]) cs.push([v, i, j]);
    const byKey = cs.slice().sort((a, b) => cellKey(...a) - cellKey(...b));
    const natural = cs.slice().sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    expect(byKey).toEqual(natural);
    expect(new Set(cs.map((c) => cellKey(...c))).size).toBe(cs.length);
  });
  it('sortDistinct sorts and drops repeats, also past its chunk size (sorted in chunks, then merged)', () => {
    const r = rng(11);
    for (const n of [0, 1, 5, 40, 3000, 100_000]) {
      const keys = newKeys(n);
      for (let k = 0; k < n; k++) keys[k] = Math.floor(r() * Math.max(1, n * 0.6)) + 0.25;
      const want = numeric([...new Set(keys)]);
      expect([...sortDistinct(keys)]).toEqual(want);
    }
  });
  it('arena arrays are zeroed and do not overlap', () => {
    const a = newKeys(100), b = newKeys(100);
    expect(a.every((x) => x === 0)).toBe(true);
    a.fill(1);
    expect(b.every((x) => x === 0)).toBe(true);
  });
});

describe('set operations on packed sets', () => {
  // The same members as a packed set (built from tuples of plain integers) and as a generic set
  // (one member a Boolean-free nested tuple of another shape keeps it generic).
  const locs = (r: () => number, n: number) => Array.from({ length: n }, () => loc(Math.floor(r() * 12) - 2, Math.floor(r() * 12) - 2));
  const cells = (r: () => number, n: number) => Array.from({ length: n }, () => cell(Math.floor(r() * 3), Math.floor(r() * 8), Math.floor(r() * 8)));

  it('difference, intersection and combine give the members Python would, for small and large operands', () => {
    const r = rng(3);
    for (let t = 0; t < 300; t++) {
      const make = t % 2 === 0 ? locs : cells;
      const a = frozenset(make(r, Math.floor(r() * 40))), b = frozenset(make(r, 1 + Math.floor(r() * (t % 3 === 0 ? 400 : 40))));
      expect((a as FrozenSet).packedKeys() === undefined && a.size > 0).toBe(false);
      const sa = new Set(members(a)), sb = new Set(members(b));
      expectSet(difference(a, b), new Set([...sa].filter((x) => !sb.has(x))));
      expectSet(difference(b, a), new Set([...sb].filter((x) => !sa.has(x))));
      expectSet(intersection(a, b), new Set([...sa].filter((x) => sb.has(x))));
      expectSet(combine(a, b), new Set([...sa, ...sb]));
    }
  });
  it('a union of many packed parts (sorted, merged run by run, or marked in a bitmap) is the sorted distinct keys of all of them', () => {
    const r = rng(17);
    // Coordinates over a small box (the bitmap), a wide one (merged or sorted), negative ones; cells of several colours.
    const makers: [string, 'pair' | 'cell', () => number][] = [
      ['pairs in 200 x 200', 'pair', () => pairKey(Math.floor(r() * 200), Math.floor(r() * 200))],
      ['pairs in 40 x 30 from (-20, -7)', 'pair', () => pairKey(Math.floor(r() * 40) - 20, Math.floor(r() * 30) - 7)],
      ['pairs in 5000 x 5000', 'pair', () => pairKey(Math.floor(r() * 5000), Math.floor(r() * 5000))],
      ['cells of colours -3..5 in 30 x 30', 'cell', () => cellKey(Math.floor(r() * 9) - 3, Math.floor(r() * 30), Math.floor(r() * 30) - 4)],
      ['cells of colours 0..9 in 3000 x 3000', 'cell', () => cellKey(Math.floor(r() * 10), Math.floor(r() * 3000), Math.floor(r() * 3000))],
    ];
    for (const [, kind, key] of makers) {
      for (const [k, m] of [[1, 50], [2, 300], [2, 9000], [3, 4000], [7, 9], [70, 300], [220, 330], [1000, 2], [5, 0]] as const) {
        const parts = Array.from({ length: k }, () => {
          const keys = newKeys(Math.floor(r() * m) + (m > 0 ? 1 : 0));
          for (let q = 0; q < keys.length; q++) keys[q] = key();
          return sortDistinct(keys);
        });
        const want = numeric([...new Set(parts.flatMap((p) => [...p]))]);
        const sets = parts.map((p) => FrozenSet.packed(p, kind));
        expect([...unionKeys(parts, kind, sets)]).toEqual(want);
      }
    }
    // Two parts (combine's union, merged in one pass): one above the other in either order, interleaved, one inside the other.
    const rows = (i0: number, i1: number, step = 1) => {
      const keys = newKeys(Math.ceil((i1 - i0) / step) * 3);
      let o = 0;
      for (let i = i0; i < i1; i += step) for (let j = 0; j < 3; j++) keys[o++] = pairKey(i, j);
      return keys;
    };
    for (const [a, b] of [[rows(0, 5), rows(5, 9)], [rows(5, 9), rows(0, 5)], [rows(0, 20, 2), rows(1, 20, 3)], [rows(0, 20), rows(4, 6)], [rows(-3, 2), rows(-3, 2)]]) {
      const want = numeric([...new Set([...a, ...b])]);
      expect([...unionKeys([a, b], 'pair', [FrozenSet.packed(a, 'pair'), FrozenSet.packed(b, 'pair')])]).toEqual(want);
    }
  });
  it('product of two sets that are not of integers gives the members, order and kind a sorted, deduplicated set of the pairs has', () => {
    const r = rng(23);
    const objs = (n: number) => Array.from({ length: n }, () => frozenset(cells(r, 1 + Math.floor(r() * 4))));
    const sets: Value[][] = [locs(r, 9), cells(r, 7), objs(5), [...locs(r, 3), ...cells(r, 3), true, 4], [loc(1, 1)], [true, loc(0, 2)]];
    for (const xs of sets) for (const ys of sets) {
      const a = frozenset(xs), b = frozenset(ys);
      const got = product(a, b) as FrozenSet;
      const pairs: Value[] = [];
      for (const y of (b as FrozenSet).items) for (const x of (a as FrozenSet).items) pairs.push([x, y]);
      const want = frozenset(pairs) as FrozenSet;
      expect(got.kind).toBe(want.kind);
      expect(got.items.map((x) => JSON.stringify(x))).toEqual(want.items.map((x) => JSON.stringify(x)));
      expect(equality(got, want)).toBe(true);
    }
  });
  it('shift and normalize give their result the bounding box of its members (kept, not recomputed)', () => {
    const r = rng(29);
    for (let t = 0; t < 100; t++) {
      const p = frozenset(t % 2 === 0 ? locs(r, 1 + Math.floor(r() * 30)) : cells(r, 1 + Math.floor(r() * 30)));
      const moved = [shift(p, [Math.floor(r() * 50) - 25, Math.floor(r() * 50) - 25]), normalize(p), shift(normalize(p), [3, -4])];
      for (const q of moved) {
        const ij = (q as FrozenSet).items.map((x) => (t % 2 === 0 ? x : (x as Value[])[1]) as number[]);
        const want = [Math.min(...ij.map((x) => x[0])), Math.min(...ij.map((x) => x[1])), Math.max(...ij.map((x) => x[0])), Math.max(...ij.map((x) => x[1]))];
        expect([...(ulcorner(q) as number[]), ...(lrcorner(q) as number[])]).toEqual(want);
      }
    }
  });
  it('an operation that changes nothing returns its operand, as before', () => {
    const a = frozenset([loc(0, 0), loc(1, 1)]);
    expect(difference(a, frozenset([loc(5, 5)]))).toBe(a);
    expect(intersection(a, frozenset([loc(0, 0), loc(1, 1), loc(2, 2)]))).toBe(a);
  });

  it('a set of more packed sets than one sort chunk (32,768) has the members and order of the natural sort, repeats dropped', () => {
    const r = rng(37);
    const parts = Array.from({ length: 50_000 }, () => frozenset(locs(r, 1 + Math.floor(r() * 3))));
    const got = frozenset(parts) as FrozenSet;
    const want: Value[] = [...parts].sort(naturalCompare).filter((x, k, a) => k === 0 || naturalCompare(x, a[k - 1]) !== 0);
    expect(got.size).toBe(want.length);
    expect(got.items.every((x, k) => naturalCompare(x, want[k]) === 0)).toBe(true);
  });

  it('initset of a location or cell of integers gives one packed set per member, unchanged by what is made from it; other members a set of their own', () => {
    const a = initset(loc(2, -3)), c = initset(cell(4, 1, 1));
    expect(initset(loc(2, -3))).toBe(a);
    expect(initset(cell(4, 1, 1))).toBe(c);
    expect([a.kind, c.kind, [...packedOf(a)!], [...packedOf(c)!]]).toEqual(['pair', 'cell', [pairKey(2, -3)], [cellKey(4, 1, 1)]]);
    // Kept for the process's life, so with key arrays of their own: a view on a key arena would keep the whole arena (256 KB) alive.
    expect([packedOf(a)!.buffer.byteLength, packedOf(c)!.buffer.byteLength]).toEqual([8, 8]);
    shift(a, [5, 5]);
    normalize(c);
    combine(a, frozenset([loc(0, 0)]));
    expect([a.items, c.items, a.size]).toEqual([[loc(2, -3)], [cell(4, 1, 1)], 1]);
    // A Boolean coordinate, a colour past the packed range, an integer: generic sets, made each time.
    for (const v of [[true, 1], cell(CELL_VALUE_LIMIT, 0, 0), 7] as Value[]) {
      const s = initset(v);
      expect(packedOf(s)).toBeUndefined();
      expect(s.items).toEqual([v]);
      expect(initset(v)).not.toBe(s);
    }
  });

  it('sfilter of a packed set keeps its kept keys (packed, in key order; all kept: the set itself); other sets keep their order, integers CPython\'s', () => {
    const r = rng(11);
    for (const [make, kind] of [[locs, 'pair'], [cells, 'cell']] as const) {
      const s = frozenset(make(r, 60));
      const keep = (x: Value) => [...JSON.stringify(x)].reduce((a, c) => a + c.charCodeAt(0), 0) % 3 === 0;
      const got = sfilter(s, dslFunction(keep, 1)) as FrozenSet;
      expect(got.kind).toBe(kind);
      expect(got.size).toBeGreaterThan(5);
      expect(got.size).toBeLessThan(s.size - 5);
      expect(Array.from(packedOf(got)!)).toEqual(Array.from(packedOf(s)!).filter((_, k) => keep(s.items[k])));
      expect(sfilter(s, dslFunction(() => true, 1))).toBe(s);
      expect(sfilter(s, dslFunction(() => false, 1))).toBe(FrozenSet.EMPTY);
    }
    // A mixed set's integers alone: the order CPython gives them inserted in the mixed set's order
    // (1, 8, 16, 32), which is neither that order nor the one they have inserted as 32, 1, 8, 16.
    const mixed = frozenset([32, 1, 8, 16, loc(0, 0)]);
    const ints = sfilter(mixed, dslFunction((x: Value) => typeof x === 'number', 1)) as FrozenSet;
    expect([ints.kind, ints.items]).toEqual(['int', [8, 1, 32, 16]]);
    expect(frozenset([32, 1, 8, 16]).items).toEqual([32, 1, 8, 16]);
    // A mixed set's pairs alone: a set of pairs in natural order.
    const pairs = sfilter(mixed, dslFunction((x: Value) => typeof x !== 'number', 1)) as FrozenSet;
    expect([pairs.kind, pairs.items]).toEqual(['pair', [loc(0, 0)]]);
  });
});

describe('objects, calls one after another', () => {
  it('grids of changing sizes (its working arrays are kept between calls) give the components a plain flood fill finds', () => {
    const r = rng(31);
    // Python's objects, written out: components of equal colour (univalued) or of non-background cells.
    const reference = (g: number[][], uni: boolean, diag: boolean, noBg: boolean): string[] => {
      const h = g.length, w = g[0].length, counts = new Map<number, number>();
      for (const row of g) for (const v of row) counts.set(v, (counts.get(v) ?? 0) + 1);
      const bg = [...counts.entries()].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
      const seen = new Set<number>(), out: string[] = [];
      for (let s = 0; s < h * w; s++) {
        const [i0, j0] = [Math.floor(s / w), s % w];
        if (seen.has(s) || (noBg && g[i0][j0] === bg)) continue;
        const cells: string[] = [], todo = [s];
        seen.add(s);
        while (todo.length > 0) {
          const p = todo.pop()!, i = Math.floor(p / w), j = p % w;
          cells.push(JSON.stringify([g[i][j], [i, j]]));
          for (let di = -1; di <= 1; di++) for (let dj = -1; dj <= 1; dj++) {
            const ni = i + di, nj = j + dj, q = ni * w + nj;
            if (!diag && di !== 0 && dj !== 0) continue;
            if ((di === 0 && dj === 0) || ni < 0 || nj < 0 || ni >= h || nj >= w || seen.has(q)) continue;
            if (uni ? g[ni][nj] !== g[i0][j0] : noBg && g[ni][nj] === bg) continue;
            seen.add(q);
            todo.push(q);
          }
        }
        out.push(cells.sort().join(' '));
      }
      return out.sort();
    };
    for (const [h, w] of [[3, 3], [40, 50], [2, 7], [300, 250], [9, 9], [1, 1], [30, 30], [12, 5]]) {
      const g = Array.from({ length: h }, () => Array.from({ length: w }, () => (r() < 0.6 ? 0 : 1 + Math.floor(r() * 3))));
      for (const [uni, diag, noBg] of [[true, false, true], [false, true, true], [true, true, false], [false, false, false]]) {
        const got = (objects(g, uni, diag, noBg) as FrozenSet).items.map((o) => members(o).join(' ')).sort();
        expect(got).toEqual(reference(g, uni, diag, noBg));
      }
    }
  });
});

describe('the order of objects', () => {
  it('is the natural order of sets of cells (their sorted cells compared lexicographically), for packed and unpacked objects, and for partitions', () => {
    const r = rng(47);
    // A cell (v, (i, j)) against another, then a set of cells as the tuple of its sorted cells.
    const cellLess = (a: Value, b: Value): number => {
      const [va, [ia, ja]] = a as [number, [number, number]], [vb, [ib, jb]] = b as [number, [number, number]];
      return va - vb || ia - ib || ja - jb;
    };
    const setOrder = (x: Value, y: Value): number => {
      const xs = [...(x as FrozenSet).items].sort(cellLess), ys = [...(y as FrozenSet).items].sort(cellLess);
      for (let k = 0; k < Math.min(xs.length, ys.length); k++) {
        const c = cellLess(xs[k], ys[k]);
        if (c !== 0) return c;
      }
      return xs.length - ys.length;
    };
    for (const [h, w] of [[3, 3], [10, 10], [30, 30], [7, 19], [1, 12]]) {
      // Colours 0..9, and in one grid of each size a colour too large to pack (the tuple path).
      for (const big of [false, true]) {
        const g = Array.from({ length: h }, () => Array.from({ length: w }, () => (r() < 0.5 ? 0 : 1 + Math.floor(r() * 9))));
        if (big) g[h - 1][w - 1] = CELL_VALUE_LIMIT + 5;
        for (const [uni, diag, noBg] of [[true, false, true], [false, true, true], [true, true, false], [false, false, false], [false, false, true]]) {
          const items = (objects(g, uni, diag, noBg) as FrozenSet).items;
          expect([...items].sort(setOrder)).toEqual([...items]);
        }
        for (const parts of [partition(g), fgpartition(g)]) {
          const items = (parts as FrozenSet).items;
          expect([...items].sort(setOrder)).toEqual([...items]);
        }
      }
    }
  });
});

describe('distances between packed sets', () => {
  it('manhattan, adjacent, hmatching and vmatching of packed sets agree with the same patches as tuples, gravitate with arc-dsl\'s loop; the locations are decoded once', () => {
    const r = rng(29);
    const patch = (kind: 'pair' | 'cell', n: number, i0: number, j0: number) =>
      Array.from({ length: n }, () => {
        const i = i0 + Math.floor(r() * 6), j = j0 + Math.floor(r() * 6);
        return kind === 'pair' ? loc(i, j) : cell(Math.floor(r() * 3), i, j);
      });
    for (let t = 0; t < 400; t++) {
      const ka = t % 2 === 0 ? 'pair' : 'cell', kb = t % 3 === 0 ? 'cell' : 'pair';
      const ta = patch(ka, 1 + Math.floor(r() * 12), Math.floor(r() * 14) - 4, Math.floor(r() * 14) - 4);
      const tb = patch(kb, 1 + Math.floor(r() * 12), Math.floor(r() * 14) - 4, Math.floor(r() * 14) - 4);
      const a = frozenset(ta), b = frozenset(tb);
      expect(packedOf(a) && packedOf(b)).toBeDefined();
      const generic = (f: (x: Value, y: Value) => Value) => {
        try {
          return f(ta, tb);
        } catch (e) {
          return String(e);
        }
      };
      const packed = (f: (x: Value, y: Value) => Value) => {
        try {
          return f(a, b);
        } catch (e) {
          return String(e);
        }
      };
      for (const f of [manhattan, adjacent, hmatching, vmatching] as ((x: Value, y: Value) => Value)[]) expect(packed(f)).toEqual(generic(f));
      // manhattan's inner side (b, neither decoded before) is decoded once and kept.
      expect((b as FrozenSet).coords).toHaveLength(2 * b.size);
      // gravitate as arc-dsl writes it (a tuple's centre is not a set's: its height is its length, so not against tuples).
      const [si, sj] = center(a) as number[], [di, dj] = center(b) as number[];
      const [i, j] = vmatching(a, b) ? [si < di ? 1 : -1, 0] : [0, sj < dj ? 1 : -1];
      let c = 0, moved: Value = a;
      while (!adjacent(moved as FrozenSet, b) && c < 42) {
        c++;
        moved = shift(moved as FrozenSet, [i, j]);
      }
      expect(packed(gravitate)).toEqual([c * i + 0, c * j + 0]);
    }
    // Patches spread wide (matched through a set of rows, not a mark per row in between).
    const wide = frozenset([loc(0, 0), loc(0, 5000)]);
    expect([vmatching(wide, frozenset([loc(3, 5000)])), vmatching(wide, frozenset([loc(3, 4999)])), hmatching(wide, frozenset([loc(0, 7)]))]).toEqual([true, false, true]);
    expect(manhattan(wide, frozenset([loc(3, 4999)]))).toBe(4);
  });
});

describe('occurrences on packed objects', () => {
  it('gives the same windows for one grid asked many times (its scan is kept) as for fresh copies of it', () => {
    const r = rng(31);
    const grid = Array.from({ length: 12 }, () => Array.from({ length: 12 }, () => (r() < 0.6 ? 0 : 1 + Math.floor(r() * 2))));
    const copy = () => grid.map((row) => row.slice());
    for (let t = 0; t < 60; t++) {
      const c = Math.floor(r() * 3), oh = 1 + Math.floor(r() * 3), ow = 1 + Math.floor(r() * 3);
      const solid = frozenset(Array.from({ length: oh * ow }, (_, k) => cell(c, Math.floor(k / ow), k % ow)));
      const sparse = frozenset([cell(c, 0, 0), cell((c + 1) % 3, oh, ow)]);
      for (const obj of [solid, sparse]) expect(members(occurrences(grid, obj))).toEqual(members(occurrences(copy(), obj)));
    }
  });
  it('finds every window a solid rectangle of one colour fits, and the same windows as a cell-by-cell scan for other shapes', () => {
    const r = rng(5);
    for (let t = 0; t < 200; t++) {
      const h = 1 + Math.floor(r() * 12), w = 1 + Math.floor(r() * 12);
      const grid = Array.from({ length: h }, () => Array.from({ length: w }, () => (r() < 0.7 ? 0 : 1 + Math.floor(r() * 2))));
      const oh = 1 + Math.floor(r() * 4), ow = 1 + Math.floor(r() * 4);
      const solid = t % 2 === 0;
      const cellsOf: Value[] = [];
      for (let i = 0; i < oh; i++) for (let j = 0; j < ow; j++) {
        if (solid || r() < 0.7 || (i === 0 && j === 0) || (i === oh - 1 && j === ow - 1)) cellsOf.push(cell(solid ? 0 : Math.floor(r() * 2), i + 3, j - 2));
      }
      const obj = frozenset(cellsOf);
      const norm = (obj as FrozenSet).items.map((c) => { const [v, [i, j]] = c as [number, [number, number]]; return [v, i - 3, j + 2] as const; });
      const want = new Set<string>();
      for (let i = 0; i + oh <= h; i++) for (let j = 0; j + ow <= w; j++) {
        if (norm.every(([v, a, b]) => grid[i + a][j + b] === v)) want.add(JSON.stringify([i, j]));
      }
      expectSet(occurrences(grid, obj), want);
    }
  });
});

describe('wide grids pack', () => {
  // A 3 x 547,005 grid (an arc-dsl mutant builds one) used to fall back to a tuple per cell past
  // column 8,191: 1.6 million cells as arrays, 900 MB of heap. Its sets are packed keys now.
  const W = 547_005;
  const grid = [0, 1, 2].map((i) => Array.from({ length: W }, (_, j) => (i === 1 && j >= 400_000 && j < 400_010 ? 2 : 0)));
  const bar = Array.from({ length: 10 }, (_, k) => JSON.stringify(cell(2, 1, 400_000 + k))).sort();

  it('objects, ofcolor and toobject of a 3 x 547,005 grid are packed sets with the right members', () => {
    const objs = objects(grid, true, false, true) as FrozenSet;
    expect(objs.size).toBe(1);
    const obj = objs.items[0] as FrozenSet;
    expect(packedOf(obj)).toBeDefined();
    expect(members(obj)).toEqual(bar);
    const locs = ofcolor(grid, 2) as FrozenSet;
    expect(packedOf(locs)).toBeDefined();
    expect(members(locs)).toEqual(Array.from({ length: 10 }, (_, k) => JSON.stringify(loc(1, 400_000 + k))).sort());
    const back = toobject(locs, grid) as FrozenSet;
    expect(packedOf(back)).toBeDefined();
    expect(members(back)).toEqual(bar);
  });
  it('a shift that stays in the packed range stays packed; one that leaves it gives the same members as tuples', () => {
    const obj = (objects(grid, true, false, true) as FrozenSet).items[0];
    const near = shift(obj, [0, PACK_LIMIT - 1 - 400_009]) as FrozenSet;
    expect(packedOf(near)).toBeDefined();
    expect(members(near)).toEqual(Array.from({ length: 10 }, (_, k) => JSON.stringify(cell(2, 1, PACK_LIMIT - 10 + k))).sort());
    const far = shift(obj, [0, PACK_LIMIT]) as FrozenSet;
    expect(packedOf(far)).toBeUndefined();
    expect(members(far)).toEqual(Array.from({ length: 10 }, (_, k) => JSON.stringify(cell(2, 1, 400_000 + PACK_LIMIT + k))).sort());
  });
  it('objects and recolor with negative colours (arc-dsl paints with -1) are packed, with the right members', () => {
    const g = [[0, 0, 0, 0], [0, 4, -1, 0], [0, -1, 4, 0], [0, 0, 0, 0]];
    const objs = objects(g, false, false, true) as FrozenSet;
    expect(objs.size).toBe(1);
    const obj = objs.items[0] as FrozenSet;
    expect(packedOf(obj)).toBeDefined();
    expect(members(obj)).toEqual([cell(-1, 1, 2), cell(-1, 2, 1), cell(4, 1, 1), cell(4, 2, 2)].map((c) => JSON.stringify(c)).sort());
    expect(obj.items.map((c) => JSON.stringify(c))).toEqual([cell(-1, 1, 2), cell(-1, 2, 1), cell(4, 1, 1), cell(4, 2, 2)].map((c) => JSON.stringify(c)));
    const neg = recolor(-CELL_VALUE_LIMIT, ofcolor(g, 4)) as FrozenSet;
    expect(packedOf(neg)).toBeDefined();
    expect(members(neg)).toEqual([cell(-CELL_VALUE_LIMIT, 1, 1), cell(-CELL_VALUE_LIMIT, 2, 2)].map((c) => JSON.stringify(c)).sort());
  });
  it('cells with values outside the packed range stay tuples and compare equal as members', () => {
    const a = frozenset([cell(CELL_VALUE_LIMIT, 0, 0), cell(-CELL_VALUE_LIMIT - 1, 1, 1)]) as FrozenSet;
    expect(packedOf(a)).toBeUndefined();
    expect(a.has(cell(CELL_VALUE_LIMIT, 0, 0))).toBe(true);
    const b = frozenset([cell(CELL_VALUE_LIMIT - 1, 0, 0), cell(-CELL_VALUE_LIMIT, 1, 1)]) as FrozenSet;
    expect(packedOf(b)).toBeDefined();
    expect(members(b)).toEqual([JSON.stringify(cell(-CELL_VALUE_LIMIT, 1, 1)), JSON.stringify(cell(CELL_VALUE_LIMIT - 1, 0, 0))].sort());
  });
});

describe('mirrors, delta, subgrid and color of packed sets', () => {
  it('give the members the spec\'s formulas give, and make no member tuples of their argument', () => {
    const r = rng(41);
    const unpacked = (s: Value) => (s as unknown as { list: unknown }).list !== undefined;
    const grid = Array.from({ length: 30 }, (_, i) => Array.from({ length: 30 }, (_, j) => (i * 7 + j * 3) % 10));
    for (let t = 0; t < 300; t++) {
      const isCell = t % 2 === 1;
      const i0 = Math.floor(r() * 20) - (t % 5 === 0 ? 8 : 0), j0 = Math.floor(r() * 20) - (t % 7 === 0 ? 8 : 0);
      const tuples = Array.from({ length: 1 + Math.floor(r() * 25) }, () => {
        const i = i0 + Math.floor(r() * 9), j = j0 + Math.floor(r() * 7);
        return isCell ? cell(Math.floor(r() * 4), i, j) : loc(i, j);
      });
      const made = () => frozenset(tuples) as FrozenSet;
      const locOf = (x: Value) => (isCell ? (x as Value[])[1] : x) as number[];
      const is = tuples.map((x) => locOf(x)[0]), js = tuples.map((x) => locOf(x)[1]);
      const top = Math.min(...is), bottom = Math.max(...is), left = Math.min(...js), right = Math.max(...js);
      // PRIMITIVES.md: each member's location moved, its colour kept.
      const moved = (f: (i: number, j: number) => [number, number]) =>
        new Set(tuples.map((x) => JSON.stringify(isCell ? [(x as Value[])[0], f(locOf(x)[0], locOf(x)[1])] : f(locOf(x)[0], locOf(x)[1]))));
      const cases: [(p: Value) => Value, Set<string>][] = [
        [hmirror as (p: Value) => Value, moved((i, j) => [top + bottom - i, j])],
        [vmirror as (p: Value) => Value, moved((i, j) => [i, left + right - j])],
        [dmirror as (p: Value) => Value, moved((i, j) => [j - left + top, i - top + left])],
        [cmirror as (p: Value) => Value, moved((i, j) => [top + right - j, left + bottom - i])],
      ];
      for (const [f, want] of cases) {
        const p = made();
        expect(packedOf(p)).toBeDefined();
        expectSet(f(p), want);
        expect(unpacked(p)).toBe(false);
      }
      const p = made();
      const locsIn = new Set(tuples.map((x) => JSON.stringify(locOf(x))));
      const box = new Set<string>();
      for (let i = top; i <= bottom; i++) for (let j = left; j <= right; j++) box.add(JSON.stringify([i, j]));
      expectSet(delta(p), new Set([...box].filter((x) => !locsIn.has(x))));
      expect(members(backdrop(p))).toEqual([...box].sort());
      if (top >= 0 && left >= 0) {
        const q = made();
        expect(subgrid(q, grid)).toEqual(crop(grid, [top, left], shape(made()) as number[]));
        expect(unpacked(q)).toBe(false);
      }
      expect(unpacked(p)).toBe(false);
      // color: the first member's first item (a colour, or a row for locations), without the others.
      const c = made();
      expect(color(c)).toBe((made().items[0] as Value[])[0]);
      expect(unpacked(c)).toBe(false);
    }
  });
});
