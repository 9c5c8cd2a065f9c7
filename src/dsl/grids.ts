// Grids (PRIMITIVES.md §7.3).
// Pure functions; parameter names and order follow the Python DSL.
//
// Conventions used below:
// * Any tuple is a grid (§1): rows are read generically (a row may be any
//   tuple, e.g. a cell), and a frozenset argument takes the patch branch.
// * Results never mutate their inputs; unchanged rows may be shared between
//   the input and the output grid (tuples are immutable).
// * Wherever the Python raises, we throw through `fail`.

import {
  type Value, type Tuple, type Grid, FrozenSet, fail, frozenset, frozensetCopy, frozensetOfDistinct, frozensetOfDisjoint, loc, cell, countWinner, equal, ValueTable, truthy, itemsOf, smallInt, joined, rowOf, otherRow, filledRow,
  type Integer, type Bool, type IntegerTuple, type IntegerSet, type Patch, type Piece,
} from './values.js';
import { checkSize, work } from './budget.js';
import { packedOf, packedBox, pairKey, cellKey, cellV, cellI, cellJ, countColour, keyPart } from './packed.js';
import { sortDistinct, newKeys, smallCountWinner, PACK_LIMIT, CELL_VALUE_LIMIT } from './values.js';

type Row = readonly Value[];
type G = readonly Row[];

// ---------------------------------------------------------------------------
// Private helpers

const asGridOut = (g: readonly Value[]): Grid => g as unknown as Grid;

/**
 * Column c of `rows` as a new row, top to bottom (bottom to top when `up`): rotations and the
 * transpose, built like `rowOf` but without a closure per column and a call per cell (rot90 was
 * the costliest primitive of the 007bbfb7 mutants, warm).
 */
function columnOf(rows: readonly Row[], c: number, up: boolean): Value[] {
  const h = rows.length;
  const row: Value[] = [];
  for (let r = 0; r < h; r++) {
    const v = rows[up ? h - 1 - r : r][c];
    if (!smallInt(v)) return otherRow(row, r, v, h, (k) => rows[up ? h - 1 - k : k][c]);
    row.push(v);
    if ((r & 4095) === 4095) work(4096);
  }
  work(h & 4095);
  return row;
}

/**
 * Row r with every cell equal to x replaced by y (both small integers), or undefined when a cell
 * of r is not a small integer (the caller then takes the general path).
 */
function replacedRow(r: Row, x: number, y: number): Value[] | undefined {
  const row: Value[] = [];
  for (let j = 0; j < r.length; j++) {
    const v = r[j];
    if (!smallInt(v)) return undefined;
    row.push(v === x ? y : v);
  }
  work(r.length);
  return row;
}

/** Row r with x and y swapped (both small integers); undefined as for `replacedRow`. */
function switchedRow(r: Row, x: number, y: number): Value[] | undefined {
  const row: Value[] = [];
  for (let j = 0; j < r.length; j++) {
    const v = r[j];
    if (!smallInt(v)) return undefined;
    row.push(v === x ? y : v === y ? x : v);
  }
  work(r.length);
  return row;
}

/** Cellwise of two rows of small integers (w cells each at least), fallback a small integer; undefined otherwise. */
function cellwiseRow(ra: Row, rb: Row, w: number, fallback: number): Value[] | undefined {
  if (ra.length < w || rb.length < w) return undefined;
  const row: Value[] = [];
  for (let j = 0; j < w; j++) {
    const a = ra[j], b = rb[j];
    if (!smallInt(a) || !smallInt(b)) return undefined;
    row.push(a === b ? a : fallback);
  }
  work(w);
  return row;
}

/** Each cell of a row of small integers f times over; undefined when a cell is not a small integer. */
function stretchedRow(r: Row, f: number): Value[] | undefined {
  const row: Value[] = [];
  let pending = 0; // cells made and not yet charged
  for (let j = 0; j < r.length; j++) {
    const v = r[j];
    if (!smallInt(v)) return undefined;
    for (let k = 0; k < f; k++) row.push(v);
    if ((pending += f) >= 4096) {
      work(pending);
      pending = 0;
    }
  }
  work(pending);
  return row;
}


/** Length of a row-like value for size caps (0 for anything without one). */
const lengthOf = (v: Value): number => (Array.isArray(v) ? v.length : v instanceof FrozenSet ? v.size : 0);

/** Is a cell's colour a plain number (so the cell has a numeric key)? */
const isNum = (cell: Value): boolean => typeof (cell as readonly Value[])[0] === 'number';

/** DSL equality with a fast path for two plain numbers. */
function eq(a: Value, b: Value): boolean {
  return a === b || ((typeof a !== 'number' || typeof b !== 'number') && equal(a, b));
}

/** Python int for arithmetic / comparisons: Booleans count, anything else is a TypeError. */
function intv(v: Value, what: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return fail('TypeError', `${what}: expected an integer`);
}

/** The grid argument: must be a tuple (subscriptable, sliceable). */
function tup(v: Value, what: string): G {
  if (Array.isArray(v)) return v as G;
  return fail('TypeError', `${what}: expected a tuple`);
}

/** A row used by a subscript or slice (`r[j]`, `r[::-1]`): must be a tuple. */
function trow(v: Value, what: string): Row {
  if (Array.isArray(v)) return v;
  return fail('TypeError', `${what}: row is not a tuple`);
}

/** A row only iterated (`for v in r`, `zip(*grid)`): any container. */
function irow(v: Value): Row {
  return Array.isArray(v) ? v : itemsOf(v);
}

/** `len(grid[0])`: the grid has to have a first row with a length. */
function firstRowLen(g: G, what: string): number {
  if (g.length === 0) return fail('IndexError', `${what}: tuple index out of range`);
  const r = g[0] as Value;
  if (Array.isArray(r)) return r.length;
  if (r instanceof FrozenSet) return r.size;
  return fail('TypeError', `${what}: object of type ${typeof r} has no len()`);
}

/** `t[k]` of a tuple argument (start, dims, loc...). */
function at(t: Value, k: number, what: string): Value {
  if (!Array.isArray(t)) return fail('TypeError', `${what}: not subscriptable`);
  if (k >= t.length) return fail('IndexError', `${what}: tuple index out of range`);
  return t[k];
}

/** `a, b = x`: x must be a 2-item tuple. */
function unpack2(x: Value, what: string): Row {
  if (Array.isArray(x) && x.length === 2) return x;
  if (x instanceof FrozenSet && x.size === 2) return x.items;
  if (Array.isArray(x) || x instanceof FrozenSet) return fail('ValueError', `${what}: expected 2 values to unpack`);
  return fail('TypeError', `${what}: cannot unpack non-iterable`);
}

/** `grid[i][j]` with Python's IndexError for short rows (i, j already known to be in range of h / w). */
function cellAt(g: G, i: number, j: number, what: string): Value {
  const r = g[i] as Value;
  if (!Array.isArray(r)) return fail('TypeError', `${what}: row is not subscriptable`);
  if (j >= r.length) return fail('IndexError', `${what}: tuple index out of range`);
  return r[j];
}

const floorDiv = (a: number, b: number): number => {
  if (b === 0) return fail('ZeroDivisionError', 'integer division or modulo by zero');
  return Math.floor(a / b);
};
const floorMod = (a: number, b: number): number => {
  if (b === 0) return fail('ZeroDivisionError', 'integer division or modulo by zero');
  const m = a % b;
  return m !== 0 && (m < 0) !== (b < 0) ? m + b : m + 0;
};

/** Items of a patch (`len(patch)` must exist). */
function patchItems(patch: Value, what: string): readonly Value[] {
  if (Array.isArray(patch)) return patch;
  if (patch instanceof FrozenSet) return patch.items;
  return fail('TypeError', `${what}: object has no len()`);
}

