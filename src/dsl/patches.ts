// Patches and objects (PRIMITIVES.md §7.4).
// Pure functions; parameter names and order follow the Python DSL.
//
// A patch is any container (frozenset or tuple) of index pairs (Indices) or of
// cells `[v, [i, j]]` (Object); which one is decided by the first element
// (§1). Locations keep their raw components where the Python keeps them (a
// Boolean coordinate stays a Boolean), arithmetic results are plain numbers.

import {
  type Value, type Tuple, type Grid, FrozenSet, fail, frozenset, itemsOf, equal, ValueTable, smallInt, loc, cell,
  type Integer, type Bool, type IntegerTuple, type Patch, type Piece, type SetKind, newKeys, PACK_LIMIT,
} from './values.js';
import { checkSize, work } from './budget.js';
import { packedOf, packedBox, shiftKeys, cellsToPairs, pairsToCells, packableColour, cellV, cellI, cellJ, pairKey, keyPart } from './packed.js';
import { difference } from './containers.js';

// ---------------------------------------------------------------------------
// Private helpers

type Loc = readonly [Integer, Integer];

/** Python's int for a value used in arithmetic/comparison; anything else raises TypeError. */
function int(v: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return fail('TypeError', `unsupported operand type: expected int, got ${describe(v)}`);
}

function describe(v: Value): string {
  if (v === null) return 'NoneType';
  if (Array.isArray(v)) return 'tuple';
  if (v instanceof FrozenSet) return 'frozenset';
  return typeof v;
}

/** Python `len(v)`. */
function lenOf(v: Value): number {
  if (Array.isArray(v)) return v.length;
  if (v instanceof FrozenSet) return v.size;
  return fail('TypeError', `object of type '${describe(v)}' has no len()`);
}

/** Python `v[k]` for a tuple (sets and numbers are not subscriptable). */
function at(v: Value, k: number): Value {
  if (Array.isArray(v)) {
    if (k < v.length) return (v as Tuple)[k];
    return fail('IndexError', 'tuple index out of range');
  }
  return fail('TypeError', `'${describe(v)}' object is not subscriptable`);
}

/** Python `a, b = v` (a tuple or a 2-element frozenset). */
function unpack2(v: Value): readonly [Value, Value] {
  if (Array.isArray(v)) {
    if (v.length === 2) return v as unknown as readonly [Value, Value];
  } else if (v instanceof FrozenSet) {
    if (v.size === 2) return [v.items[0], v.items[1]];
  } else {
    return fail('TypeError', `cannot unpack non-iterable ${describe(v)} object`);
  }
  return fail('ValueError', `expected 2 values to unpack, got ${lenOf(v)}`);
}

/** Checks an element of an Indices patch is a pair `(i, j)`. */
function asLoc(e: Value): Loc {
  if (Array.isArray(e) && e.length === 2) return e as unknown as Loc;
  return unpack2(e) as unknown as Loc;
}

/** Object vs Indices (§1): the first element's second component is a tuple. */
function isObjectFirst(first: Value): boolean {
  return Array.isArray(at(first, 1));
}

/**
 * The locations of a non-empty patch's elements, in iteration order, without
 * merging repeats (callers that need Python's `toindices` set use `toindices`).
 */
function locsOf(patch: Value): readonly Loc[] {
  const items = itemsOf(patch);
  const n = items.length;
  if (n === 0) return [];
  if (isObjectFirst(items[0])) {
    const out: Loc[] = [];
    for (let k = 0; k < n; k++) {
      const e = items[k];
      out[k] = asLoc(Array.isArray(e) && e.length === 2 ? e[1] : unpack2(e)[1]);
      if ((k & 4095) === 4095) work(4096);
    }
    return out;
  }
  for (let k = 0; k < n; k++) {
    const e = items[k];
    if (!(Array.isArray(e) && e.length === 2)) unpack2(e);
    if ((k & 4095) === 4095) work(4096);
  }
  return items as unknown as readonly Loc[];
}

/** Raw extreme of component `c` (0 rows, 1 columns); `max` picks the largest. First extreme wins, like Python. */
function extreme(locs: readonly Loc[], c: 0 | 1, max: boolean): Integer {
  const n = locs.length;
  if (n === 0) return fail('ValueError', `${max ? 'max' : 'min'}() arg is an empty sequence`);
  let best = locs[0][c];
  let bv = int(best);
  for (let k = 1; k < n; k++) {
    const x = locs[k][c];
    const xv = int(x);
    if (max ? xv > bv : xv < bv) {
      best = x;
      bv = xv;
    }
  }
  return best;
}

/** Extremes of both components in one pass: [minI, minJ, maxI, maxJ] (raw values). */
function bounds(locs: readonly Loc[]): [Integer, Integer, Integer, Integer] {
  const n = locs.length;
  if (n === 0) return fail('ValueError', 'min() arg is an empty sequence');
  const l0 = locs[0];
  let a: Integer = l0[0], b: Integer = l0[1], c: Integer = l0[0], d: Integer = l0[1];
  let av = int(a), bv = int(b), cv = av, dv = bv;
  for (let k = 1; k < n; k++) {
    const l = locs[k];
    const i = l[0], j = l[1];
    const iv = typeof i === 'number' ? i : int(i);
    const jv = typeof j === 'number' ? j : int(j);
    if (iv < av) { a = i; av = iv; }
    if (iv > cv) { c = i; cv = iv; }
    if (jv < bv) { b = j; bv = jv; }
    if (jv > dv) { d = j; dv = jv; }
  }
  return [a, b, c, d];
}

const floorDiv = (a: number, b: number): number => {
  if (b === 0) return fail('ZeroDivisionError', 'integer division or modulo by zero');
  return Math.floor(a / b) + 0;
};

