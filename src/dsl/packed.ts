// Fast paths on packed sets (values.ts): locations and cells of plain small
// integers kept as sorted keys. Every helper here returns undefined when its
// argument is not packed, and the caller takes the generic path.

import {
  FrozenSet, type Value, pairKey, cellKey, pairI, pairJ, cellV, cellI, cellJ, PAIR_STRIDE, CELL_STRIDE, CELL_V_STRIDE,
  PACK_LIMIT, CELL_VALUE_LIMIT, sortDistinct, mergeRuns, searchKeys, newKeys,
} from './values.js';
import { work } from './budget.js';

export type PackedKind = 'pair' | 'cell';

/** The sorted keys of a packed set of locations or cells, with its kind; undefined otherwise. */
export function packedOf(v: Value): Float64Array | undefined {
  if (!(v instanceof FrozenSet)) return undefined;
  const kind = v.kind;
  if (kind !== 'pair' && kind !== 'cell') return undefined;
  return v.packedKeys();
}

/** Bounding box [top, left, bottom, right] of a non-empty packed set (cached on the set); undefined otherwise. */
export function packedBox(v: Value): [number, number, number, number] | undefined {
  if (!(v instanceof FrozenSet)) return undefined;
  if (v.bbox !== undefined) return v.bbox;
  const kind = v.kind;
  if (kind !== 'pair' && kind !== 'cell') return undefined;
  const keys = v.packedKeys();
  if (keys === undefined || keys.length === 0) return undefined;
  return (v.bbox = keyBounds(keys, kind));
}

/** Row and column bounds [top, left, bottom, right] of packed keys (not empty). */
export function keyBounds(keys: Float64Array, kind: PackedKind): [number, number, number, number] {
  const n = keys.length;
  // Started from the first key, not from +-Infinity: bounds that are doubles make the box, and every
  // tuple built from it, an array of doubles (and V8 then builds that site's later arrays as doubles).
  let top: number, bottom: number, left: number, right: number;
  if (kind === 'pair') {
    top = pairI(keys[0]);
    bottom = pairI(keys[n - 1]);
    left = right = pairJ(keys[0]);
    for (let k = 1; k < n; k++) {
      const j = pairJ(keys[k]);
      if (j < left) left = j;
      if (j > right) right = j;
      if ((k & 4095) === 4095) work(4096);
    }
  } else {
    top = bottom = cellI(keys[0]);
    left = right = cellJ(keys[0]);
    for (let k = 1; k < n; k++) {
      const key = keys[k];
      const i = cellI(key), j = cellJ(key);
      if (i < top) top = i;
      if (i > bottom) bottom = i;
      if (j < left) left = j;
      if (j > right) right = j;
      if ((k & 4095) === 4095) work(4096);
    }
  }
  return [top, left, bottom, right];
}

/** The keys (whose bounding box is `box`) shifted by (di, dj), or undefined when a coordinate would leave the packed range. */
export function shiftKeys(keys: Float64Array, kind: PackedKind, di: number, dj: number, box: readonly number[]): Float64Array | undefined {
  if (!(Math.abs(di) < PACK_LIMIT && Math.abs(dj) < PACK_LIMIT)) return undefined;
  const n = keys.length;
  const top = box[0], left = box[1], bottom = box[2], right = box[3];
  if (top + di <= -PACK_LIMIT || bottom + di >= PACK_LIMIT || left + dj <= -PACK_LIMIT || right + dj >= PACK_LIMIT) return undefined;
  const delta = kind === 'pair' ? di * PAIR_STRIDE + dj : di * CELL_STRIDE + dj;
  const out = newKeys(n);
  for (let k = 0; k < n; k++) out[k] = keys[k] + delta;
  work(n);
  return out;
}

/** Row (c = 0) or column (c = 1) of a location's (pair) or a cell's key. */
export const keyPart = (key: number, pair: boolean, c: 0 | 1): number => (c === 0 ? (pair ? pairI(key) : cellI(key)) : pair ? pairJ(key) : cellJ(key));

/** Location keys of packed cell keys (toindices), sorted and distinct. */
export function cellsToPairs(keys: Float64Array): Float64Array {
  const n = keys.length;
  const out = newKeys(n);
  for (let k = 0; k < n; k++) out[k] = pairKey(cellI(keys[k]), cellJ(keys[k]));
  work(n);
  // One colour: the cells are ordered by location already.
  return cellV(keys[0]) === cellV(keys[n - 1]) ? out : sortDistinct(out);
}

/** Cell keys of colour v at packed locations (recolor): same order. */
export function pairsToCells(keys: Float64Array, v: number): Float64Array {
  const n = keys.length;
  const out = newKeys(n);
  for (let k = 0; k < n; k++) out[k] = cellKey(v, pairI(keys[k]), pairJ(keys[k]));
  work(n);
  return out;
}