/** §1 Object vs Indices test on the first element: is its second component a tuple? */
function isObjectItems(items: readonly Value[], what: string): boolean {
  const first = items[0];
  if (!Array.isArray(first)) return fail('TypeError', `${what}: element is not subscriptable`);
  if (first.length < 2) return fail('IndexError', `${what}: tuple index out of range`);
  return Array.isArray(first[1]);
}

/** The location tuple of one patch element (cell -> its index, pair -> itself). */
function locOf(x: Value, obj: boolean, what: string): Row {
  return obj ? unpack2(unpack2(x, what)[1], what) : unpack2(x, what);
}

/**
 * Bounding box of a patch's locations (toindices), or undefined when empty.
 * Also reports whether the patch is an Object.
 */
interface Box { top: number; left: number; bottom: number; right: number; obj: boolean }
function patchBox(items: readonly Value[], what: string): Box | undefined {
  const n = items.length;
  if (n === 0) return undefined;
  const obj = isObjectItems(items, what);
  let top = Infinity, left = Infinity, bottom = -Infinity, right = -Infinity;
  for (let k = 0; k < n; k++) {
    const loc = locOf(items[k], obj, what);
    const i = intv(loc[0], what), j = intv(loc[1], what);
    if (i < top) top = i;
    if (i > bottom) bottom = i;
    if (j < left) left = j;
    if (j > right) right = j;
  }
  return { top, left, bottom, right, obj };
}

// --- colour statistics (mostcolor, leastcolor, palette, numcolors, objects, partition)

const SMALL = 16; // fast path: colours that are plain integers 0..15

interface SmallScan {
  /** Distinct colours in first-appearance order. */
  distinct: number[];
  counts: Int32Array;
}

/**
 * Count colours of a grid (row-major) or of an object (iteration order) when
 * every colour is a plain integer in [0, 16); undefined otherwise (generic path).
 */
function smallScan(element: Value): SmallScan | undefined {
  const counts = new Int32Array(SMALL);
  const distinct: number[] = [];
  if (Array.isArray(element)) {
    for (let i = 0; i < element.length; i++) {
      const r = element[i];
      if (!Array.isArray(r)) return undefined;
      for (let j = 0; j < r.length; j++) {
        const v = r[j];
        if (typeof v !== 'number' || !(v >= 0 && v < SMALL) || (v | 0) !== v) return undefined;
        if (counts[v]++ === 0) distinct.push(v);
      }
      work(r.length);
    }
    return { distinct, counts };
  }
  if (element instanceof FrozenSet) {
    const pk = element.kind === 'cell' ? packedOf(element) : undefined;
    if (pk !== undefined) {
      for (let k = 0; k < pk.length; k++) {
        const v = cellV(pk[k]);
        if (v >= SMALL) return undefined;
        if (counts[v]++ === 0) distinct.push(v);
        if ((k & 4095) === 4095) work(4096);
      }
      return { distinct, counts };
    }
    const items = element.items;
    for (let k = 0; k < items.length; k++) {
      const c = items[k];
      if (!Array.isArray(c) || c.length !== 2) return undefined;
      const v = c[0];
      if (typeof v !== 'number' || !(v >= 0 && v < SMALL) || (v | 0) !== v) return undefined;
      if (counts[v]++ === 0) distinct.push(v);
      if ((k & 4095) === 4095) work(4096);
    }
    return { distinct, counts };
  }
  return undefined;
}

/** The colours of an element, as the Python comprehension meets them. */
function elementValues(element: Value, what: string): Value[] {
  const out: Value[] = [];
  if (Array.isArray(element)) {
    for (let i = 0; i < element.length; i++) {
      const row = irow(element[i]);
      for (let j = 0; j < row.length; j++) out.push(row[j]);
    }
    return out;
  }
  if (element instanceof FrozenSet) {
    const items = element.items;
    for (let k = 0; k < items.length; k++) out.push(unpack2(items[k], what)[0]);
    return out;
  }
  return fail('TypeError', `${what}: object is not iterable`);
}

/** max/min of `set(values)` keyed by `values.count` (first best in iteration order wins). */
function extremeColor(element: Value, most: boolean, what: string): Value {
  const s = smallScan(element);
  if (s !== undefined) {
    if (s.distinct.length === 0) return fail('ValueError', `${what}: arg is an empty sequence`);
    return smallCountWinner(s.distinct, s.counts, most);
  }
  const values = elementValues(element, what);
  if (values.length === 0) return fail('ValueError', `${what}: arg is an empty sequence`);
  return countWinner(values, most);
}

/**
 * `frozenset(a_set)`: CPython copies the table as is when it keeps its size
 * (1..4 items); from 5 items the copy is re-laid out (frozensetCopy).
 */
function copyOfSet(s: FrozenSet): FrozenSet {
  return s.size <= 4 ? s : frozensetCopy(s);
}

// ---------------------------------------------------------------------------
// Primitives

/** `canvas(value: Integer, dimensions: IntegerTuple): Grid` */
export function canvas(value: Integer, dimensions: IntegerTuple): Grid {
  const h = intv(at(dimensions, 0, 'canvas'), 'canvas');
  if (h <= 0) return asGridOut([]);
  const w = intv(at(dimensions, 1, 'canvas'), 'canvas');
  checkSize(h);
  checkSize(h * Math.max(w, 0));
  const row: Value[] = filledRow(w > 0 ? Math.ceil(w) : 0, value);
  const out: Row[] = [];
  for (let i = 0; i < h; i++) out[i] = row; // rows are immutable: one shared row
  return asGridOut(out);
}

/** `asindices(grid: Grid): Indices` */
export function asindices(grid: Grid): Patch {
  const g = tup(grid as Value, 'asindices');
  const h = g.length;
  if (h === 0) return FrozenSet.EMPTY;
  const w = firstRowLen(g, 'asindices');
  if (w <= 0) return FrozenSet.EMPTY;
  checkSize(h * w);
  // Row-major order is the sorted order of locations, and they are distinct.
  const keys = newKeys(h * w);
  let n = 0;
  for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) keys[n++] = pairKey(i, j);
  work(n);
  return FrozenSet.packed(keys, 'pair');
}

/** `ofcolor(grid: Grid, value: Integer): Indices` */
export function ofcolor(grid: Grid, value: Integer): Patch {
  const g = tup(grid as Value, 'ofcolor');
  if (g.length > 0 && g.length < PACK_LIMIT && Array.isArray(g[0]) && g[0].length < PACK_LIMIT) {
    let total = 0;
    for (let i = 0; i < g.length; i++) total += lengthOf(g[i] as Value);
    const keys = newKeys(total);
    let m = 0;
    for (let i = 0; i < g.length; i++) {
      const r = irow(g[i]);
      if (r.length >= PACK_LIMIT) { m = -1; break; }
      for (let j = 0; j < r.length; j++) if (eq(r[j], value)) keys[m++] = pairKey(i, j);
    }
    if (m >= 0) {
      work(total);
      return FrozenSet.packed(m === total ? keys : keys.subarray(0, m), 'pair');
    }
  }
  const locs: Value[] = [];
  for (let i = 0; i < g.length; i++) {
    const r = irow(g[i]);
    for (let j = 0; j < r.length; j++) if (eq(r[j], value)) locs.push(loc(i, j));
  }
  return FrozenSet.trusted(locs, 'pair');
}

/** `index(grid: Grid, loc: IntegerTuple): Integer` */
export function index(grid: Grid, loc: IntegerTuple): Integer {
  const l = unpack2(loc, 'index');
  const g = tup(grid as Value, 'index');
  const h = g.length;
  const w = firstRowLen(g, 'index');
  const i = intv(l[0], 'index'), j = intv(l[1], 'index');
  if (!(i >= 0 && i < h && j >= 0 && j < w)) return null as unknown as Integer;
  return cellAt(g, i, j, 'index') as Integer;
}