/** Python `min(a, b)` / `max(a, b)` on integers: the first argument wins ties. */
const pyMin = (a: Integer, b: Integer): Integer => (int(b) < int(a) ? b : a);
const pyMax = (a: Integer, b: Integer): Integer => (int(b) > int(a) ? b : a);

/** The outline of the rectangle rows si..ei, columns sj..ej (raw corner values kept as Python does). */
function outline(si: Integer, sj: Integer, ei: Integer, ej: Integer): FrozenSet {
  const i0 = int(si), i1 = int(ei), j0 = int(sj), j1 = int(ej);
  checkSize(2 * (i1 - i0 + 1) + 2 * (j1 - j0 + 1));
  if (typeof si === 'number' && typeof sj === 'number' && typeof ei === 'number' && typeof ej === 'number' && inPackRange(i0, j0, i1, j1)) {
    // Keys in row-major (key) order: the first and last rows whole, the rows between at both ends.
    const rows = i1 - i0 + 1, w = j1 - j0 + 1;
    const keys = newKeys(rows === 1 ? w : 2 * w + (rows - 2) * (w === 1 ? 1 : 2));
    let o = 0;
    for (let i = i0; i <= i1; i++) {
      if (i === i0 || i === i1) for (let j = j0; j <= j1; j++) keys[o++] = pairKey(i, j);
      else {
        keys[o++] = pairKey(i, j0);
        if (j1 !== j0) keys[o++] = pairKey(i, j1);
      }
    }
    work(o);
    return FrozenSet.packed(keys, 'pair');
  }
  const out: Value[] = [];
  for (let i = i0; i <= i1; i++) out.push([i, sj]);
  for (let i = i0; i <= i1; i++) out.push([i, ej]);
  for (let j = j0; j <= j1; j++) out.push([si, j]);
  for (let j = j0; j <= j1; j++) out.push([ei, j]);
  return frozenset(out);
}

/** Is the box [i0, i1] x [j0, j1] (i0 <= i1, j0 <= j1) within the packed range? */
const inPackRange = (i0: number, j0: number, i1: number, j1: number): boolean =>
  i0 > -PACK_LIMIT && j0 > -PACK_LIMIT && i1 < PACK_LIMIT && j1 < PACK_LIMIT && i0 <= i1 && j0 <= j1;


/**
 * A non-empty packed set's locations as [i0, j0, i1, j1, ...] (a cell's location; repeats kept),
 * decoded from its keys once and kept on the set: programs measure one patch against many
 * (`argmin(objects, lbind(manhattan, obj))`), and decoding every member to a tuple, then reading
 * the tuples, was most of `manhattan`'s time. Undefined for any other value.
 */
function packedCoords(patch: Value): readonly number[] | undefined {
  if (!(patch instanceof FrozenSet)) return undefined;
  const kept = patch.coords;
  if (kept !== undefined) return kept;
  const keys = packedOf(patch);
  if (keys === undefined || keys.length === 0) return undefined;
  const n = keys.length;
  const out: number[] = [];
  const pair = patch.kind === 'pair';
  for (let k = 0; k < n; k++) out.push(keyPart(keys[k], pair, 0), keyPart(keys[k], pair, 1));
  work(n);
  return (patch.coords = out);
}

/**
 * minDistance between the packed set whose keys are `keys` (decoded as it goes, offset by (oi, oj))
 * and the coordinates `b` (packedCoords of another).
 */
function minKeyDistance(keys: Float64Array, kind: SetKind, b: readonly number[], oi: number, oj: number): number {
  let best = Infinity;
  const na = keys.length, nb = b.length, pairs = kind === 'pair';
  for (let x = 0; x < na; x++) {
    const key = keys[x];
    const ai = keyPart(key, pairs, 0) + oi, aj = keyPart(key, pairs, 1) + oj;
    for (let y = 0; y < nb; y += 2) {
      const d = Math.abs(ai - b[y]) + Math.abs(aj - b[y + 1]);
      if (d < best) {
        best = d;
        if (d === 0) return 0;
      }
    }
    work(nb >> 1);
  }
  return best;
}

/** Keys of a non-empty packed set; undefined for any other value. */
const nonEmptyKeys = (v: Value): Float64Array | undefined => {
  const keys = packedOf(v);
  return keys !== undefined && keys.length > 0 ? keys : undefined;
};

/** Smallest Manhattan distance between two location lists, the first one offset by (oi, oj). */
function minDistance(a: readonly Loc[], b: readonly Loc[], oi: number, oj: number): number {
  if (a.length === 0 || b.length === 0) return fail('ValueError', 'min() arg is an empty sequence');
  const na = a.length, nb = b.length;
  const bi = new Array<number>(nb), bj = new Array<number>(nb);
  for (let k = 0; k < nb; k++) {
    bi[k] = int(b[k][0]);
    bj[k] = int(b[k][1]);
  }
  let best = Infinity;
  for (let x = 0; x < na; x++) {
    const ai = int(a[x][0]) + oi, aj = int(a[x][1]) + oj;
    for (let y = 0; y < nb; y++) {
      const d = Math.abs(ai - bi[y]) + Math.abs(aj - bj[y]);
      if (d < best) {
        best = d;
        if (d === 0) return 0;
      }
    }
    work(nb); // na x nb distances: a pair of large patches is one long call
  }
  return best;
}

/** Indices of `patch` as Python's toindices returns them (repeated locations merged), as a location list. */
const indexLocs = (patch: Value): readonly Loc[] => locsOf(toindices(patch as Patch));

// ---------------------------------------------------------------------------
// Primitives