/** Is `v` a colour a packed cell can hold? */
export const packableColour = (v: Value): v is number => typeof v === 'number' && (v | 0) === v && v >= -CELL_VALUE_LIMIT && v < CELL_VALUE_LIMIT;

/**
 * Union of packed parts of one kind (merge of sets of locations or cells); `sets[q]` is the packed
 * set whose keys are `parts[q]` (its bounding box is cached on it). 1,024 keys or more in a small
 * bounding box are marked in a bitmap (`denseUnion`). Otherwise, each part's keys being sorted
 * already, 4,096 keys or more in runs of 8 or more on average are merged pairwise (log2(parts)
 * passes; a mapply of 220 shifted copies of an object, 74,000 keys, took 5 ms to sort and takes
 * 1.5 ms to merge); two parts (`combine`) are merged in one pass (133 + 133 keys: 5.8 us sorted,
 * 0.7 merged, and a cold check no slower); others are sorted (V8's native sort needs no warming
 * up: merging the small unions of a cold check of arc-dsl's solvers took 14 ms, sorting them 6).
 */
export function unionKeys(parts: readonly Float64Array[], kind: PackedKind, sets: readonly FrozenSet[]): Float64Array {
  let n = 0;
  for (const p of parts) n += p.length;
  if (n >= 1024) {
    const dense = denseUnion(parts, kind, n, sets);
    if (dense !== undefined) return dense;
  }
  if (parts.length === 2) {
    work(n);
    return mergeTwo(parts[0], parts[1]);
  }
  const out = newKeys(n);
  const bounds: number[] = [0];
  let o = 0;
  for (const p of parts) {
    if (p.length === 0) continue;
    out.set(p, o);
    o += p.length;
    bounds.push(o);
  }
  work(n);
  return n >= 4096 && bounds.length - 1 <= n >> 3 ? mergeRuns(out, bounds) : sortDistinct(out);
}

/**
 * The union of two sorted, distinct key arrays: one pass (combine's, the commonest union), where
 * mergeRuns would copy both into one array, merge into another and drop repeats in a third pass.
 */
function mergeTwo(a: Float64Array, b: Float64Array): Float64Array {
  const na = a.length, nb = b.length;
  if (na === 0) return b;
  if (nb === 0) return a;
  // Disjoint and in order (a patch and the one below it): the two side by side.
  if (a[na - 1] < b[0] || b[nb - 1] < a[0]) {
    const out = newKeys(na + nb);
    if (a[0] < b[0]) {
      out.set(a);
      out.set(b, na);
    } else {
      out.set(b);
      out.set(a, nb);
    }
    return out;
  }
  const out = newKeys(na + nb);
  let x = 0, y = 0, o = 0;
  while (x < na && y < nb) {
    const p = a[x], q = b[y];
    if (p < q) {
      out[o++] = p;
      x++;
    } else if (q < p) {
      out[o++] = q;
      y++;
    } else {
      out[o++] = p;
      x++;
      y++;
    }
  }
  while (x < na) out[o++] = a[x++];
  while (y < nb) out[o++] = b[y++];
  return o === na + nb ? out : out.subarray(0, o);
}

/**
 * The union by marking a bitmap over the parts' bounding box (colour x rows x columns for cells)
 * and reading it back in key order, when the box is small beside the keys: O(keys + box) instead of
 * a sort or merge of all keys. A mapply of 250 shifted copies of an object on a 20 x 20 task gives
 * 90,000 keys in a box of a few thousand; their merge took 4 ms. Undefined when the box is large.
 */
function denseUnion(parts: readonly Float64Array[], kind: PackedKind, n: number, sets: readonly FrozenSet[]): Float64Array | undefined {
  let top = Infinity, left = Infinity, bottom = -Infinity, right = -Infinity, vlo = 0, vhi = 0;
  const cells = kind === 'cell';
  if (cells) {
    vlo = Infinity;
    vhi = -Infinity;
  }
  for (let q = 0; q < parts.length; q++) {
    const p = parts[q];
    if (p.length === 0) continue;
    const bx = packedBox(sets[q])!;
    const t = bx[0], l = bx[1], b = bx[2], r = bx[3];
    if (t < top) top = t;
    if (l < left) left = l;
    if (b > bottom) bottom = b;
    if (r > right) right = r;
    if (cells) {
      const v0 = cellV(p[0]), v1 = cellV(p[p.length - 1]); // (sorted by colour first)
      if (v0 < vlo) vlo = v0;
      if (v1 > vhi) vhi = v1;
    }
  }
  const H = bottom - top + 1, W = right - left + 1, V = vhi - vlo + 1;
  const area = V * H * W;
  if (!(area <= 4 * n && area <= 1 << 24)) return undefined;
  const seen = new Uint8Array(area);
  let m = 0;
  for (const p of parts) m += cells ? markCells(seen, p, vlo, top, left, H, W) : markPairs(seen, p, top, left, W);
  const out = newKeys(m);
  // Read back row by row: the keys of one row (one colour and i) are consecutive numbers.
  let o = 0;
  for (let v = 0, x = 0; v < V; v++) {
    for (let i = 0; i < H; i++, x += W) {
      const k0 = cells ? cellKey(v + vlo, i + top, left) : pairKey(i + top, left);
      for (let j = 0; j < W; j++) if (seen[x + j] !== 0) out[o++] = k0 + j;
      work(W);
    }
  }
  return out;
}