/** `crop(grid: Grid, start: IntegerTuple, dims: IntegerTuple): Grid` */
export function crop(grid: Grid, start: IntegerTuple, dims: IntegerTuple): Grid {
  const g = tup(grid as Value, 'crop');
  const s0 = intv(at(start, 0, 'crop'), 'crop');
  const d0 = intv(at(dims, 0, 'crop'), 'crop');
  const rows = g.slice(s0, s0 + d0); // JS slice == Python slice for integer bounds (§2.6)
  if (rows.length === 0) return asGridOut(rows);
  const s1 = intv(at(start, 1, 'crop'), 'crop');
  const d1 = intv(at(dims, 1, 'crop'), 'crop');
  const e1 = s1 + d1;
  for (let k = 0; k < rows.length; k++) {
    rows[k] = trow(rows[k], 'crop').slice(s1, e1);
    if ((k & 1023) === 1023) work(1024);
  }
  return asGridOut(rows);
}

/** `subgrid(patch: Patch, grid: Grid): Grid` */
export function subgrid(patch: Patch, grid: Grid): Grid {
  // A packed set's bounding box is its shape (and is cached on it): no location tuples made.
  const pb = packedBox(patch as Value);
  if (pb !== undefined) return crop(grid, [pb[0], pb[1]], [pb[2] - pb[0] + 1, pb[3] - pb[1] + 1]);
  const items = patchItems(patch, 'subgrid');
  const box = patchBox(items, 'subgrid');
  // crop(grid, ulcorner(patch), shape(patch)); ulcorner of an empty patch is () -> IndexError
  if (box === undefined) return fail('IndexError', 'subgrid: empty patch');
  let h: number, w: number;
  if (Array.isArray(patch)) {
    // shape of a tuple takes the grid branch: (len(patch), len(patch[0]))
    h = patch.length;
    w = firstRowLen(patch as G, 'subgrid');
  } else {
    h = box.bottom - box.top + 1;
    w = box.right - box.left + 1;
  }
  return crop(grid, [box.top, box.left], [h, w]);
}

/** Shortest row length (what `zip(*grid)` yields), with the rows as sequences. */
function zipRows(g: G): { rows: Row[]; m: number } {
  const rows: Row[] = new Array(g.length);
  let m = Infinity;
  for (let i = 0; i < g.length; i++) {
    const r = irow(g[i]);
    rows[i] = r;
    if (r.length < m) m = r.length;
  }
  return { rows, m: g.length === 0 ? 0 : m };
}

/** `rot90(grid: Grid): Grid` */
export function rot90(grid: Grid): Grid {
  const g = tup(grid as Value, 'rot90');
  const { rows, m } = zipRows(g);
  const out: Row[] = [];
  for (let c = 0; c < m; c++) out[c] = columnOf(rows, c, true);
  return asGridOut(out);
}

/** A tuple reversed: a copy by `slice`, which keeps the tuple's own kind of array (see `rowOf`). */
function reversed(r: Row): Value[] {
  work(r.length); // (a row per call: mirrors of a tall or large grid are charged)
  return r.slice().reverse();
}

/** `rot180(grid: Grid): Grid` */
export function rot180(grid: Grid): Grid {
  const g = tup(grid as Value, 'rot180');
  const h = g.length;
  const out: Row[] = [];
  for (let i = 0; i < h; i++) out[i] = reversed(trow(g[h - 1 - i], 'rot180'));
  return asGridOut(out);
}

/** `rot270(grid: Grid): Grid` */
export function rot270(grid: Grid): Grid {
  const g = tup(grid as Value, 'rot270');
  const { rows, m } = zipRows(g);
  const out: Row[] = [];
  for (let r = 0; r < m; r++) out[r] = columnOf(rows, m - 1 - r, false);
  return asGridOut(out);
}

/** Transpose (`tuple(zip(*grid))`). */
function transpose(g: G): Row[] {
  const { rows, m } = zipRows(g);
  const out: Row[] = [];
  for (let c = 0; c < m; c++) out[c] = columnOf(rows, c, false);
  return out;
}

const Mirror = { H: 0, V: 1, D: 2, C: 3 } as const;
type Mirror = (typeof Mirror)[keyof typeof Mirror];

/** Mirror of a (non-tuple) patch about its own bounding box. */
function mirrorPatch(piece: Value, mode: Mirror, what: string): FrozenSet {
  const packed = mirrorPacked(piece, mode);
  if (packed !== undefined) return packed;
  const items = patchItems(piece, what);
  const box = patchBox(items, what);
  if (box === undefined) {
    // ulcorner(empty) is (): indexing it raises IndexError, unpacking it ValueError
    return fail(mode === Mirror.D ? 'ValueError' : 'IndexError', `${what}: empty patch`);
  }
  const { obj } = box;
  const m = mirrorMap(mode, box.top, box.left, box.bottom, box.right);
  const n = items.length;
  const out: Value[] = [];
  for (let k = 0; k < n; k++) {
    const x = items[k];
    const loc = locOf(x, obj, what);
    const i = intv(loc[0], what), j = intv(loc[1], what);
    const ni = m[0] * i + m[1] * j + m[2], nj = m[3] * i + m[4] * j + m[5];
    out[k] = obj ? [(x as Row)[0], [ni, nj]] : [ni, nj];
  }
  return frozenset(out);
}

/**
 * A mirror about the box [top, left, bottom, right] as i' = m0 i + m1 j + m2, j' = m3 i + m4 j + m5
 * (the packed and the generic path's one definition of the four mirrors).
 */
function mirrorMap(mode: Mirror, top: number, left: number, bottom: number, right: number): readonly number[] {
  switch (mode) {
    case Mirror.H: return [-1, 0, top + bottom, 0, 1, 0];
    case Mirror.V: return [1, 0, 0, 0, -1, left + right];
    case Mirror.D: return [0, 1, top - left, 1, 0, left - top];
    default: return [0, -1, top + right, -1, 0, left + bottom]; // vmirror(dmirror(vmirror(p)))
  }
}

/**
 * mirrorPatch of a packed set, on its keys: each key mirrored in its bounding box, then sorted
 * (a mirror is one-to-one, so no key repeats). Undefined when the set is not packed or a diagonal
 * mirror of a wide box would leave the packed range.
 */
function mirrorPacked(piece: Value, mode: Mirror): FrozenSet | undefined {
  const keys = packedOf(piece), box = packedBox(piece);
  if (keys === undefined || box === undefined) return undefined;
  const top = box[0], left = box[1], bottom = box[2], right = box[3];
  if ((mode === Mirror.D || mode === Mirror.C) && (top + right - left >= PACK_LIMIT || left + bottom - top >= PACK_LIMIT)) return undefined;
  const pair = (piece as FrozenSet).kind === 'pair';
  const m = mirrorMap(mode, top, left, bottom, right);
  const n = keys.length;
  const out = newKeys(n);
  for (let k = 0; k < n; k++) {
    const key = keys[k];
    const i = keyPart(key, pair, 0), j = keyPart(key, pair, 1);
    const ni = m[0] * i + m[1] * j + m[2], nj = m[3] * i + m[4] * j + m[5];
    out[k] = pair ? pairKey(ni, nj) : cellKey(cellV(key), ni, nj);
  }
  work(n);
  return FrozenSet.packed(sortDistinct(out), pair ? 'pair' : 'cell');
}

/** `hmirror(piece: Piece): Piece` */
export function hmirror(piece: Piece): Piece {
  if (Array.isArray(piece)) return reversed(piece as Row) as unknown as Piece;
  return mirrorPatch(piece as Value, Mirror.H, 'hmirror');
}

/** `vmirror(piece: Piece): Piece` */
export function vmirror(piece: Piece): Piece {
  if (Array.isArray(piece)) {
    const g = piece as G;
    const out: Row[] = [];
    for (let i = 0; i < g.length; i++) out[i] = reversed(trow(g[i], 'vmirror'));
    return out as unknown as Piece;
  }
  return mirrorPatch(piece as Value, Mirror.V, 'vmirror');
}