/** `toindices(patch: Patch): Indices` */
export function toindices(patch: Patch): Patch {
  const pk = packedOf(patch);
  if (pk !== undefined) return (patch as FrozenSet).kind === 'pair' ? patch : FrozenSet.packed(cellsToPairs(pk), 'pair');
  const items = itemsOf(patch);
  const n = items.length;
  if (n === 0) return FrozenSet.EMPTY;
  if (!isObjectFirst(items[0])) return patch;
  const locs: Value[] = [];
  let oneColour = patch instanceof FrozenSet && patch.kind === 'cell';
  const c0 = oneColour ? (items[0] as readonly Value[])[0] : undefined;
  for (let k = 0; k < n; k++) {
    const e = items[k];
    locs[k] = Array.isArray(e) && e.length === 2 ? e[1] : unpack2(e)[1];
    if (oneColour && (e as readonly Value[])[0] !== c0) oneColour = false;
  }
  // A one-colour object's cells are sorted by location already, and distinct.
  return oneColour ? FrozenSet.trusted(locs, 'pair') : frozenset(locs);
}

/** `recolor(value: Integer, patch: Patch): Object` */
export function recolor(value: Integer, patch: Patch): Patch {
  const indices = toindices(patch);
  if (packableColour(value)) {
    const pk = packedOf(indices);
    if (pk !== undefined) return FrozenSet.packed(pairsToCells(pk, value), 'cell');
  }
  const idx = itemsOf(indices);
  const n = idx.length;
  const cells: Value[] = [];
  for (let k = 0; k < n; k++) {
    const p = idx[k] as readonly Value[];
    cells[k] = Array.isArray(p) && typeof p[0] === 'number' && typeof p[1] === 'number' ? cell(value, p[0], p[1]) : [value, p];
  }
  // Sorted distinct locations stay sorted and distinct under one colour.
  return typeof value === 'number' && indices instanceof FrozenSet && indices.kind === 'pair' ? FrozenSet.trusted(cells, 'cell') : frozenset(cells);
}

/** `shift(patch: Patch, directions: IntegerTuple): Patch` */
export function shift(patch: Patch, directions: IntegerTuple): Patch {
  const pk = packedOf(patch);
  if (pk !== undefined) {
    // (Index reads, not array destructuring, here and below: destructuring goes through the
    // iterator protocol until TurboFan has compiled the function, and shift is called a lot.)
    const dd = unpack2(directions);
    const di = int(dd[0]), dj = int(dd[1]);
    const kind = (patch as FrozenSet).kind as 'pair' | 'cell';
    const box = packedBox(patch)!; // (cached: a mapply shifts one object many times)
    const top = box[0], left = box[1], bottom = box[2], right = box[3];
    const moved = shiftKeys(pk, kind, di, dj, box);
    if (moved !== undefined) {
      const out = FrozenSet.packed(moved, kind);
      if (out !== FrozenSet.EMPTY) out.bbox = [top + di, left + dj, bottom + di, right + dj];
      return out;
    }
  }
  const items = itemsOf(patch);
  const n = items.length;
  if (n === 0) return patch;
  const dd = unpack2(directions);
  const di = int(dd[0]), dj = int(dd[1]);
  const out: Value[] = [];
  if (isObjectFirst(items[0])) {
    for (let k = 0; k < n; k++) {
      const e = items[k];
      const c = Array.isArray(e) && e.length === 2 ? (e as readonly Value[]) : unpack2(e);
      const l = Array.isArray(c[1]) && (c[1] as readonly Value[]).length === 2 ? (c[1] as unknown as Loc) : (unpack2(c[1]) as unknown as Loc);
      const i = l[0], j = l[1];
      out[k] = cell(c[0], (typeof i === 'number' ? i : int(i)) + di, (typeof j === 'number' ? j : int(j)) + dj);
    }
  } else {
    for (let k = 0; k < n; k++) {
      const e = items[k];
      const l = Array.isArray(e) && e.length === 2 ? (e as unknown as Loc) : (unpack2(e) as unknown as Loc);
      const i = l[0], j = l[1];
      out[k] = loc((typeof i === 'number' ? i : int(i)) + di, (typeof j === 'number' ? j : int(j)) + dj);
    }
  }
  // Shifting keeps a uniform set's members distinct and in order.
  return patch instanceof FrozenSet && (patch.kind === 'pair' || patch.kind === 'cell') ? FrozenSet.trusted(out, patch.kind) : frozenset(out);
}

/** `normalize(patch: Patch): Patch` */
export function normalize(patch: Patch): Patch {
  if (lenOf(patch) === 0) return patch;
  const pk = packedOf(patch);
  if (pk !== undefined) {
    const kind = (patch as FrozenSet).kind as 'pair' | 'cell';
    const box = packedBox(patch)!;
    const top = box[0], left = box[1], bottom = box[2], right = box[3];
    if (top === 0 && left === 0) return patch;
    const moved = shiftKeys(pk, kind, -top, -left, box);
    if (moved !== undefined) {
      const out = FrozenSet.packed(moved, kind);
      if (out !== FrozenSet.EMPTY) out.bbox = [0, 0, bottom - top, right - left];
      return out;
    }
  }
  const b = bounds(locsOf(patch));
  return shift(patch, [-int(b[0]), -int(b[1])]);
}

/** `ulcorner(patch: Patch): IntegerTuple` */
export function ulcorner(patch: Patch): IntegerTuple {
  const pb = packedBox(patch);
  if (pb !== undefined) return [pb[0], pb[1]];
  const locs = locsOf(patch);
  if (locs.length === 0) return [];
  const b = bounds(locs);
  return [b[0], b[1]];
}

/** `urcorner(patch: Patch): IntegerTuple` */
export function urcorner(patch: Patch): IntegerTuple {
  const pb = packedBox(patch);
  if (pb !== undefined) return [pb[0], pb[3]];
  const locs = locsOf(patch);
  if (locs.length === 0) return [];
  const b = bounds(locs);
  return [b[0], b[3]];
}