// Marking decodes a key's row (colour and i) only when it changes: a part's keys are sorted, so
// they come row by row, and within a row a key is its row's first key plus the column. A key is in
// the current row when it is within PACK_LIMIT of the row's key for column 0 (packed sets hold
// columns of less than PACK_LIMIT; rows are CELL_STRIDE / PAIR_STRIDE apart, four times that).

/** Marks the bitmap cell of every location key; returns how many were not marked yet. */
function markPairs(seen: Uint8Array, p: Float64Array, top: number, left: number, W: number): number {
  let m = 0, r0 = -Infinity, x0 = 0;
  for (let k = 0; k < p.length; k++) {
    const key = p[k];
    let d = key - r0;
    if (!(d > -PACK_LIMIT && d < PACK_LIMIT)) {
      const i = pairI(key);
      r0 = pairKey(i, 0);
      x0 = (i - top) * W - left;
      d = key - r0;
    }
    const x = x0 + d;
    if (seen[x] === 0) {
      seen[x] = 1;
      m++;
    }
    if ((k & 4095) === 4095) work(4096);
  }
  work(p.length & 4095);
  return m;
}

/** Marks the bitmap cell of every cell key; returns how many were not marked yet. */
function markCells(seen: Uint8Array, p: Float64Array, vlo: number, top: number, left: number, H: number, W: number): number {
  let m = 0, r0 = -Infinity, x0 = 0;
  for (let k = 0; k < p.length; k++) {
    const key = p[k];
    let d = key - r0;
    if (!(d > -PACK_LIMIT && d < PACK_LIMIT)) {
      const v = cellV(key), i = cellI(key);
      r0 = cellKey(v, i, 0);
      x0 = ((v - vlo) * H + i - top) * W - left;
      d = key - r0;
    }
    const x = x0 + d;
    if (seen[x] === 0) {
      seen[x] = 1;
      m++;
    }
    if ((k & 4095) === 4095) work(4096);
  }
  work(p.length & 4095);
  return m;
}

/** Number of cells of colour v in packed cell keys (they are sorted by colour first). */
export function countColour(keys: Float64Array, v: number): number {
  const lo = lowerBound(keys, cellKey(v, -PACK_LIMIT, -PACK_LIMIT));
  const hi = lowerBound(keys, cellKey(v + 1, -PACK_LIMIT, -PACK_LIMIT));
  return hi - lo;
}

function lowerBound(keys: Float64Array, x: number): number {
  let lo = 0, hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export { pairKey, cellKey, pairI, pairJ, cellV, cellI, cellJ, CELL_V_STRIDE };

/** Both sets packed, of one kind: the kind; undefined otherwise (then the generic path runs). */
export function packedKindOf(a: Value, b: Value): PackedKind | undefined {
  if (!(a instanceof FrozenSet) || !(b instanceof FrozenSet) || a.kind !== b.kind) return undefined;
  const kind = a.kind;
  if (kind !== 'pair' && kind !== 'cell') return undefined;
  return a.packedKeys() !== undefined && b.packedKeys() !== undefined ? kind : undefined;
}

/**
 * The keys of `a` that are (keep) or are not (!keep) in `b`, both sorted and distinct: a
 * subsequence of `a`, so sorted too. A small `a` probes `b` by binary search (CPython's set
 * operations cost the smaller operand, and programs rely on that: a 9-cell patch minus a
 * 400-cell one, for every cell); comparable sizes merge.
 */
export function filterKeys(a: Float64Array, b: Float64Array, keep: boolean): Float64Array {
  const n = a.length, m = b.length;
  const out = newKeys(n);
  let o = 0;
  if (n * Math.log2(m + 2) < n + m) {
    for (let k = 0; k < n; k++) if ((searchKeys(b, a[k]) >= 0) === keep) out[o++] = a[k];
    work(n);
  } else {
    let j = 0;
    for (let k = 0; k < n; k++) {
      const x = a[k];
      while (j < m && b[j] < x) j++;
      if ((j < m && b[j] === x) === keep) out[o++] = x;
    }
    work(n + m);
  }
  return o === n ? a : out.subarray(0, o);
}