/** `dmirror(piece: Piece): Piece` */
export function dmirror(piece: Piece): Piece {
  if (Array.isArray(piece)) return transpose(piece as G) as unknown as Piece;
  return mirrorPatch(piece as Value, Mirror.D, 'dmirror');
}

/** `cmirror(piece: Piece): Piece` */
export function cmirror(piece: Piece): Piece {
  if (Array.isArray(piece)) {
    const g = piece as G;
    const h = g.length;
    const flipped: Row[] = [];
    for (let i = 0; i < h; i++) flipped[i] = reversed(trow(g[h - 1 - i], 'cmirror'));
    return transpose(flipped) as unknown as Piece;
  }
  return mirrorPatch(piece as Value, Mirror.C, 'cmirror');
}

/**
 * Writes v at (i, j) of `out` (a copy of g's row list; a row is copied on its first write); under:
 * only over bg. `state[i]`: 0 while row i is still g's, 1 once it is our copy holding only small
 * integers, 2 once it may hold anything. Small integers go into rows of state 1 through one store
 * site and everything else through another: V8 keeps a store site's feedback per array kind, and
 * once a site has seen both rows of small integers and generic rows, TurboFan's code for it turns
 * every row of small integers it writes generic first, small integers or not (a check of arc-dsl's
 * solvers wrote 1,350 such rows through fill and paint, and `objects` was compiled five times).
 */
function put(out: Row[], state: Uint8Array, i: number, j: number, v: Value, under: boolean, bg: Value, what: string): void {
  let row = out[i];
  let st = state[i];
  if (st === 0) {
    const src = trow(row, what);
    const copy = smallRowCopy(src);
    if (copy !== undefined) {
      row = out[i] = copy;
      st = state[i] = 1;
    } else {
      row = out[i] = src.slice();
      st = state[i] = 2;
    }
  }
  if (j >= row.length) fail('IndexError', `${what}: list index out of range`);
  if (under && !eq(row[j], bg)) return;
  if (st === 1) {
    if (smallInt(v)) {
      (row as Value[])[j] = v;
      return;
    }
    // Not into smallRowCopy's array itself: a literal's allocation site would remember the tuple
    // and make its later arrays generic. Into a copy by slice, which has no allocation site.
    row = out[i] = row.slice();
    state[i] = 2;
  }
  putOther(row as Value[], j, v);
}
const putOther = (row: Value[], j: number, v: Value): void => {
  row[j] = v;
};

/** A copy of a row of small integers, from a literal that never sees anything else; undefined when a cell is not one. */
function smallRowCopy(r: Row): Value[] | undefined {
  const out: Value[] = [];
  for (let j = 0; j < r.length; j++) {
    const v = r[j];
    if (!smallInt(v)) return undefined;
    out.push(v);
    if ((j & 4095) === 4095) work(4096); // (a row may be millions of cells wide)
  }
  return out;
}

/**
 * Shared body of fill / underfill: write `value` at every location of the
 * patch inside the grid (only over `bg` when `under`).
 */
function fillImpl(grid: Value, value: Value, patch: Value, under: boolean, bg: Value, what: string): Grid {
  const g = tup(grid, what);
  const h = g.length;
  const w = firstRowLen(g, what);
  const out: Row[] = g.slice();
  const state = new Uint8Array(h);
  const pk = packedOf(patch);
  if (pk !== undefined) {
    const pair = (patch as FrozenSet).kind === 'pair';
    const n = pk.length;
    for (let k = 0; k < n; k++) {
      const key = pk[k];
      const i = keyPart(key, pair, 0), j = keyPart(key, pair, 1);
      if (i >= 0 && i < h && j >= 0 && j < w) put(out, state, i, j, value, under, bg, what);
      if ((k & 4095) === 4095) work(4096);
    }
    work(n & 4095);
    return asGridOut(out);
  }
  const items = patchItems(patch, what);
  const n = items.length;
  if (n === 0) return asGridOut(out);
  const obj = isObjectItems(items, what);
  for (let k = 0; k < n; k++) {
    const loc = locOf(items[k], obj, what);
    const i = intv(loc[0], what), j = intv(loc[1], what);
    if (i >= 0 && i < h && j >= 0 && j < w) put(out, state, i, j, value, under, bg, what);
    if ((k & 4095) === 4095) work(4096);
  }
  return asGridOut(out);
}

/** Shared body of paint / underpaint (cells in iteration order). */
function paintImpl(grid: Value, obj: Value, under: boolean, bg: Value, what: string, di = 0, dj = 0): Grid {
  const g = tup(grid, what);
  const h = g.length;
  const w = firstRowLen(g, what);
  const out: Row[] = g.slice();
  const state = new Uint8Array(h);
  const pk = packedOf(obj);
  if (pk !== undefined && (obj as FrozenSet).kind === 'cell') {
    const n = pk.length;
    for (let k = 0; k < n; k++) {
      const key = pk[k];
      const i = cellI(key) + di, j = cellJ(key) + dj;
      if (i >= 0 && i < h && j >= 0 && j < w) put(out, state, i, j, cellV(key), under, bg, what);
      if ((k & 4095) === 4095) work(4096);
    }
    work(n & 4095);
    return asGridOut(out);
  }
  const items = patchItems(obj, what);
  for (let k = 0; k < items.length; k++) {
    const cell = unpack2(items[k], what);
    const loc = unpack2(cell[1], what);
    const i = intv(loc[0], what) + di, j = intv(loc[1], what) + dj;
    if (i >= 0 && i < h && j >= 0 && j < w) put(out, state, i, j, cell[0], under, bg, what);
    if ((k & 4095) === 4095) work(4096);
  }
  return asGridOut(out);
}

/** `fill(grid: Grid, value: Integer, patch: Patch): Grid` */
export function fill(grid: Grid, value: Integer, patch: Patch): Grid {
  return fillImpl(grid as Value, value, patch, false, null, 'fill');
}

/** `paint(grid: Grid, obj: Object): Grid` */
export function paint(grid: Grid, obj: Patch): Grid {
  return paintImpl(grid as Value, obj, false, null, 'paint');
}

/** `underfill(grid: Grid, value: Integer, patch: Patch): Grid` */
export function underfill(grid: Grid, value: Integer, patch: Patch): Grid {
  const g = tup(grid as Value, 'underfill');
  firstRowLen(g, 'underfill');
  const bg = mostcolor(grid);
  return fillImpl(g, value, patch, true, bg, 'underfill');
}

/** `underpaint(grid: Grid, obj: Object): Grid` */
export function underpaint(grid: Grid, obj: Patch): Grid {
  const g = tup(grid as Value, 'underpaint');
  firstRowLen(g, 'underpaint');
  const bg = mostcolor(grid);
  return paintImpl(g, obj, true, bg, 'underpaint');
}

/** `cover(grid: Grid, patch: Patch): Grid` */
export function cover(grid: Grid, patch: Patch): Grid {
  const bg = mostcolor(grid);
  return fillImpl(grid as Value, bg, patch, false, null, 'cover');
}

/** `move(grid: Grid, obj: Object, offset: IntegerTuple): Grid` */
export function move(grid: Grid, obj: Patch, offset: IntegerTuple): Grid {
  const covered = cover(grid, obj);
  // shift(obj, offset): an empty patch comes back as is (offset not even read)
  const items = patchItems(obj, 'move');
  if (items.length === 0) return paintImpl(covered, obj, false, null, 'move');
  const off = unpack2(offset, 'move');
  const di = intv(off[0], 'move'), dj = intv(off[1], 'move');
  if (!isObjectItems(items, 'move')) return fail('TypeError', 'move: cannot unpack a location as a cell');
  if (obj instanceof FrozenSet) {
    // the shifted set iterates in the same (sorted) order as obj: paint obj's cells moved
    return paintImpl(covered, obj, false, null, 'move', di, dj);
  }
  const shifted: Value[] = [];
  for (let k = 0; k < items.length; k++) {
    const cell = unpack2(items[k], 'move');
    const loc = unpack2(cell[1], 'move');
    shifted[k] = [cell[0], [intv(loc[0], 'move') + di, intv(loc[1], 'move') + dj]];
  }
  return paintImpl(covered, frozenset(shifted), false, null, 'move');
}