/** `llcorner(patch: Patch): IntegerTuple` */
export function llcorner(patch: Patch): IntegerTuple {
  const pb = packedBox(patch);
  if (pb !== undefined) return [pb[2], pb[1]];
  const locs = locsOf(patch);
  if (locs.length === 0) return [];
  const b = bounds(locs);
  return [b[2], b[1]];
}

/** `lrcorner(patch: Patch): IntegerTuple` */
export function lrcorner(patch: Patch): IntegerTuple {
  const pb = packedBox(patch);
  if (pb !== undefined) return [pb[2], pb[3]];
  const locs = locsOf(patch);
  if (locs.length === 0) return [];
  const b = bounds(locs);
  return [b[2], b[3]];
}

/** `uppermost(patch: Patch): Integer` */
export function uppermost(patch: Patch): Integer {
  const pb = packedBox(patch);
  if (pb !== undefined) return pb[0];
  return extreme(locsOf(patch), 0, false);
}

/** `lowermost(patch: Patch): Integer` */
export function lowermost(patch: Patch): Integer {
  const pb = packedBox(patch);
  if (pb !== undefined) return pb[2];
  return extreme(locsOf(patch), 0, true);
}

/** `leftmost(patch: Patch): Integer` */
export function leftmost(patch: Patch): Integer {
  const pb = packedBox(patch);
  if (pb !== undefined) return pb[1];
  return extreme(locsOf(patch), 1, false);
}

/** `rightmost(patch: Patch): Integer` */
export function rightmost(patch: Patch): Integer {
  const pb = packedBox(patch);
  if (pb !== undefined) return pb[3];
  return extreme(locsOf(patch), 1, true);
}

/** `height(piece: Piece): Integer` */
export function height(piece: Piece): Integer {
  const n = lenOf(piece as Value);
  if (n === 0) return 0;
  if (Array.isArray(piece)) return n;
  const pb = packedBox(piece);
  if (pb !== undefined) return pb[2] - pb[0] + 1;
  const locs = locsOf(piece as Value);
  return int(extreme(locs, 0, true)) - int(extreme(locs, 0, false)) + 1;
}

/** `width(piece: Piece): Integer` */
export function width(piece: Piece): Integer {
  const n = lenOf(piece as Value);
  if (n === 0) return 0;
  if (Array.isArray(piece)) return lenOf((piece as Tuple)[0]);
  const pb = packedBox(piece);
  if (pb !== undefined) return pb[3] - pb[1] + 1;
  const locs = locsOf(piece as Value);
  return int(extreme(locs, 1, true)) - int(extreme(locs, 1, false)) + 1;
}

/** `shape(piece: Piece): IntegerTuple` */
export function shape(piece: Piece): IntegerTuple {
  return [height(piece), width(piece)];
}

/** `portrait(piece: Piece): Boolean` */
export function portrait(piece: Piece): Bool {
  return int(height(piece)) > int(width(piece));
}

/** `square(piece: Piece): Boolean` */
export function square(piece: Piece): Bool {
  if (Array.isArray(piece)) return piece.length === lenOf(at(piece as Tuple, 0));
  const h = int(height(piece)), w = int(width(piece));
  return h * w === lenOf(piece as Value) && h === w;
}

/** `vline(patch: Patch): Boolean` */
export function vline(patch: Patch): Bool {
  return int(height(patch as Piece)) === lenOf(patch) && int(width(patch as Piece)) === 1;
}

/** `hline(patch: Patch): Boolean` */
export function hline(patch: Patch): Bool {
  return int(width(patch as Piece)) === lenOf(patch) && int(height(patch as Piece)) === 1;
}

/** `color(obj: Object): Integer` */
export function color(obj: Patch): Integer {
  // The first member only (a packed set's others stay keys): colorfilter asks it of every object.
  if (obj instanceof FrozenSet) {
    if (obj.size === 0) return fail('StopIteration', 'color of an empty object');
    return at(obj.member(0), 0) as Integer;
  }
  const items = itemsOf(obj);
  if (items.length === 0) return fail('StopIteration', 'color of an empty object');
  return at(items[0], 0) as Integer;
}

/** `colorfilter(objs: Objects, value: Integer): Objects` */
export function colorfilter(objs: FrozenSet, value: Integer): FrozenSet {
  const items = itemsOf(objs);
  const out: Value[] = [];
  for (let k = 0; k < items.length; k++) if (equal(color(items[k] as Patch), value)) out.push(items[k]);
  return frozenset(out);
}

/** `centerofmass(patch: Patch): IntegerTuple` */
export function centerofmass(patch: Patch): IntegerTuple {
  const locs = indexLocs(patch);
  if (locs.length === 0) return [];
  const n = lenOf(patch);
  let si = 0, sj = 0;
  for (let k = 0; k < locs.length; k++) {
    si += int(locs[k][0]);
    sj += int(locs[k][1]);
  }
  return [floorDiv(si, n), floorDiv(sj, n)];
}

/** `center(patch: Patch): IntegerTuple` */
export function center(patch: Patch): IntegerTuple {
  const pb = packedBox(patch);
  if (pb !== undefined) return [pb[0] + Math.floor((pb[2] - pb[0] + 1) / 2), pb[1] + Math.floor((pb[3] - pb[1] + 1) / 2)];
  const top = int(uppermost(patch));
  const h = int(height(patch as Piece));
  const left = int(leftmost(patch));
  const w = int(width(patch as Piece));
  return [top + Math.floor(h / 2), left + Math.floor(w / 2)];
}

/** `position(a: Patch, b: Patch): IntegerTuple` */
export function position(a: Patch, b: Patch): IntegerTuple {
  const [ia, ja] = center(toindices(a)) as readonly number[];
  const [ib, jb] = center(toindices(b)) as readonly number[];
  if (ia === ib) return [0, ja < jb ? 1 : -1];
  if (ja === jb) return [ia < ib ? 1 : -1, 0];
  return [ia < ib ? 1 : -1, ja < jb ? 1 : -1];
}

/** `manhattan(a: Patch, b: Patch): Integer` */
export function manhattan(a: Patch, b: Patch): Integer {
  const ka = nonEmptyKeys(a), kb = ka && nonEmptyKeys(b);
  if (kb !== undefined) {
    // One side decoded once and kept (packedCoords): the one already decoded (the fixed side of an
    // lbind or rbind), else b; the other's keys are read as they are.
    const fa = a as FrozenSet, fb = b as FrozenSet;
    if (fa.coords !== undefined && fb.coords === undefined) return minKeyDistance(kb, fb.kind, fa.coords, 0, 0);
    return minKeyDistance(ka!, fa.kind, packedCoords(fb)!, 0, 0);
  }
  const la = locsOf(a);
  if (la.length === 0) return fail('ValueError', 'min() arg is an empty sequence');
  return minDistance(la, locsOf(b), 0, 0);
}

/** `adjacent(a: Patch, b: Patch): Boolean` */
export function adjacent(a: Patch, b: Patch): Bool {
  return manhattan(a, b) === 1;
}

function sharesComponent(a: Patch, b: Patch, c: 0 | 1): boolean {
  const ka = nonEmptyKeys(a), kb = ka && nonEmptyKeys(b);
  if (kb !== undefined) {
    // Two packed sets: their bounding boxes' ranges first (disjoint ranges share nothing), then
    // a's rows (or columns) marked over that range and b's looked up, decoded from the keys.
    const ba = packedBox(a)!, bb = packedBox(b)!;
    if (ba[2 + c] < bb[c] || bb[2 + c] < ba[c]) return false;
    const lo = ba[c], span = ba[2 + c] - lo + 1;
    if (span > 4 * ka!.length + 256) return sharedValue(locsOf(a), locsOf(b), c);
    const seen = new Uint8Array(span);
    const pa = (a as FrozenSet).kind === 'pair', pb = (b as FrozenSet).kind === 'pair';
    for (let k = 0; k < ka!.length; k++) seen[keyPart(ka![k], pa, c) - lo] = 1;
    work(ka!.length + kb.length);
    for (let k = 0; k < kb.length; k++) {
      const x = keyPart(kb[k], pb, c) - lo;
      if (x >= 0 && x < span && seen[x] === 1) return true;
    }
    return false;
  }
  return sharedValue(locsOf(a), locsOf(b), c);
}

/** Do location lists la and lb share a component-c value? */
function sharedValue(la: readonly Loc[], lb: readonly Loc[], c: 0 | 1): boolean {
  if (la.length === 0 || lb.length === 0) return false;
  const seen = new Set<number>();
  for (let k = 0; k < la.length; k++) seen.add(int(la[k][c]));
  for (let k = 0; k < lb.length; k++) if (seen.has(int(lb[k][c]))) return true;
  return false;
}

/** `hmatching(a: Patch, b: Patch): Boolean` */
export function hmatching(a: Patch, b: Patch): Bool {
  return sharesComponent(a, b, 0);
}

/** `vmatching(a: Patch, b: Patch): Boolean` */
export function vmatching(a: Patch, b: Patch): Bool {
  return sharesComponent(a, b, 1);
}

/** `bordering(patch: Patch, grid: Grid): Boolean` */
export function bordering(patch: Patch, grid: Grid): Bool {
  const g = grid as unknown as Value;
  return (
    int(uppermost(patch)) === 0 ||
    int(leftmost(patch)) === 0 ||
    int(lowermost(patch)) === lenOf(g) - 1 ||
    int(rightmost(patch)) === lenOf(at(g, 0)) - 1
  );
}

/** `dneighbors(loc: IntegerTuple): Indices` */
// The neighbourhoods of a location of plain integers within the packed range are made as keys
// directly, in key order (no pair tuples, no packing pass); a Boolean coordinate keeps the generic
// path (`dneighbors` keeps it as given, and a packed set cannot give a Boolean back).

/** Is (i, j) a location of plain integers whose neighbours are all in the packed range? */
const packableNear = (a: Value, b: Value): boolean =>
  typeof a === 'number' && typeof b === 'number' && Math.abs(a) < PACK_LIMIT - 1 && Math.abs(b) < PACK_LIMIT - 1;

/** Packed locations from (i, j) offsets given in key order. */
function around(i: number, j: number, offsets: readonly number[]): FrozenSet {
  const keys = newKeys(offsets.length >> 1);
  for (let k = 0; k < keys.length; k++) keys[k] = pairKey(i + offsets[2 * k], j + offsets[2 * k + 1]);
  return FrozenSet.packed(keys, 'pair');
}
const D_OFFSETS = [-1, 0, 0, -1, 0, 1, 1, 0];
const I_OFFSETS = [-1, -1, -1, 1, 1, -1, 1, 1];
const N_OFFSETS = [-1, -1, -1, 0, -1, 1, 0, -1, 0, 1, 1, -1, 1, 0, 1, 1];

export function dneighbors(loc: IntegerTuple): Patch {
  const a = at(loc, 0), b = at(loc, 1);
  const i = int(a), j = int(b);
  if (packableNear(a, b)) return around(i, j, D_OFFSETS);
  return frozenset([[i - 1, b], [i + 1, b], [a, j - 1], [a, j + 1]]);
}