/** A grid of the same shape with `f` applied to every cell. */
function mapCells(grid: Value, what: string, f: (v: Value) => Value): Grid {
  const g = tup(grid, what);
  const out: Row[] = [];
  for (let i = 0; i < g.length; i++) {
    const r = irow(g[i]);
    // rowOf, not r.map: TurboFan's inlined map builds holey arrays.
    out[i] = rowOf(r.length, (j) => f(r[j]));
  }
  return asGridOut(out);
}

/** `replace(grid: Grid, replacee: Integer, replacer: Integer): Grid` */
export function replace(grid: Grid, replacee: Integer, replacer: Integer): Grid {
  const fast = smallInt(replacee) && smallInt(replacer) ? smallRows(grid, (r) => replacedRow(r, replacee as number, replacer as number)) : undefined;
  return fast ?? mapCells(grid as Value, 'replace', (v) => (eq(v, replacee) ? replacer : v));
}

/** The grid with every row made by `rowFn` (a small-integer row function), or undefined when a row is not a tuple or `rowFn` declines one. */
function smallRows(grid: Grid, rowFn: (r: Row) => Value[] | undefined): Grid | undefined {
  if (!Array.isArray(grid)) return undefined;
  const g = grid as G;
  const out: Row[] = [];
  for (let i = 0; i < g.length; i++) {
    const r = g[i];
    const row = Array.isArray(r) ? rowFn(r) : undefined;
    if (row === undefined) return undefined;
    out[i] = row;
  }
  return asGridOut(out);
}

/** `switch(grid: Grid, a: Integer, b: Integer): Grid` */
export function switch_(grid: Grid, a: Integer, b: Integer): Grid {
  // {a: b, b: a}[v]: when a == b the dict is {a: a}
  const fast = smallInt(a) && smallInt(b) ? smallRows(grid, (r) => switchedRow(r, a as number, b as number)) : undefined;
  return fast ?? mapCells(grid as Value, 'switch', (v) => (eq(v, a) ? (eq(a, b) ? a : b) : eq(v, b) ? a : v));
}

/** `cellwise(a: Grid, b: Grid, fallback: Integer): Grid` */
export function cellwise(a: Grid, b: Grid, fallback: Integer): Grid {
  const ga = tup(a as Value, 'cellwise');
  const gb = tup(b as Value, 'cellwise');
  const h = ga.length;
  const w = firstRowLen(ga, 'cellwise');
  const out: Row[] = [];
  const small = smallInt(fallback);
  for (let i = 0; i < h; i++) {
    const ra = ga[i] as Value, rb = i < gb.length ? (gb[i] as Value) : undefined;
    const fast = small && Array.isArray(ra) && Array.isArray(rb) ? cellwiseRow(ra, rb, w, fallback as number) : undefined;
    out[i] =
      fast ??
      rowOf(w, (j) => {
        const av = cellAt(ga, i, j, 'cellwise');
        const bv = cellAt(gb, i, j, 'cellwise');
        return eq(av, bv) ? av : fallback;
      });
  }
  return asGridOut(out);
}

/** `hupscale(grid: Grid, factor: Integer): Grid` */
export function hupscale(grid: Grid, factor: Integer): Grid {
  const g = tup(grid as Value, 'hupscale');
  let cells = 0;
  for (let i = 0; i < g.length; i++) cells += irow(g[i]).length;
  if (cells > 0) checkSize(cells * intv(factor, 'hupscale'));
  const out: Row[] = [];
  for (let i = 0; i < g.length; i++) {
    const r = irow(g[i]);
    if (r.length === 0) {
      out[i] = [];
      continue;
    }
    const f = intv(factor, 'hupscale');
    out[i] = f > 0 ? (stretchedRow(r, f) ?? rowOf(r.length * f, (x) => r[Math.floor(x / f)])) : [];
  }
  return asGridOut(out);
}

/** `vupscale(grid: Grid, factor: Integer): Grid` */
export function vupscale(grid: Grid, factor: Integer): Grid {
  const g = tup(grid as Value, 'vupscale');
  if (g.length === 0) return asGridOut([]);
  const f = intv(factor, 'vupscale');
  checkSize(g.length * f);
  const out: Value[] = [];
  if (f > 0) for (let i = 0; i < g.length; i++) for (let k = 0; k < f; k++) out.push(g[i]);
  return asGridOut(out);
}

/** `upscale(element: Element, factor: Integer): Element` */
export function upscale(element: Piece, factor: Integer): Piece {
  if (Array.isArray(element)) {
    const g = element as G;
    if (g.length > 0) {
      const f = intv(factor, 'upscale');
      let cells = 0;
      for (let i = 0; i < g.length; i++) cells += irow(g[i]).length;
      checkSize(g.length * f);
      checkSize(cells * f * f);
    }
    const out: Row[] = [];
    for (let i = 0; i < g.length; i++) {
      const r = irow(g[i]);
      const f = intv(factor, 'upscale');
      const row = f > 0 ? (stretchedRow(r, f) ?? rowOf(r.length * f, (x) => r[Math.floor(x / f)])) : [];
      for (let k = 0; k < f; k++) out.push(row);
    }
    return out as unknown as Piece;
  }
  const packed = upscalePacked(element as Value, factor);
  if (packed !== undefined) return packed;
  const items = patchItems(element as Value, 'upscale');
  const box = patchBox(items, 'upscale');
  if (box === undefined) return FrozenSet.EMPTY;
  // `for value, (i, j) in normed_obj` cannot unpack a location pair
  if (!box.obj) return fail('TypeError', 'upscale: cannot unpack non-iterable int object');
  const f = intv(factor, 'upscale');
  checkSize(items.length * f * f);
  const a = box.top, b = box.left;
  const out: Value[] = [];
  for (let k = 0; k < items.length; k++) {
    const cell = items[k] as Row;
    const loc = cell[1] as Row;
    const v = cell[0];
    const bi = a + (intv(loc[0], 'upscale') - a) * f;
    const bj = b + (intv(loc[1], 'upscale') - b) * f;
    for (let io = 0; io < f; io++) for (let jo = 0; jo < f; jo++) out.push([v, [bi + io, bj + jo]]);
  }
  return frozenset(out);
}

/**
 * upscale of a packed object, as keys made in key order (no cell tuples, no sort): each cell
 * becomes an f x f block, and blocks of distinct cells do not overlap, so walking the cells a row
 * of one colour at a time, and each output row of that row's blocks left to right, meets the keys
 * in order. Undefined when the object is not packed or the result leaves the packed range.
 */
function upscalePacked(element: Value, factor: Integer): FrozenSet | undefined {
  if (!(element instanceof FrozenSet) || element.kind !== 'cell') return undefined;
  const keys = packedOf(element), box = packedBox(element);
  if (keys === undefined || box === undefined) return undefined;
  const f = intv(factor, 'upscale');
  if (!smallInt(f)) return undefined; // (a factor of 1.5 makes cells of non-integers: the generic path)
  checkSize(keys.length * f * f);
  if (f <= 0) return FrozenSet.EMPTY;
  const a = box[0], b = box[1];
  if (a + (box[2] - a + 1) * f > PACK_LIMIT || b + (box[3] - b + 1) * f > PACK_LIMIT) return undefined;
  const out = newKeys(keys.length * f * f);
  let o = 0;
  for (let k = 0; k < keys.length; ) {
    const v = cellV(keys[k]), i = cellI(keys[k]);
    let e = k + 1;
    while (e < keys.length && cellV(keys[e]) === v && cellI(keys[e]) === i) e++;
    const bi = a + (i - a) * f;
    for (let io = 0; io < f; io++) {
      for (let m = k; m < e; m++) {
        const first = cellKey(v, bi + io, b + (cellJ(keys[m]) - b) * f); // the block's row: first + jo
        for (let jo = 0; jo < f; jo++) out[o++] = first + jo;
      }
    }
    work((e - k) * f * f);
    k = e;
  }
  return FrozenSet.packed(out, 'cell');
}