/** `ineighbors(loc: IntegerTuple): Indices` */
export function ineighbors(loc: IntegerTuple): Patch {
  const a = at(loc, 0), b = at(loc, 1);
  const i = int(a), j = int(b);
  if (packableNear(a, b)) return around(i, j, I_OFFSETS);
  return frozenset([[i - 1, j - 1], [i - 1, j + 1], [i + 1, j - 1], [i + 1, j + 1]]);
}

/** `neighbors(loc: IntegerTuple): Indices` */
export function neighbors(loc: IntegerTuple): Patch {
  const a = at(loc, 0), b = at(loc, 1);
  const i = int(a), j = int(b);
  if (packableNear(a, b)) return around(i, j, N_OFFSETS);
  return frozenset([
    [i - 1, b], [i + 1, b], [a, j - 1], [a, j + 1],
    [i - 1, j - 1], [i - 1, j + 1], [i + 1, j - 1], [i + 1, j + 1],
  ]);
}

/** `corners(patch: Patch): Indices` */
export function corners(patch: Patch): Patch {
  const locs = locsOf(patch);
  if (locs.length === 0) return frozenset([[]]);
  const [a, b, c, d] = bounds(locs);
  return frozenset([[a, b], [a, d], [c, b], [c, d]]);
}

/** `backdrop(patch: Patch): Indices` */
export function backdrop(patch: Patch): Patch {
  if (lenOf(patch) === 0) return FrozenSet.EMPTY;
  const bx = packedBox(patch) ?? bounds(locsOf(patch));
  const a = bx[0], b = bx[1], c = bx[2], d = bx[3];
  const i0 = int(a), j0 = int(b), i1 = int(c), j1 = int(d);
  checkSize((i1 - i0 + 1) * (j1 - j0 + 1));
  if (inPackRange(i0, j0, i1, j1)) {
    // range(...) gives plain integers: the box's keys in row-major (key) order.
    const keys = newKeys((i1 - i0 + 1) * (j1 - j0 + 1));
    let o = 0;
    for (let i = i0; i <= i1; i++) {
      for (let j = j0; j <= j1; j++) keys[o++] = pairKey(i, j);
      work(j1 - j0 + 1);
    }
    return FrozenSet.packed(keys, 'pair');
  }
  const out: Value[] = [];
  for (let i = i0; i <= i1; i++) for (let j = j0; j <= j1; j++) out.push(loc(i, j));
  return frozenset(out);
}

/** `delta(patch: Patch): Indices` */
export function delta(patch: Patch): Patch {
  if (lenOf(patch) === 0) return FrozenSet.EMPTY;
  const box = backdrop(patch) as FrozenSet;
  const idx = toindices(patch);
  // Python: frozenset - tuple raises TypeError (unsupported operand).
  if (!(idx instanceof FrozenSet)) return fail('TypeError', "unsupported operand type(s) for -: 'frozenset' and 'tuple'");
  // backdrop(patch) - toindices(patch): the set difference (on the keys when both are packed).
  return difference(box, idx) as Patch;
}

/** `box(patch: Patch): Indices` */
export function box(patch: Patch): Patch {
  if (lenOf(patch) === 0) return patch;
  const [ai, aj] = unpack2(ulcorner(patch)) as unknown as Loc;
  const [bi, bj] = unpack2(lrcorner(patch)) as unknown as Loc;
  return outline(pyMin(ai, bi), pyMin(aj, bj), pyMax(ai, bi), pyMax(aj, bj));
}

/** `inbox(patch: Patch): Indices` */
export function inbox(patch: Patch): Patch {
  const ai = int(uppermost(patch)) + 1, aj = int(leftmost(patch)) + 1;
  const bi = int(lowermost(patch)) - 1, bj = int(rightmost(patch)) - 1;
  return outline(Math.min(ai, bi), Math.min(aj, bj), Math.max(ai, bi), Math.max(aj, bj));
}

/** `outbox(patch: Patch): Indices` */
export function outbox(patch: Patch): Patch {
  const ai = int(uppermost(patch)) - 1, aj = int(leftmost(patch)) - 1;
  const bi = int(lowermost(patch)) + 1, bj = int(rightmost(patch)) + 1;
  return outline(Math.min(ai, bi), Math.min(aj, bj), Math.max(ai, bi), Math.max(aj, bj));
}

/** `connect(a: IntegerTuple, b: IntegerTuple): Indices` */
export function connect(a: IntegerTuple, b: IntegerTuple): Patch {
  const pa = unpack2(a), pb = unpack2(b);
  const ra = pa[0], ca = pa[1], rb = pb[0], cb = pb[1];
  const ai = int(ra), aj = int(ca), bi = int(rb), bj = int(cb);
  const si = Math.min(ai, bi), ei = Math.max(ai, bi) + 1;
  const sj = Math.min(aj, bj), ej = Math.max(aj, bj) + 1;
  if (typeof ra === 'number' && typeof ca === 'number' && typeof rb === 'number' && typeof cb === 'number') {
    const line = packedLine(ai, aj, bi, bj, si, ei, sj, ej);
    if (line !== undefined) return line;
  }
  const out: Value[] = [];
  if (ai === bi) {
    checkSize(ej - sj);
    for (let j = sj; j < ej; j++) out.push([ra, j]);
  } else if (aj === bj) {
    checkSize(ei - si);
    for (let i = si; i < ei; i++) out.push([i, ca]);
  } else if (bi - ai === bj - aj) {
    const n = Math.min(ei - si, ej - sj);
    checkSize(n);
    for (let k = 0; k < n; k++) out.push([si + k, sj + k]);
  } else if (bi - ai === aj - bj) {
    const n = Math.min(ei - si, ej - sj);
    checkSize(n);
    for (let k = 0; k < n; k++) out.push([si + k, ej - 1 - k]);
  } else {
    return FrozenSet.EMPTY;
  }
  return frozenset(out);
}

/**
 * connect of two locations of plain integers within the packed range, as keys made in key order
 * (each line runs top to bottom, or left to right on one row); undefined when out of range.
 */
function packedLine(ai: number, aj: number, bi: number, bj: number, si: number, ei: number, sj: number, ej: number): FrozenSet | undefined {
  if (!(si > -PACK_LIMIT && ei <= PACK_LIMIT && sj > -PACK_LIMIT && ej <= PACK_LIMIT)) return undefined;
  // (Plain assignments: array destructuring goes through the iterator protocol while interpreted.)
  let n = Math.min(ei - si, ej - sj), di = 1, dj = 1, i0 = si, j0 = sj;
  if (ai === bi) {
    n = ej - sj;
    di = 0;
    i0 = ai;
  } else if (aj === bj) {
    n = ei - si;
    dj = 0;
    j0 = aj;
  } else if (bi - ai === aj - bj) {
    dj = -1;
    j0 = ej - 1;
  } else if (bi - ai !== bj - aj) return FrozenSet.EMPTY;
  checkSize(n);
  const keys = newKeys(n);
  for (let k = 0; k < n; k++) {
    keys[k] = pairKey(i0 + k * di, j0 + k * dj);
    if ((k & 4095) === 4095) work(4096);
  }
  return FrozenSet.packed(keys, 'pair');
}

/** `shoot(start: IntegerTuple, direction: IntegerTuple): Indices` */
export function shoot(start: IntegerTuple, direction: IntegerTuple): Patch {
  const i = int(at(start, 0)) + 42 * int(at(direction, 0));
  const j = int(at(start, 1)) + 42 * int(at(direction, 1));
  return connect(start, [i, j]);
}

/** `vfrontier(location: IntegerTuple): Indices` */
export function vfrontier(location: IntegerTuple): Patch {
  const j = at(location, 1);
  if (smallInt(j) && (j as number) > -PACK_LIMIT && (j as number) < PACK_LIMIT) return frontierKeys(0, j as number, 1, 0);
  const out: Value[] = [];
  for (let i = 0; i < 30; i++) out[i] = [i, j];
  return frozenset(out);
}

/** `hfrontier(location: IntegerTuple): Indices` */
export function hfrontier(location: IntegerTuple): Patch {
  const i = at(location, 0);
  if (smallInt(i) && (i as number) > -PACK_LIMIT && (i as number) < PACK_LIMIT) return frontierKeys(i as number, 0, 0, 1);
  const out: Value[] = [];
  for (let j = 0; j < 30; j++) out[j] = [i, j];
  return frozenset(out);
}

/** The 30 locations of a frontier as keys, in key order (a column top to bottom, a row left to right). */
function frontierKeys(i0: number, j0: number, di: number, dj: number): FrozenSet {
  const keys = newKeys(30);
  for (let k = 0; k < 30; k++) keys[k] = pairKey(i0 + k * di, j0 + k * dj);
  return FrozenSet.packed(keys, 'pair');
}

/** `gravitate(source: Patch, destination: Patch): IntegerTuple` */
export function gravitate(source: Patch, destination: Patch): IntegerTuple {
  const [si, sj] = unpack2(center(source)).map(int);
  const [di, dj] = unpack2(center(destination)).map(int);
  let i = 0, j = 0;
  if (vmatching(source, destination)) i = si < di ? 1 : -1;
  else j = sj < dj ? 1 : -1;
  let c = 0;
  const ks = nonEmptyKeys(source), kd = ks && nonEmptyKeys(destination);
  if (kd !== undefined) {
    const cd = packedCoords(destination)!, kind = (source as FrozenSet).kind;
    while (minKeyDistance(ks!, kind, cd, c * i, c * j) !== 1 && c < 42) c++;
    return [c * i + 0, c * j + 0];
  }
  const ls = locsOf(source), ld = locsOf(destination);
  while (minDistance(ls, ld, c * i, c * j) !== 1 && c < 42) c++;
  return [c * i + 0, c * j + 0];
}

/** `occurrences(grid: Grid, obj: Object): Indices` */
export function occurrences(grid: Grid, obj: Patch): Patch {
  const normed = normalize(obj);
  const g = grid as unknown as Value;
  const h = lenOf(g);
  const w = lenOf(at(g, 0));
  const oh = int(height(obj as Piece)), ow = int(width(obj as Piece));
  const h2 = h - oh + 1, w2 = w - ow + 1;
  const out: Value[] = [];
  if (h2 <= 0 || w2 <= 0) return FrozenSet.EMPTY;
  const pk = packedOf(normed);
  if (pk !== undefined && (normed as FrozenSet).kind === 'cell') {
    const found = occurrencesPacked(itemsOf(g), h, w, pk, h2, w2);
    if (found !== undefined) return found;
  }
  const cells = itemsOf(normed);
  const n = cells.length;
  // Python unpacks every element as `v, (a, b)`: Indices raise here.
  const vs: Value[] = new Array(n), as: number[] = new Array(n), bs: number[] = new Array(n);
  for (let k = 0; k < n; k++) {
    const [v, loc] = unpack2(cells[k]);
    const [a, b] = unpack2(loc);
    vs[k] = v;
    as[k] = int(a);
    bs[k] = int(b);
  }
  const rows = itemsOf(g);
  for (let i = 0; i < h2; i++) {
    for (let j = 0; j < w2; j++) {
      let occurs = true;
      for (let k = 0; k < n; k++) {
        const a = as[k] + i, b = bs[k] + j;
        if (!(a >= 0 && a < h && b >= 0 && b < w)) {
          occurs = false;
          break;
        }
        const row = rows[a];
        const cell = Array.isArray(row) ? (b < row.length ? row[b] : fail('IndexError', 'tuple index out of range')) : at(row, b);
        if (!equal(cell, vs[k])) {
          occurs = false;
          break;
        }
      }
      if (occurs) out.push([i, j]);
    }
  }
  return frozenset(out);
}