/** `downscale(grid: Grid, factor: Integer): Grid` */
export function downscale(grid: Grid, factor: Integer): Grid {
  const g = tup(grid as Value, 'downscale');
  const h = g.length;
  const w = firstRowLen(g, 'downscale');
  const f = intv(factor, 'downscale');
  if (f === 0) return fail('ZeroDivisionError', 'downscale: integer division or modulo by zero');
  // first pass (every row): keep the columns j with j % f == 0; second pass: the rows likewise
  const out: Row[] = [];
  for (let i = 0; i < h; i++) {
    const keep = floorMod(i, f) === 0;
    for (let j = 0; j < w; j += 1) if (floorMod(j, f) === 0) cellAt(g, i, j, 'downscale'); // Python reads every such cell
    if (keep) out.push((g[i] as Row).filter((_, j) => j < w && floorMod(j, f) === 0));
  }
  return asGridOut(out);
}

/** `hconcat(a: Grid, b: Grid): Grid` */
export function hconcat(a: Grid, b: Grid): Grid {
  const ga = irow(a as Value), gb = irow(b as Value);
  const n = Math.min(ga.length, gb.length);
  const out: Row[] = [];
  // Cap the cells of the result, not just its rows: grids feed every other primitive.
  if (n > 0) checkSize(n * (lengthOf(ga[0]) + lengthOf(gb[0])));
  for (let i = 0; i < n; i++) {
    const ra = ga[i], rb = gb[i];
    if (!Array.isArray(ra) || !Array.isArray(rb)) return fail('TypeError', 'hconcat: can only concatenate tuples');
    out[i] = joined(ra, rb);
    work(out[i].length);
  }
  return asGridOut(out);
}

/** `vconcat(a: Grid, b: Grid): Grid` */
export function vconcat(a: Grid, b: Grid): Grid {
  const ga = tup(a as Value, 'vconcat'), gb = tup(b as Value, 'vconcat');
  const rows = ga.length + gb.length;
  if (rows > 0) checkSize(rows * Math.max(1, lengthOf(ga.length > 0 ? ga[0] : gb[0])));
  return asGridOut(joined(ga, gb));
}

/** `hsplit(grid: Grid, n: Integer): Tuple` */
export function hsplit(grid: Grid, n: Integer): Tuple {
  const g = tup(grid as Value, 'hsplit');
  const h = g.length;
  const W = firstRowLen(g, 'hsplit');
  const k = intv(n, 'hsplit');
  const w = floorDiv(W, k);
  const offset = floorMod(W, k) !== 0 ? 1 : 0;
  checkSize(k);
  const out: Value[] = [];
  for (let i = 0; i < k; i++) {
    out.push(crop(g as Grid, [0, w * i + i * offset], [h, w]) as Value);
    work(h + h * Math.max(w, 0)); // k crops of h rows: one long call on a tall grid
  }
  return out;
}

/** `vsplit(grid: Grid, n: Integer): Tuple` */
export function vsplit(grid: Grid, n: Integer): Tuple {
  const g = tup(grid as Value, 'vsplit');
  const k = intv(n, 'vsplit');
  const H = g.length;
  const h = floorDiv(H, k);
  const w = firstRowLen(g, 'vsplit');
  const offset = floorMod(H, k) !== 0 ? 1 : 0;
  checkSize(k);
  const out: Value[] = [];
  for (let i = 0; i < k; i++) {
    out.push(crop(g as Grid, [h * i + i * offset, 0], [h, w]) as Value);
    work(Math.max(h, 0) * (w + 1));
  }
  return out;
}

/** `tophalf(grid: Grid): Grid` */
export function tophalf(grid: Grid): Grid {
  const g = tup(grid as Value, 'tophalf');
  return asGridOut(g.slice(0, Math.floor(g.length / 2)));
}

/** `bottomhalf(grid: Grid): Grid` */
export function bottomhalf(grid: Grid): Grid {
  const g = tup(grid as Value, 'bottomhalf');
  const h = g.length;
  return asGridOut(g.slice(Math.floor(h / 2) + (h % 2)));
}

/** rot270(half(rot90(grid))) for the left (first) or right (last) floor(W/2) columns. */
function horizontalHalf(grid: Value, left: boolean, what: string): Grid {
  const g = tup(grid, what);
  const { rows, m } = zipRows(g);
  const k = Math.floor(m / 2);
  if (k === 0 || rows.length === 0) return asGridOut([]);
  const from = left ? 0 : m - k, to = left ? k : m;
  const out: Row[] = [];
  for (let i = 0; i < rows.length; i++) out[i] = rows[i].slice(from, to);
  return asGridOut(out);
}

/** `lefthalf(grid: Grid): Grid` */
export function lefthalf(grid: Grid): Grid {
  return horizontalHalf(grid as Value, true, 'lefthalf');
}

/** `righthalf(grid: Grid): Grid` */
export function righthalf(grid: Grid): Grid {
  return horizontalHalf(grid as Value, false, 'righthalf');
}

/** `trim(grid: Grid): Grid` */
export function trim(grid: Grid): Grid {
  const g = tup(grid as Value, 'trim');
  const rows = g.slice(1, -1);
  for (let k = 0; k < rows.length; k++) rows[k] = trow(rows[k], 'trim').slice(1, -1);
  return asGridOut(rows);
}

/** `len(set(r)) == 1`: a non-empty line of one value. */
function uniform(r: Row): boolean {
  const n = r.length;
  if (n === 0) return false;
  const v0 = r[0];
  for (let k = 1; k < n; k++) if (!eq(r[k], v0)) return false;
  return true;
}

/** Indices of the uniform rows and of the uniform columns (columns as `zip(*grid)` gives them). */
function uniformLines(g: G): { rowsU: boolean[]; colsU: boolean[]; rows: Row[]; m: number } {
  const { rows, m } = zipRows(g);
  const h = rows.length;
  const rowsU: boolean[] = new Array(h);
  for (let i = 0; i < h; i++) rowsU[i] = uniform(rows[i]);
  const colsU: boolean[] = new Array(m);
  for (let j = 0; j < m; j++) {
    let same = h > 0;
    const v0 = h > 0 ? rows[0][j] : null;
    for (let i = 1; i < h && same; i++) if (!eq(rows[i][j], v0)) same = false;
    colsU[j] = same;
  }
  return { rowsU, colsU, rows, m };
}

/** `compress(grid: Grid): Grid` */
export function compress(grid: Grid): Grid {
  const g = tup(grid as Value, 'compress');
  const { rowsU, colsU, rows, m } = uniformLines(g);
  const out: Row[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (rowsU[i]) continue;
    const r = rows[i];
    out.push(r.filter((_, j) => !(j < m && colsU[j])));
  }
  return asGridOut(out);
}

/** `frontiers(grid: Grid): Objects` */
export function frontiers(grid: Grid): FrozenSet {
  const g = tup(grid as Value, 'frontiers');
  const h = g.length;
  const w = firstRowLen(g, 'frontiers');
  const { rowsU, colsU, m } = uniformLines(g);
  const fronts: Value[] = [];
  for (let i = 0; i < h; i++) {
    if (!rowsU[i]) continue;
    const cells: Value[] = [];
    for (let j = 0; j < w; j++) cells[j] = [cellAt(g, i, j, 'frontiers'), [i, j]];
    fronts.push(frozenset(cells));
  }
  for (let j = 0; j < m; j++) {
    if (!colsU[j]) continue;
    const cells: Value[] = [];
    for (let i = 0; i < h; i++) cells[i] = [cellAt(g, i, j, 'frontiers'), [i, j]];
    fronts.push(frozenset(cells));
  }
  return frozenset(fronts);
}