/**
 * occurrences of a packed, normalised object in a grid of plain-number rows
 * (undefined when a row is not a plain tuple of the full width: generic path).
 * Positions are met in row-major order, so they come out sorted and distinct.
 */
const NO_MATCH = -0x80000000;
/** A grid's flat colour codes, and its prefix-sum tables by colour, as occurrencesPacked made them. */
interface GridScan {
  readonly flat: Int32Array;
  readonly sums: Map<number, Int32Array>;
}

/**
 * Kept per grid (grids are never changed once made): a program often asks for occurrences of many
 * objects in one grid (a64e4611's solver, of 81 canvases in one task grid, three times over), and
 * the codes and sums were built again for each.
 */
const gridScans = new WeakMap<readonly Value[], GridScan>();

/** The grid as flat codes: an integer colour as itself, a Boolean as 0/1, anything else NO_MATCH (no packed colour). */
function gridScan(rows: readonly Value[], h: number, w: number): GridScan {
  const hit = gridScans.get(rows);
  if (hit !== undefined && hit.flat.length === h * w) return hit;
  const flat = new Int32Array(h * w);
  for (let i = 0, p = 0; i < h; i++) {
    const r = rows[i] as readonly Value[];
    for (let j = 0; j < w; j++, p++) {
      const c = r[j];
      flat[p] = typeof c === 'number' ? ((c | 0) === c ? c : NO_MATCH) : typeof c === 'boolean' ? +c : NO_MATCH;
    }
  }
  work(h * w);
  const scan = { flat, sums: new Map<number, Int32Array>() };
  gridScans.set(rows, scan);
  return scan;
}

function occurrencesPacked(rows: readonly Value[], h: number, w: number, keys: Float64Array, h2: number, w2: number): FrozenSet | undefined {
  for (let i = 0; i < h; i++) {
    const r = rows[i];
    if (!Array.isArray(r) || r.length < w) return undefined;
  }
  const scan = gridScan(rows, h, w);
  const flat = scan.flat;
  const n = keys.length;
  const vs = new Int32Array(n), offs = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    vs[k] = cellV(keys[k]);
    offs[k] = cellI(keys[k]) * w + cellJ(keys[k]);
  }
  const out = newKeys(h2 * w2);
  let m = 0;
  // A solid rectangle of one colour (a canvas made an object, a box): the normalised keys are
  // distinct, so n cells filling oh x ow means every cell of it. Then a window matches when its
  // count of that colour is n: window sums of one prefix-sum table, O(h w) instead of O(h w n).
  const oh = h - h2 + 1, ow = w - w2 + 1, c0 = vs[0];
  let uniform = n === oh * ow && n >= 4;
  for (let k = 1; uniform && k < n; k++) uniform = vs[k] === c0;
  if (uniform) {
    const W = w + 1;
    let sums = scan.sums.get(c0);
    if (sums === undefined) {
      sums = new Int32Array((h + 1) * W);
      for (let i = 0; i < h; i++) {
        let row = 0;
        for (let j = 0; j < w; j++) {
          if (flat[i * w + j] === c0) row++;
          sums[(i + 1) * W + j + 1] = sums[i * W + j + 1] + row;
        }
      }
      work(h * w);
      scan.sums.set(c0, sums);
    }
    for (let i = 0; i < h2; i++) {
      const top = i * W, bottom = (i + oh) * W;
      for (let j = 0; j < w2; j++) {
        if (sums[bottom + j + ow] - sums[top + j + ow] - sums[bottom + j] + sums[top + j] === n) out[m++] = pairKey(i, j);
      }
      work(w2);
    }
    return FrozenSet.packed(out.subarray(0, m), 'pair');
  }
  for (let i = 0; i < h2; i++) {
    for (let j = 0; j < w2; j++) {
      const base = i * w + j;
      let k = 0;
      while (k < n && flat[base + offs[k]] === vs[k]) k++;
      if (k === n) out[m++] = pairKey(i, j);
    }
    work(w2 * n);
  }
  return FrozenSet.packed(out.subarray(0, m), 'pair');
}

/** Shared body of hperiod / vperiod: smallest p such that the object shifted back by p (cropped) lies inside itself. */
function period(obj: Patch, vertical: boolean): Integer {
  const normalized = normalize(obj);
  const size = int(vertical ? height(normalized as Piece) : width(normalized as Piece));
  if (size <= 1) return size;
  const cells = itemsOf(normalized);
  const n = cells.length;
  const vs: Value[] = new Array(n), is: number[] = new Array(n), js: number[] = new Array(n);
  const cellsIn = new ValueTable();
  for (let k = 0; k < n; k++) {
    const [v, loc] = unpack2(cells[k]);
    const [a, b] = unpack2(loc);
    vs[k] = v;
    is[k] = int(a);
    js[k] = int(b);
    cellsIn.add(cells[k]);
  }
  for (let p = 1; p < size; p++) {
    let ok = true;
    for (let k = 0; k < n; k++) {
      const i = vertical ? is[k] - p : is[k];
      const j = vertical ? js[k] : js[k] - p;
      if ((vertical ? i : j) < 0) continue;
      if (cellsIn.find([vs[k], [i, j]]) < 0) {
        ok = false;
        break;
      }
    }
    if (ok) return p;
  }
  return size;
}

/** `hperiod(obj: Object): Integer` */
export function hperiod(obj: Patch): Integer {
  return period(obj, false);
}

/** `vperiod(obj: Object): Integer` */
export function vperiod(obj: Patch): Integer {
  return period(obj, true);
}