// 4- and 8-neighbourhood offsets (dneighbors first, then the diagonals)
const NDI = [-1, 1, 0, 0, -1, -1, 1, 1];
const NDJ = [0, 0, -1, 1, -1, 1, -1, 1];

/**
 * objects' working arrays (colour codes, labels, the fill stack, a component's locations), kept
 * between calls for grids of up to SCRATCH_MAX cells: four typed arrays of their own per call cost
 * more than the labelling of a 10 x 10 grid (off V8's heap, 1-3 us apiece). Larger grids get arrays
 * of their own, not kept. Nothing objects calls uses these.
 */
const SCRATCH_MAX = 1 << 16;
let scratchSize = 0;
let codesBuf = new Int32Array(0), labelBuf = new Int32Array(0), stackBuf = new Int32Array(0), compBuf = new Int32Array(0);
function objectScratch(n: number): void {
  if (n <= scratchSize) return;
  const size = n > SCRATCH_MAX ? n : Math.min(SCRATCH_MAX, Math.max(n, 1024, 2 * scratchSize));
  codesBuf = new Int32Array(size);
  labelBuf = new Int32Array(size);
  stackBuf = new Int32Array(size);
  compBuf = new Int32Array(size);
  // A grid past SCRATCH_MAX gets these once: the next call makes the kept ones again.
  scratchSize = n > SCRATCH_MAX ? 0 : size;
}

/** `objects(grid: Grid, univalued: Boolean, diagonal: Boolean, without_bg: Boolean): Objects` */
export function objects(grid: Grid, univalued: Bool, diagonal: Bool, without_bg: Bool): FrozenSet {
  const g = tup(grid as Value, 'objects');
  const hasBg = truthy(without_bg);
  const bg: Value = hasBg ? mostcolor(grid) : null;
  const h = g.length;
  const w = firstRowLen(g, 'objects');
  if (h === 0 || w === 0) return FrozenSet.EMPTY;
  // Python reads every location of asindices(grid): every row needs w items
  for (let i = 0; i < h; i++) {
    const r = g[i] as Value;
    if (!Array.isArray(r)) return fail('TypeError', 'objects: row is not subscriptable');
    if (r.length < w) return fail('IndexError', 'objects: tuple index out of range');
  }
  const N = h * w;
  objectScratch(N);
  // colour codes: equal codes <=> equal DSL values
  const codes = codesBuf;
  let bgc = 0;
  let generic = false;
  for (let i = 0, p = 0; i < h && !generic; i++) {
    const r = g[i];
    for (let j = 0; j < w; j++, p++) {
      const v = r[j];
      if (typeof v === 'number' && (v | 0) === v) codes[p] = v;
      else if (typeof v === 'boolean') codes[p] = v ? 1 : 0;
      else {
        generic = true;
        break;
      }
    }
    work(w);
  }
  if (generic) {
    const ids = genericCodes(g, w, codes);
    if (hasBg) bgc = ids.find(bg);
  } else if (hasBg) {
    if (typeof bg === 'number' && (bg | 0) === bg) bgc = bg;
    else if (typeof bg === 'boolean') bgc = bg ? 1 : 0;
    else bgc = 0x7fffffff; // cannot equal an int32 code... (bg comes from the grid, so unreachable)
  }
  const uni = truthy(univalued);
  const nn = truthy(diagonal) ? 8 : 4;
  // label[p]: 1 + the index of the object holding location p (0: not reached yet).
  const label = labelBuf.fill(0, 0, N);
  const stack = stackBuf;
  const comp = compBuf;
  const objs: FrozenSet[] = [];
  for (let s = 0; s < N; s++) {
    if (label[s] !== 0) continue;
    const c0 = codes[s];
    if (hasBg && c0 === bgc) continue;
    const id = objs.length + 1;
    let sp = 0, cn = 0, lo = s, hi = s;
    stack[sp++] = s;
    label[s] = id;
    while (sp > 0) {
      const p = stack[--sp];
      comp[cn++] = p;
      if (p > hi) hi = p; // (s is the smallest: locations before it are all labelled or background)
      // Charged as it goes, so one huge component stops near the limit too.
      if ((cn & 4095) === 0) work(4096);
      const i = (p / w) | 0, j = p - i * w;
      for (let d = 0; d < nn; d++) {
        const ni = i + NDI[d], nj = j + NDJ[d];
        if (ni < 0 || ni >= h || nj < 0 || nj >= w) continue;
        const q = ni * w + nj;
        if (label[q] !== 0) continue;
        const c = codes[q];
        if (uni ? c === c0 : !(hasBg && c === bgc)) {
          label[q] = id;
          stack[sp++] = q;
        }
      }
    }
    // Row-major order: most objects are a few cells, sorted in place here (a view and a typed-array
    // sort cost about 200 ns together, more than the rest of a small object); a sort of at most
    // N / 32 locations is short; a scan touches at most 32 locations per cell.
    if (cn <= SMALL_OBJECT) sortSmall(comp, cn);
    else if (cn < 4096 || hi - lo > 32 * cn) comp.subarray(0, cn).sort();
    else rowMajor(comp, label, id, lo, hi);
    work(cn);
    if (!generic && h < PACK_LIMIT && w < PACK_LIMIT && codes[comp[0]] >= -CELL_VALUE_LIMIT && codes[comp[0]] < CELL_VALUE_LIMIT) {
      // Plain small colours: packed cells (one colour: row-major is key order).
      const keys = newKeys(cn);
      let ok = true;
      for (let k = 0; k < cn; k++) {
        const p = comp[k];
        const i = (p / w) | 0, j = p - i * w;
        const v = g[i][j];
        if (typeof v !== 'number' || v < -CELL_VALUE_LIMIT || v >= CELL_VALUE_LIMIT) { ok = false; break; }
        keys[k] = cellKey(v, i, j);
      }
      if (ok) {
        objs.push(FrozenSet.packed(uni ? keys : sortDistinct(keys), 'cell'));
        continue;
      }
    }
    objs.push(tupleObject(g, comp.subarray(0, cn), w, uni));
  }
  return frozensetOfDisjoint(objs);
}

/** Objects of up to this many cells are put in row-major order by `sortSmall`. */
const SMALL_OBJECT = 24;

/** a[0..n) in ascending order, in place (insertion sort: for a few items only). */
function sortSmall(a: Int32Array, n: number): void {
  for (let k = 1; k < n; k++) {
    const x = a[k];
    let m = k - 1;
    while (m >= 0 && a[m] > x) {
      a[m + 1] = a[m];
      m--;
    }
    a[m + 1] = x;
  }
}

// objects' rare paths live in functions of their own, to keep objects small for the optimiser (the
// large-object ordering, `rowMajor`, made the cold check of arc-dsl's solvers 6-10 % slower when
// written inline; moving these two out measured the same as leaving them in).

/** Colour codes of a grid holding values other than integers: equal codes <=> equal DSL values. */
function genericCodes(g: G, w: number, codes: Int32Array): ValueTable {
  const ids = new ValueTable();
  for (let i = 0, p = 0; i < g.length; i++) {
    const r = g[i];
    for (let j = 0; j < w; j++, p++) codes[p] = ids.add(r[j]);
    work(w);
  }
  return ids;
}

/** An object of cell tuples (values or locations that do not pack), from its row-major locations. */
function tupleObject(g: G, part: Int32Array, w: number, uni: boolean): FrozenSet {
  const cn = part.length;
  const cells: Value[] = [];
  for (let k = 0; k < cn; k++) {
    const p = part[k];
    const i = (p / w) | 0, j = p - i * w;
    cells[k] = cell(g[i][j], i, j);
    if ((k & 4095) === 4095) work(4096);
  }
  // One colour: row-major is sorted order. Components are disjoint, so the objects are distinct.
  return uni && isNum(cells[0]) ? FrozenSet.trusted(cells, 'cell') : frozenset(cells);
}

/**
 * The locations labelled `id` within [lo, hi], in row-major order, into `out`: one pass over the
 * span, charged as it goes, for a large object (a typed-array sort of millions of locations is one
 * uninterruptible call).
 */
function rowMajor(out: Int32Array, label: Int32Array, id: number, lo: number, hi: number): void {
  let k = 0;
  for (let p = lo; p <= hi; p++) {
    if (label[p] === id) out[k++] = p;
    if ((p & 65535) === 65535) work(16384);
  }
}

/** One object per colour of `colours` (all cells of that colour, row-major). */
function partitionBy(g: G, colours: readonly Value[], skip: Value | undefined, useSkip: boolean): FrozenSet {
  const s = smallScan(g);
  const objs: FrozenSet[] = [];
  if (s !== undefined && g.length < PACK_LIMIT && (g.length === 0 || (g[0] as Row).length < PACK_LIMIT)) {
    const buckets: Float64Array[] = new Array(SMALL);
    const fillAt = new Int32Array(SMALL);
    for (const c of colours) buckets[c as number] = newKeys(s.counts[c as number]);
    for (let i = 0; i < g.length; i++) {
      const r = g[i] as readonly number[];
      for (let j = 0; j < r.length; j++) {
        const v = r[j];
        buckets[v][fillAt[v]++] = cellKey(v, i, j);
      }
      work(r.length);
    }
    for (const c of colours) {
      if (useSkip && eq(c, skip as Value)) continue;
      objs.push(FrozenSet.packed(buckets[c as number], 'cell'));
    }
    return frozensetOfDisjoint(objs);
  }
  for (const c of colours) {
    if (useSkip && eq(c, skip as Value)) continue;
    const cells: Value[] = [];
    for (let i = 0; i < g.length; i++) {
      const r = irow(g[i]);
      for (let j = 0; j < r.length; j++) if (eq(r[j], c)) cells.push(cell(r[j], i, j));
      work(r.length);
    }
    objs.push(frozenset(cells));
  }
  return frozenset(objs);
}

/** `partition(grid: Grid): Objects` */
export function partition(grid: Grid): FrozenSet {
  const g = tup(grid as Value, 'partition');
  return partitionBy(g, palette(grid).items, undefined, false);
}

/** `fgpartition(grid: Grid): Objects` */
export function fgpartition(grid: Grid): FrozenSet {
  const g = tup(grid as Value, 'fgpartition');
  const colours = palette(grid).items;
  const bg = mostcolor(grid);
  return partitionBy(g, colours, bg, true);
}

/** `asobject(grid: Grid): Object` */
export function asobject(grid: Grid): Patch {
  const g = tup(grid as Value, 'asobject');
  const packed = packedGridCells(g);
  if (packed !== undefined) return packed;
  const cells: Value[] = [];
  for (let i = 0; i < g.length; i++) {
    const r = irow(g[i]);
    for (let j = 0; j < r.length; j++) cells.push(cell(r[j], i, j));
  }
  return frozensetOfDistinct(cells, 'cell');
}

/**
 * Every cell of a grid of colours 0..15 as a packed object, its keys placed by a counting sort on
 * the colour (row-major within one colour is key order): no cell tuples, no sort. Undefined for
 * other grids (the generic path).
 */
function packedGridCells(g: G): FrozenSet | undefined {
  if (g.length >= PACK_LIMIT) return undefined;
  const s = smallScan(g);
  if (s === undefined) return undefined;
  const at = new Int32Array(SMALL);
  let total = 0;
  for (let c = 0; c < SMALL; c++) {
    at[c] = total;
    total += s.counts[c];
  }
  if (total === 0) return FrozenSet.EMPTY;
  const keys = newKeys(total);
  for (let i = 0; i < g.length; i++) {
    const r = g[i] as readonly number[];
    if (r.length >= PACK_LIMIT) return undefined;
    for (let j = 0; j < r.length; j++) {
      const v = r[j];
      keys[at[v]++] = cellKey(v, i, j);
    }
    work(r.length);
  }
  return FrozenSet.packed(keys, 'cell');
}

/** `toobject(patch: Patch, grid: Grid): Object` */
export function toobject(patch: Patch, grid: Grid): Patch {
  const g = tup(grid as Value, 'toobject');
  const h = g.length;
  const w = firstRowLen(g, 'toobject');
  const pk = packedOf(patch);
  if (pk !== undefined && h < PACK_LIMIT && w < PACK_LIMIT) {
    const pair = (patch as FrozenSet).kind === 'pair';
    const keys = newKeys(pk.length);
    let m = 0;
    for (let k = 0; k < pk.length; k++) {
      const key = pk[k];
      const i = keyPart(key, pair, 0), j = keyPart(key, pair, 1);
      if (i >= 0 && i < h && j >= 0 && j < w) {
        const v = cellAt(g, i, j, 'toobject');
        if (typeof v !== 'number' || (v | 0) !== v || v < -CELL_VALUE_LIMIT || v >= CELL_VALUE_LIMIT) { m = -1; break; }
        keys[m++] = cellKey(v, i, j);
      }
      if ((k & 4095) === 4095) work(4096);
    }
    if (m >= 0) {
      work(pk.length & 4095);
      return FrozenSet.packed(sortDistinct(keys.subarray(0, m)), 'cell');
    }
  }
  const items = patchItems(patch, 'toobject');
  const n = items.length;
  if (n === 0) return FrozenSet.EMPTY;
  const obj = isObjectItems(items, 'toobject');
  const cells: Value[] = [];
  for (let k = 0; k < n; k++) {
    const loc = locOf(items[k], obj, 'toobject');
    const i = intv(loc[0], 'toobject'), j = intv(loc[1], 'toobject');
    if (i >= 0 && i < h && j >= 0 && j < w) cells.push([cellAt(g, i, j, 'toobject'), loc]);
    if ((k & 4095) === 4095) work(4096);
  }
  return frozenset(cells);
}

/** `palette(element: Element): IntegerSet` */
export function palette(element: Piece): IntegerSet {
  const s = smallScan(element as Value);
  const set = s !== undefined ? frozenset(s.distinct) : frozenset(elementValues(element as Value, 'palette'));
  return copyOfSet(set);
}

/** `numcolors(element: Element): Integer` */
export function numcolors(element: Piece): Integer {
  const s = smallScan(element as Value);
  if (s !== undefined) return s.distinct.length;
  return palette(element).size;
}

/** `colorcount(element: Element, value: Integer): Integer` */
export function colorcount(element: Piece, value: Integer): Integer {
  let n = 0;
  if (Array.isArray(element)) {
    const g = element as G;
    for (let i = 0; i < g.length; i++) {
      const r = g[i] as Value;
      // row.count(value): tuples only
      if (!Array.isArray(r)) return fail('AttributeError', 'colorcount: row has no count');
      for (let j = 0; j < r.length; j++) if (eq(r[j], value)) n++;
    }
    return n;
  }
  if (element instanceof FrozenSet) {
    if (element.kind === 'cell' && typeof value === 'number' && (value | 0) === value && value >= 0 && value < 1023) {
      const pk = packedOf(element);
      if (pk !== undefined) return countColour(pk, value);
    }
    const items = element.items;
    for (let k = 0; k < items.length; k++) if (eq(unpack2(items[k], 'colorcount')[0], value)) n++;
    return n;
  }
  return fail('TypeError', 'colorcount: object is not iterable');
}

/** `mostcolor(element: Element): Integer` */
export function mostcolor(element: Piece): Integer {
  return extremeColor(element as Value, true, 'mostcolor') as Integer;
}

/** `leastcolor(element: Element): Integer` */
export function leastcolor(element: Piece): Integer {
  return extremeColor(element as Value, false, 'leastcolor') as Integer;
}
