// Runtime values of the ARC DSL and the Python semantics they rely on
// (PRIMITIVES.md §1-§2): Booleans are integers, tuples are JS arrays,
// frozensets are FrozenSet, functions carry their arity.

import { cpythonIntOrder, smallIntOrder } from './setorder.js';
import { tick, work } from './budget.js';

/** A DSL function: a primitive or one built by compose/rbind/...; `arity` is its parameter count. */
export interface DslFunction {
  (...args: any[]): Value;
  readonly arity: number;
  /** Registry name of a primitive, or how a built function was made (for canonical encoding). */
  readonly ref?: FunctionRef;
}
export type FunctionRef = { fn_ref: string } | { [builder: string]: unknown[] };

export type Tuple = readonly Value[];
export type Value = number | boolean | null | Tuple | FrozenSet | DslFunction;

/** A grid is a tuple of rows of colours. Kept as plain nested arrays: the DSL treats any tuple as a grid. */
export type Grid = readonly (readonly number[])[];
export type Pair = readonly [number, number];

// The DSL's type aliases (PRIMITIVES.md §1). Like Python's, they document
// intent: nothing checks them at run time, and a tuple of cells is a "grid".
export type Integer = number | boolean;
export type Bool = Value; // conditions use truthiness (§2.1)
export type IntegerTuple = Tuple;
export type Numerical = Integer | Tuple;
export type IntegerSet = FrozenSet;
export type Patch = FrozenSet | Tuple;
export type Piece = Grid | Patch;
export type Container = Tuple | FrozenSet;
export type Cell = readonly [number, Pair];

/** An error the Python DSL would raise; `name` is the Python exception class (informative only). */
export class DslError extends Error {
  constructor(kind: string, message: string) {
    super(message);
    this.name = kind;
  }
}
/**
 * Throw where the Python DSL raises. Candidates raise often and nobody reads
 * their stack, so the error is made without capturing one (that costs more
 * than most primitives).
 */
export function fail(kind: string, message: string): never {
  const e = Object.create(DslError.prototype) as DslError;
  e.name = kind;
  e.message = message;
  throw e;
}

// Interned locations and cells: tuples are immutable, so the pairs (i, j)
// with 0 <= i, j < 64 and the cells of colours 0..9 at them are shared
// instead of allocated again by every primitive that builds patches.
const INTERN = 64;
const pairTable: (Pair | undefined)[] = new Array(INTERN * INTERN);
const cellTable: (Cell | undefined)[] = new Array(10 * INTERN * INTERN);

/** The location (i, j), shared when small. */
export function loc(i: number, j: number): Pair {
  if (i >= 0 && i < INTERN && j >= 0 && j < INTERN && (i | 0) === i && (j | 0) === j) {
    const k = i * INTERN + j;
    // (| 0: an integral heap number becomes a small integer; see `tuple2`)
    return (pairTable[k] ??= [i | 0, j | 0]);
  }
  return tuple2(i, j) as unknown as Pair;
}

/**
 * x's items then y's, in a new array: a copy and pushes for short ones (`concat` costs about 90 ns
 * even for two rows of 9, the loop half that), `concat` for long ones (it copies at memory speed).
 */
export function joined(x: readonly Value[], y: readonly Value[]): Value[] {
  if (x.length + y.length > 64) return x.concat(y);
  const out = x.slice();
  for (let k = 0; k < y.length; k++) out.push(y[k]);
  return out;
}

/**
 * `seed` repeated to `total` items by doubling with `concat`: copies at memory speed, keeps the
 * seed's kind of array, and is charged step by step. The last step takes a prefix of the copies,
 * so `total` must end on a whole copy of `seed` (or all its items must be equal).
 */
export function repeatedTo(seed: Value[], total: number): Value[] {
  let out = seed;
  while (out.length * 2 <= total) {
    out = out.concat(out);
    work(out.length);
  }
  return out.length === total ? out : out.concat(out.slice(0, total - out.length));
}

/**
 * A new row of n cells, cell j = at(j). Small integers are pushed into an array literal that never
 * sees anything else: V8 lets a literal's allocation site remember the most general element its
 * arrays were given (a grid of tuples, once) and makes every later array of that site generic, so
 * the first cell that is not a small integer moves the row to `otherRow`, whose copy comes from
 * `slice` (no allocation site). Not `map` (TurboFan's inlined map builds holey arrays) nor
 * `Array.from({ length })` (V8's slow path for array-likes: 520 ns for a row of 10, the loop
 * 80 ns). Rows of small integers then stay packed small-integer arrays, like the task JSON's, and
 * grid code sees one kind of row.
 */
export function rowOf(n: number, at: (j: number) => Value): Value[] {
  const row: Value[] = [];
  for (let j = 0; j < n; j++) {
    const v = at(j);
    if (!smallInt(v)) return otherRow(row, j, v, n, at);
    row.push(v);
    if ((j & 4095) === 4095) work(4096); // a very wide row is one long call
  }
  work(n & 4095); // and so is a grid of thousands of rows
  return row;
}

/** The rest of a row from cell j (= v) on, when a cell is not a small integer. */
export function otherRow(head: Value[], j: number, v: Value, n: number, at: (j: number) => Value): Value[] {
  const row = head.slice();
  row.push(v);
  for (let k = j + 1; k < n; k++) {
    row.push(at(k));
    if ((k & 4095) === 4095) work(4096);
  }
  work(n & 4095);
  return row;
}

/** A row of n copies of `value`: small rows by `rowOf`, wide ones by doubling (`repeatedTo`); also `repeat`'s tuple. */
export function filledRow(n: number, value: Value): Value[] {
  if (n <= 256) return rowOf(n, () => value);
  return repeatedTo(rowOf(256, () => value), n);
}

/** Is `v` an integer V8 keeps unboxed in an array (31 bits, not -0)? */
export const smallInt = (v: Value): boolean =>
  typeof v === 'number' && (v | 0) === v && v >= -0x40000000 && v < 0x40000000 && (v !== 0 || 1 / v > 0);

/**
 * The tuple (x, y). V8 lets an array literal remember the most general element any of its arrays
 * was given, and builds all its later arrays that way: one large number (or -0) in a pair made every
 * later pair of that literal an array of doubles (each coordinate boxed again when read), one set
 * made them generic. Pairs of small integers therefore come from a literal that sees nothing else
 * (and `| 0` turns an integral heap number into a small integer); other pairs from one of their own.
 */
export function tuple2(x: Value, y: Value): Value[] {
  if (smallInt(x) && smallInt(y)) return [(x as number) | 0, (y as number) | 0];
  return otherPair(x, y);
}
const otherPair = (x: Value, y: Value): Value[] => [x, y];

/** The cell (v, (i, j)), shared when small. */
export function cell(v: Value, i: number, j: number): Cell {
  if (typeof v === 'number' && v >= 0 && v < 10 && (v | 0) === v && i >= 0 && i < INTERN && j >= 0 && j < INTERN && (i | 0) === i && (j | 0) === j) {
    const k = (v * INTERN + i) * INTERN + j;
    return (cellTable[k] ??= [v, loc(i, j)]);
  }
  return [v as number, loc(i, j)];
}

// ---------------------------------------------------------------------------
// Kinds

export const isInt = (v: unknown): v is number | boolean => typeof v === 'number' || typeof v === 'boolean';
/** Python's int(): Booleans count as 0/1. */
export const num = (v: Value): number => (typeof v === 'boolean' ? (v ? 1 : 0) : (v as number));

/** Python truthiness (§2.1). */
export function truthy(v: Value): boolean {
  if (v === null || v === false || v === 0) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof FrozenSet) return v.size > 0;
  return true;
}

/** Items of a container in iteration order (tuple order, or the set's order). */
export function itemsOf(c: Value): readonly Value[] {
  if (Array.isArray(c)) return c;
  if (c instanceof FrozenSet) return c.items;
  return fail('TypeError', `${typeName(c)} is not iterable`);
}

export function typeName(v: Value): string {
  if (v === null) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'int';
  if (Array.isArray(v)) return 'tuple';
  if (v instanceof FrozenSet) return 'frozenset';
  return 'function';
}

// ---------------------------------------------------------------------------
// Keys: one number per equality class, for hashing (Set/Map) and fast sorting.
// Integers map to themselves, small pairs and cells to distinct non-integer
// numbers (so they never collide with integers and sort lexicographically).
// Other values have no key: a ValueTable finds them by a structural hash
// (hashOf) and DSL equality, without building strings.

const PAIR_OFF = 1 << 21; // pair components in [-2^21, 2^21)
const PAIR_SPAN = 1 << 22;
// Cell keys take 7 + 22 + 22 bits (below 2^51), so with their fraction .25 they stay exact doubles.
const CELL_IJ_OFF = 1 << 21; // cell locations in [-2^21, 2^21)
const CELL_IJ_SPAN = 1 << 22;
const CELL_V_OFF = 1 << 6; // cell values in [-2^6, 2^6)

export type Key = number;

/** Key of a pair (i, j); numbers with fraction .5. */
export function pairKey(i: number, j: number): number {
  return ((i + PAIR_OFF) * PAIR_SPAN + (j + PAIR_OFF)) + 0.5;
}
/** Key of a cell (v, (i, j)); numbers with fraction .25. */
export function cellKey(v: number, i: number, j: number): number {
  return ((v + CELL_V_OFF) * CELL_IJ_SPAN + (i + CELL_IJ_OFF)) * CELL_IJ_SPAN + (j + CELL_IJ_OFF) + 0.25;
}
const inPairRange = (x: number) => x >= -PAIR_OFF && x < PAIR_OFF;
const inCellRange = (v: number, i: number, j: number) =>
  v >= -CELL_V_OFF && v < CELL_V_OFF && i >= -CELL_IJ_OFF && i < CELL_IJ_OFF && j >= -CELL_IJ_OFF && j < CELL_IJ_OFF;

let nextFunctionId = 1;
const functionIds = new WeakMap<object, number>();
function functionId(f: object): number {
  let id = functionIds.get(f);
  if (id === undefined) functionIds.set(f, (id = nextFunctionId++));
  return id;
}

/** The members of an integer set, for membership tests (charged: a set may hold millions). */
function intIndex(items: readonly Value[]): Set<Key> {
  const index = new Set<Key>();
  for (let k = 0; k < items.length; k++) {
    index.add(num(items[k]));
    if ((k & 4095) === 4095) work(4096);
  }
  return index;
}

/** The numeric key of an integer, a location or a cell; undefined for any other value (see ValueTable). */
export function keyOf(v: Value): Key | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (Array.isArray(v)) {
    if (v.length === 2) {
      const a = v[0], b = v[1];
      if (isInt(a)) {
        if (isInt(b)) {
          const i = num(a), j = num(b);
          if (inPairRange(i) && inPairRange(j)) return pairKey(i, j);
        } else if (Array.isArray(b) && b.length === 2 && isInt(b[0]) && isInt(b[1])) {
          const c = num(a), i = num(b[0]), j = num(b[1]);
          if (inCellRange(c, i, j)) return cellKey(c, i, j);
        }
      }
    }
  }
  return undefined;
}

// Structural hashes, consistent with `equal`: equal values hash alike (True and 1, a set in any
// order or representation). Tuples combine their items in order; sets add up a scrambled hash of
// each member, so the order of an integer set does not matter, and a packed set hashes its
// members from their keys as the tuples they stand for.
const TUPLE_SEED = 0x345678;
const NULL_HASH = 0x2f0b3c1d;
const mixItem = (h: number, x: number): number => Math.imul(h ^ x, 0x01000193);
/** Integers hash to themselves (as 32-bit integers); other numbers by their integer and fractional parts. */
function hashNumber(x: number): number {
  if ((x | 0) === x) return x | 0;
  const whole = Math.floor(x);
  return (whole | 0) ^ Math.imul(Math.round((x - whole) * 0x10000) | 0, 0x9e3779b1);
}
/** hashOf([i, j]) for integers i, j. */
function hashPair(i: number, j: number): number {
  return mixItem(mixItem(TUPLE_SEED ^ 2, hashNumber(i)), hashNumber(j));
}
/** The order-independent share of one member in its set's hash (murmur3's finaliser). */
function scramble(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** A 32-bit hash of a value: equal values (`equal`) have equal hashes. */
export function hashOf(v: Value): number {
  if (typeof v === 'number') return hashNumber(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (Array.isArray(v)) {
    let h = TUPLE_SEED ^ v.length;
    for (let k = 0; k < v.length; k++) {
      const x = v[k];
      h = mixItem(h, typeof x === 'number' && (x | 0) === x ? x | 0 : hashOf(x)); // (a grid row: integers, hashed here)
      if ((k & 4095) === 4095) work(4096); // a tuple may hold millions
    }
    return h;
  }
  if (v instanceof FrozenSet) return v.hash();
  if (v === null) return NULL_HASH;
  return functionId(v as DslFunction);
}

/**
 * Distinct values, found by their structural hash and DSL equality: the hash
 * table for values that may have no numeric key (tuples, sets, grids), with
 * no key strings built. Each value added gets the next index.
 */
export class ValueTable {
  readonly values: Value[] = [];
  private readonly heads = new Map<number, number>();
  private readonly next: number[] = [];

  /** The index of the value equal to `v`, or -1. */
  find(v: Value): number {
    const head = this.heads.get(hashOf(v));
    for (let i = head === undefined ? -1 : head; i >= 0; i = this.next[i]) if (equal(this.values[i], v)) return i;
    return -1;
  }

  /** The index of the value equal to `v`; `v` is added (at index `size`) when there is none. */
  add(v: Value): number {
    const h = hashOf(v);
    const head = this.heads.get(h);
    for (let i = head === undefined ? -1 : head; i >= 0; i = this.next[i]) if (equal(this.values[i], v)) return i;
    const k = this.values.length;
    this.values.push(v);
    this.next.push(head === undefined ? -1 : head);
    this.heads.set(h, k);
    return k;
  }

  get size(): number {
    return this.values.length;
  }
}

// ---------------------------------------------------------------------------
// Equality (§2.3) and ordering (§2.4)

export function equal(a: Value, b: Value): boolean {
  if (a === b) return true;
  const ta = typeof a, tb = typeof b;
  if ((ta === 'number' || ta === 'boolean') && (tb === 'number' || tb === 'boolean')) return num(a) === num(b);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let k = 0; k < a.length; k++) {
      const x = a[k], y = b[k];
      if (x !== y && !equal(x, y)) return false; // (equal rows of a grid: no call per cell)
    }
    return true;
  }
  if (a instanceof FrozenSet) {
    if (!(b instanceof FrozenSet) || a.size !== b.size) return false;
    if (a.kind !== 'int' && b.kind !== 'int') {
      // Both in natural order: equal sets have equal members in the same places.
      const ka = a.kind === 'pair' || a.kind === 'cell' ? a.packedKeys() : undefined;
      const kb = ka !== undefined && a.kind === b.kind ? b.packedKeys() : undefined;
      if (ka !== undefined && kb !== undefined) {
        for (let k = 0; k < ka.length; k++) if (ka[k] !== kb[k]) return false;
        return true;
      }
      const xs = a.items, ys = b.items;
      for (let k = 0; k < xs.length; k++) if (!equal(xs[k], ys[k])) return false;
      return true;
    }
    if (a.kind === b.kind && (a.kind === 'pair' || a.kind === 'cell')) {
      const ka = a.packedKeys(), kb = b.packedKeys();
      if (ka !== undefined && kb !== undefined) {
        for (let k = 0; k < ka.length; k++) if (ka[k] !== kb[k]) return false;
        return true;
      }
    }
    const xs = a.items;
    for (let k = 0; k < xs.length; k++) {
      if (!b.has(xs[k])) return false;
      if ((k & 4095) === 4095) work(4096);
    }
    return true;
  }
  return false;
}

/**
 * Python's `<` on DSL values: numbers, tuples lexicographically, frozensets by
 * proper subset. Integer vs tuple (or anything vs a function) raises TypeError.
 */
export function less(a: Value, b: Value): boolean {
  if (isInt(a) && isInt(b)) return num(a) < num(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let k = 0; k < n; k++) {
      if (!equal(a[k], b[k])) return less(a[k], b[k]);
    }
    return a.length < b.length;
  }
  if (a instanceof FrozenSet && b instanceof FrozenSet) {
    if (a.size >= b.size) return false;
    const items = a.items;
    for (let k = 0; k < items.length; k++) if (!b.has(items[k])) return false;
    return true;
  }
  return fail('TypeError', `'<' not supported between ${typeName(a)} and ${typeName(b)}`);
}

// A total "natural" order used only to lay out non-integer sets
// (PRIMITIVES.md §5.3 recommends sorted order: numbers ascending, tuples lexicographic).
function rank(v: Value): number {
  if (typeof v === 'number' || typeof v === 'boolean') return 0;
  if (Array.isArray(v)) return 1;
  if (v instanceof FrozenSet) return 2;
  if (v === null) return 3;
  return 4;
}
export function naturalCompare(a: Value, b: Value): number {
  const ra = rank(a), rb = rank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 0:
      return num(a) - num(b);
    case 1: {
      const x = a as Tuple, y = b as Tuple;
      const n = Math.min(x.length, y.length);
      for (let k = 0; k < n; k++) {
        const c = naturalCompare(x[k], y[k]);
        if (c !== 0) return c;
      }
      return x.length - y.length;
    }
    case 2: {
      // As sorted tuples of their members: lexicographic, a proper prefix first.
      const fa = a as FrozenSet, fb = b as FrozenSet;
      if (fa.kind === fb.kind && (fa.kind === 'pair' || fa.kind === 'cell')) {
        // Packed members of one kind: key order is their natural order.
        const ka = fa.packedKeys(), kb = fb.packedKeys();
        if (ka !== undefined && kb !== undefined) return compareKeys(ka, kb);
      }
      const xs = (a as FrozenSet).sortedItems(), ys = (b as FrozenSet).sortedItems();
      const n = Math.min(xs.length, ys.length);
      for (let k = 0; k < n; k++) {
        const c = naturalCompare(xs[k], ys[k]);
        if (c !== 0) return c;
      }
      return xs.length - ys.length;
    }
    case 4:
      return functionId(a as DslFunction) - functionId(b as DslFunction);
    default:
      return 0;
  }
}

// ---------------------------------------------------------------------------
// FrozenSet

const EMPTY_ITEMS: readonly Value[] = Object.freeze([]);

/**
 * An immutable set. `items` holds the members, without duplicates, in
 * iteration order: CPython's own order for sets of integers (§5.2), natural
 * sorted order for every other set (§5.3). Membership uses `keyOf`.
 *
 * Sets of plain-number locations or cells may instead be *packed*: `packed`
 * holds their sorted keys (`pairKey`/`cellKey`, whose numeric order is the
 * natural order) and the item tuples are made only when something iterates
 * them. Union, shift, membership, equality and bounds then work on the keys.
 */
export class FrozenSet {
  private index: Set<Key> | undefined;
  private sorted: readonly Value[] | undefined;
  private cachedHash: number | undefined;
  private list: readonly Value[] | undefined;
  /** Bounding box [top, left, bottom, right] of a packed set, once computed (packed.ts). */
  bbox: [number, number, number, number] | undefined;
  /** A packed set's locations as [i0, j0, i1, j1, ...] in key order, once decoded (patches.ts: distances). */
  coords: readonly number[] | undefined;
  /** Sorted distinct keys of a packed set; `null` when the set cannot be packed (checked once). */
  private keysArr: Float64Array | null | undefined;

  /** Use the `frozenset*` constructors below; they establish the invariants. */
  constructor(items: readonly Value[] | undefined, keys?: Set<Key>, readonly kind: SetKind = 'other', packed?: Float64Array) {
    this.list = items;
    this.index = keys;
    this.keysArr = packed;
  }

  /** A packed set of locations ('pair') or cells ('cell') from sorted, distinct keys. */
  static packed(keys: Float64Array, kind: 'pair' | 'cell'): FrozenSet {
    return keys.length === 0 ? FrozenSet.EMPTY : new FrozenSet(undefined, undefined, kind, keys);
  }

  /**
   * A set from members the caller guarantees distinct and already in
   * iteration order (e.g. locations met in row-major order, or a shifted set).
   * Skips hashing and sorting; the index is built only if `has` is called.
   */
  static trusted(items: readonly Value[], kind: SetKind): FrozenSet {
    return items.length === 0 ? FrozenSet.EMPTY : new FrozenSet(items, undefined, kind);
  }

  /** Members in iteration order (made from the keys on first use for a packed set). */
  get items(): readonly Value[] {
    const l = this.list;
    if (l !== undefined) return l;
    return (this.list = unpackKeys(this.keysArr!, this.kind));
  }

  get size(): number {
    const l = this.list;
    return l !== undefined ? l.length : this.keysArr!.length;
  }

  /** The k-th member in iteration order (0 <= k < size), without unpacking a packed set's others. */
  member(k: number): Value {
    const l = this.list;
    if (l !== undefined) return l[k];
    const key = this.keysArr![k];
    return this.kind === 'pair' ? loc(pairI(key), pairJ(key)) : cell(cellV(key), cellI(key), cellJ(key));
  }

  /**
   * The sorted keys of a set of plain-number locations or cells (made once
   * from the items when the set was not built packed); undefined otherwise.
   */
  packedKeys(): Float64Array | undefined {
    const p = this.keysArr;
    if (p !== undefined) return p ?? undefined;
    if (this.kind !== 'pair' && this.kind !== 'cell') {
      this.keysArr = null;
      return undefined;
    }
    const keys = packItems(this.list!, this.kind === 'pair' ? 1 : 2);
    this.keysArr = keys ?? null;
    return keys;
  }

  has(v: Value): boolean {
    if (this.size === 0) return false;
    const p = this.keysArr;
    if (p) {
      const k = keyOf(v);
      return typeof k === 'number' && searchKeys(p, k) >= 0;
    }
    if (this.kind !== 'int') {
      // Members of every other set are in natural order: binary search.
      const items = this.items;
      let lo = 0, hi = items.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const c = naturalCompare(items[mid], v);
        if (c < 0) lo = mid + 1;
        else if (c > 0) hi = mid - 1;
        else return true;
      }
      return false;
    }
    // An integer set: its members' keys are the integers.
    if (this.index === undefined) this.index = intIndex(this.items);
    const key = keyOf(v);
    return key !== undefined && this.index.has(key);
  }

  /** The set's structural hash (hashOf; cached: sets of sets hash their members often). */
  hash(): number {
    let h = this.cachedHash;
    if (h === undefined) {
      h = Math.imul(this.size, 0x9e3779b1);
      const p = this.keysArr;
      if (p) {
        // A packed member hashes as the tuple it stands for: (i, j), or (v, (i, j)).
        for (let k = 0; k < p.length; k++) {
          const key = p[k];
          const m = this.kind === 'pair' ? hashPair(pairI(key), pairJ(key)) : mixItem(mixItem(TUPLE_SEED ^ 2, hashNumber(cellV(key))), hashPair(cellI(key), cellJ(key)));
          h = (h + scramble(m)) | 0;
          if ((k & 4095) === 4095) work(4096);
        }
      } else {
        const items = this.items;
        for (let k = 0; k < items.length; k++) {
          h = (h + scramble(hashOf(items[k]))) | 0;
          if ((k & 4095) === 4095) work(4096);
        }
      }
      this.cachedHash = h;
    }
    return h;
  }

  /** Members in natural order (same as `items` except for integer sets). */
  sortedItems(): readonly Value[] {
    if (this.sorted === undefined) {
      this.sorted = this.kind === 'int' || (this.list !== undefined && isIntegerItems(this.list)) ? [...this.items].sort(naturalCompare) : this.items;
    }
    return this.sorted;
  }

  [Symbol.iterator](): Iterator<Value> {
    return this.items[Symbol.iterator]();
  }

  static readonly EMPTY = new FrozenSet(EMPTY_ITEMS, undefined, 'empty', undefined);
}

// ---------------------------------------------------------------------------
// Packed keys: locations and cells of plain numbers as sorted doubles.

/**
 * Key arrays come from arenas: views on a shared ArrayBuffer, handed out in order and never
 * reused (an arena is freed when the last view on it is). A Float64Array of its own over 64
 * bytes gets its memory outside V8's heap, at 0.6-3 us apiece here, more than most set
 * operations cost; a view costs 70-150 ns, and a plain array is slow to fill once large.
 */
const ARENA_BYTES = 1 << 18;
const ARENA_MAX_KEYS = ARENA_BYTES / 8 / 16;
let arena = new ArrayBuffer(ARENA_BYTES);
let arenaAt = 0;

/** A zeroed key array of n keys: a view on the current arena, or an array of its own when large. */
export function newKeys(n: number): Float64Array {
  if (n > ARENA_MAX_KEYS) return new Float64Array(n);
  const bytes = n * 8;
  if (arenaAt + bytes > ARENA_BYTES) {
    arena = new ArrayBuffer(ARENA_BYTES);
    arenaAt = 0;
  }
  const keys = new Float64Array(arena, arenaAt, n);
  arenaAt += bytes;
  return keys;
}

/** Key offset of a location (i, j) from (0, 0): pairKey(i, j) = PAIR_BASE + i * PAIR_SPAN + j. */
export const PAIR_STRIDE = PAIR_SPAN;
/** Cell keys: cellKey(v, i, j) = CELL_BASE + (v * CELL_IJ_SPAN + i) * CELL_IJ_SPAN + j. */
export const CELL_STRIDE = CELL_IJ_SPAN;
export const CELL_V_STRIDE = CELL_IJ_SPAN * CELL_IJ_SPAN;
/**
 * Coordinates a packed set holds: |i|, |j| < PACK_LIMIT (half the keys' range, so sums of two stay
 * in it; shifts beyond it fall back to tuples). A 3 x 1,000,000 canvas packs.
 */
export const PACK_LIMIT = 1 << 20;
/** Cell values a packed set holds: -CELL_VALUE_LIMIT <= v < CELL_VALUE_LIMIT. */
export const CELL_VALUE_LIMIT = CELL_V_OFF;

// Decoded with division and floor, not %: a floating-point remainder is a library call (about
// 20 ns), and bounding boxes decode every key. Each ends in `| 0` (every part is well inside the
// int32 range): floating-point arithmetic gives an integral heap number, not a small integer, and
// one heap number stored in a tuple makes it an array of doubles, and V8 then makes every later
// array of that literal an array of doubles too (reading from one boxes each element again).
export const pairI = (key: number): number => (Math.floor(key / PAIR_SPAN) - PAIR_OFF) | 0;
export const pairJ = (key: number): number => {
  const k = key - 0.5;
  return (k - Math.floor(k / PAIR_SPAN) * PAIR_SPAN - PAIR_OFF) | 0;
};
export const cellV = (key: number): number => (Math.floor(key / CELL_V_STRIDE) - CELL_V_OFF) | 0;
export const cellI = (key: number): number => {
  const k = key - Math.floor(key / CELL_V_STRIDE) * CELL_V_STRIDE;
  return (Math.floor(k / CELL_IJ_SPAN) - CELL_IJ_OFF) | 0;
};
export const cellJ = (key: number): number => {
  const k = key - 0.25;
  return (k - Math.floor(k / CELL_IJ_SPAN) * CELL_IJ_SPAN - CELL_IJ_OFF) | 0;
};

function unpackKeys(keys: Float64Array, kind: SetKind): Value[] {
  const n = keys.length;
  const out: Value[] = [];
  if (kind === 'pair') {
    for (let k = 0; k < n; k++) {
      out[k] = loc(pairI(keys[k]), pairJ(keys[k]));
      if ((k & 4095) === 4095) work(4096);
    }
  } else {
    for (let k = 0; k < n; k++) {
      out[k] = cell(cellV(keys[k]), cellI(keys[k]), cellJ(keys[k]));
      if ((k & 4095) === 4095) work(4096);
    }
  }
  return out;
}

const small = (x: unknown): boolean => typeof x === 'number' && (x | 0) === x && x < PACK_LIMIT && x > -PACK_LIMIT;

/**
 * One-member packed sets, kept by member: locations with -64 <= i, j < 64 at [(i + 64) * 128 + j + 64],
 * cells of colours 0..15 at rows and columns 0..63 at [(v * 64 + i) * 64 + j] (a Map keyed by the
 * packed keys cost as much as making the set: they are doubles).
 */
const SINGLE_PAIRS: (FrozenSet | undefined)[] = new Array(128 * 128).fill(undefined);
const SINGLE_CELLS: (FrozenSet | undefined)[] = new Array(16 * 64 * 64).fill(undefined);

/** A one-key set with a key array of its own: a kept view on an arena would keep all of its arena alive. */
function singleton(key: number, kind: 'pair' | 'cell'): FrozenSet {
  const keys = new Float64Array(1);
  keys[0] = key;
  return FrozenSet.packed(keys, kind);
}

/**
 * frozenset([value]) for a location or a cell of plain small integers (the same set for the same
 * member when it is near the origin: sets never change); undefined for any other value. Programs
 * make one per member of a container (`argmin(x, compose(f, initset))`): making each, a key array
 * and all, was 5 % of a search's worker time.
 */
export function packedSingleton(value: Value): FrozenSet | undefined {
  if (!Array.isArray(value) || value.length !== 2) return undefined;
  const a = value[0], b = value[1];
  if (!small(a)) return undefined;
  const x = a as number;
  if (small(b)) {
    const y = b as number;
    if (x < -64 || x >= 64 || y < -64 || y >= 64) return singleton(pairKey(x, y), 'pair');
    const at = (x + 64) * 128 + y + 64;
    return (SINGLE_PAIRS[at] ??= singleton(pairKey(x, y), 'pair'));
  }
  if (!Array.isArray(b) || b.length !== 2 || !small(b[0]) || !small(b[1]) || x >= CELL_V_OFF || x < -CELL_V_OFF) return undefined;
  const i = b[0] as number, j = b[1] as number;
  if (x < 0 || x >= 16 || i < 0 || i >= 64 || j < 0 || j >= 64) return singleton(cellKey(x, i, j), 'cell');
  const at = (x * 64 + i) * 64 + j;
  return (SINGLE_CELLS[at] ??= singleton(cellKey(x, i, j), 'cell'));
}

/**
 * Keys of `items` when every one is a location (`want` 1) or a cell (`want` 2)
 * of plain small integers (no Booleans: a packed set could not give them
 * back), in the items' order; undefined otherwise.
 */
function packItems(items: readonly Value[], want: 1 | 2): Float64Array | undefined {
  const n = items.length;
  const keys = newKeys(n);
  for (let k = 0; k < n; k++) {
    const e = items[k];
    if (!Array.isArray(e) || e.length !== 2) return undefined;
    const a = e[0], b = e[1];
    if (!small(a)) return undefined;
    if (want === 1) {
      if (!small(b)) return undefined;
      keys[k] = pairKey(a as number, b as number);
    } else {
      if (!Array.isArray(b) || b.length !== 2 || !small(b[0]) || !small(b[1]) || (a as number) >= CELL_V_OFF || (a as number) < -CELL_V_OFF) return undefined;
      keys[k] = cellKey(a as number, b[0] as number, b[1] as number);
    }
  }
  return keys;
}

/** Index of `key` in sorted `keys`, or -1. */
export function searchKeys(keys: Float64Array, key: number): number {
  let lo = 0, hi = keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const x = keys[mid];
    if (x < key) lo = mid + 1;
    else if (x > key) hi = mid - 1;
    else return mid;
  }
  return -1;
}

const SORT_CHUNK = 1 << 15;

/**
 * Sorts keys in place and drops repeats; returns the distinct prefix. Large
 * arrays are sorted in chunks and merged, checking the time budget between
 * chunks, so one huge set cannot overrun a program's time limit.
 */
export function sortDistinct(input: Float64Array): Float64Array {
  const n = input.length;
  if (n <= SORT_CHUNK) return distinctPrefix(input.sort());
  const bounds: number[] = [0];
  for (let s = 0; s < n; s += SORT_CHUNK) {
    input.subarray(s, Math.min(n, s + SORT_CHUNK)).sort();
    work(SORT_CHUNK);
    bounds.push(Math.min(n, s + SORT_CHUNK));
  }
  return mergeRuns(input, bounds);
}

/**
 * Sorted distinct keys from `keys`, whose runs keys[bounds[r]..bounds[r+1]) are each sorted:
 * merged pairwise (log2(runs) passes), charged as it goes (two runs of millions are one long merge).
 */
export function mergeRuns(keys: Float64Array, bounds: readonly number[]): Float64Array {
  const n = keys.length;
  let src = keys, dst = newKeys(n);
  let b = bounds;
  while (b.length > 2) {
    const next: number[] = [0];
    for (let r = 0; r + 1 < b.length; r += 2) {
      const lo = b[r], mid = b[r + 1], hi = r + 2 < b.length ? b[r + 2] : mid;
      let x = lo, y = mid, o = lo;
      while (x < mid && y < hi) {
        dst[o++] = src[x] <= src[y] ? src[x++] : src[y++];
        if ((o & 4095) === 0) work(4096);
      }
      dst.set(src.subarray(x, mid), o);
      o += mid - x;
      dst.set(src.subarray(y, hi), o);
      work(hi - y + mid - x);
      next.push(hi);
    }
    const t = src;
    src = dst;
    dst = t;
    b = next;
  }
  return distinctPrefix(src);
}

/** Sorted keys with repeats dropped, in place: the distinct prefix. */
function distinctPrefix(keys: Float64Array): Float64Array {
  const n = keys.length;
  let m = n > 0 ? 1 : 0;
  for (let k = 1; k < n; k++) if (keys[k] !== keys[m - 1]) keys[m++] = keys[k];
  return m === n ? keys : keys.subarray(0, m);
}

/** Stable sort of values in place; large arrays in chunks merged under the time budget (like sortDistinct). */
export function sortValues(items: Value[], cmp: (a: Value, b: Value) => number): void {
  const n = items.length;
  if (n <= SORT_CHUNK) {
    items.sort(cmp);
    return;
  }
  const CH = SORT_CHUNK >> 3;
  const runs: Value[][] = [];
  for (let s = 0; s < n; s += CH) {
    runs.push(items.slice(s, Math.min(n, s + CH)).sort(cmp));
    work(CH * 8);
  }
  let cur = runs;
  while (cur.length > 1) {
    const next: Value[][] = [];
    for (let r = 0; r < cur.length; r += 2) {
      if (r + 1 === cur.length) {
        next.push(cur[r]);
        break;
      }
      const x = cur[r], y = cur[r + 1];
      const out: Value[] = [];
      let a = 0, b = 0, o = 0;
      while (a < x.length && b < y.length) {
        out[o++] = cmp(y[b], x[a]) < 0 ? y[b++] : x[a++];
        if ((o & 4095) === 0) work(4096);
      }
      while (a < x.length) out[o++] = x[a++];
      while (b < y.length) out[o++] = y[b++];
      next.push(out);
    }
    cur = next;
  }
  const all = cur[0];
  for (let k = 0; k < n; k++) items[k] = all[k];
}

/** Is `keys` sorted ascending without repeats? */
function strictlySorted(keys: Float64Array): boolean {
  for (let k = 1; k < keys.length; k++) if (!(keys[k - 1] < keys[k])) return false;
  return true;
}

/** A packed set from keys in any order, possibly repeated. */
export function packedSet(keys: Float64Array, kind: 'pair' | 'cell'): FrozenSet {
  return FrozenSet.packed(strictlySorted(keys) ? keys : sortDistinct(keys), kind);
}

/** What a set holds, when uniform: integers, location pairs, cells; 'other' otherwise. */
export type SetKind = 'empty' | 'int' | 'pair' | 'cell' | 'other';

function isIntegerItems(items: readonly Value[]): boolean {
  if (items.length === 0) return false;
  for (let k = 0; k < items.length; k++) if (typeof items[k] !== 'number' && typeof items[k] !== 'boolean') return false;
  return true;
}

/**
 * Build a frozenset from values in insertion order (the order in which the
 * Python construction meets them). Equal values merge, the first one stays.
 */
export function frozenset(values: Iterable<Value>): FrozenSet {
  const items = Array.isArray(values) ? (values as readonly Value[]) : [...values];
  const n = items.length;
  if (n === 0) return FrozenSet.EMPTY;
  const first = items[0];
  if (Array.isArray(first) && first.length === 2 && typeof first[0] === 'number') {
    const want = Array.isArray(first[1]) ? 2 : 1;
    const packed = packItems(items, want);
    if (packed !== undefined) return packedSet(packed, want === 1 ? 'pair' : 'cell');
  }
  let allInts = true;
  for (let k = 0; k < n; k++) {
    const t = typeof items[k];
    if (t !== 'number' && t !== 'boolean') {
      allInts = false;
      break;
    }
  }
  if (allInts) {
    const seen = new Set<number>();
    const distinct: (number | boolean)[] = [];
    for (let k = 0; k < n; k++) {
      const v = items[k] as number | boolean;
      const key = typeof v === 'boolean' ? (v ? 1 : 0) : v;
      if (seen.has(key)) continue;
      seen.add(key);
      distinct.push(v);
      if ((k & 1023) === 1023) work(1024);
    }
    return new FrozenSet(cpythonIntOrder(distinct), seen, 'int');
  }
  // Sets of packed sets of one kind (the patches that apply, prapply and mapply's parts make: 8 %
  // of a search's time went to sorting them): sorted by their key arrays, which is their natural order.
  const keys = packedMembers(items);
  if (keys !== undefined) return setOfPackedSets(items, keys);
  // Everything else: a stable sort in natural order puts equal members side by side
  // (naturalCompare is 0 exactly for DSL-equal values); the first inserted of each run stays.
  // No member is hashed, so sets of sets build no key strings.
  const sorted = items.slice();
  sortValues(sorted, naturalCompare);
  let m = 1;
  for (let k = 1; k < n; k++) {
    if (naturalCompare(sorted[k], sorted[m - 1]) !== 0) sorted[m++] = sorted[k];
    if ((k & 1023) === 1023) work(1024);
  }
  sorted.length = m;
  return new FrozenSet(sorted, undefined, uniformKind(sorted));
}

const NO_KEYS = new Float64Array(0);

/** The sorted keys of every member when all are packed sets of one kind (empty sets allowed); undefined otherwise. */
function packedMembers(items: readonly Value[]): Float64Array[] | undefined {
  let kind: SetKind | undefined;
  const keys: Float64Array[] = new Array(items.length);
  for (let k = 0; k < items.length; k++) {
    const v = items[k];
    if (!(v instanceof FrozenSet)) return undefined;
    if (v.kind === 'empty') {
      keys[k] = NO_KEYS;
      continue;
    }
    if (v.kind !== 'pair' && v.kind !== 'cell') return undefined;
    if (kind === undefined) kind = v.kind;
    else if (v.kind !== kind) return undefined;
    const p = v.packedKeys();
    if (p === undefined) return undefined;
    keys[k] = p;
    if ((k & 4095) === 4095) work(4096);
  }
  return keys;
}

/** naturalCompare of two packed sets of one kind, by their keys: lexicographic, a proper prefix first. */
function compareKeys(a: Float64Array, b: Float64Array): number {
  const n = a.length < b.length ? a.length : b.length;
  for (let k = 0; k < n; k++) if (a[k] !== b[k]) return a[k] - b[k];
  return a.length - b.length;
}

/** frozenset of packed sets of one kind: a stable sort of their indices by key arrays, the first of equal runs kept. */
function setOfPackedSets(items: readonly Value[], keys: readonly Float64Array[]): FrozenSet {
  // Many members, often repeated (prapply of connect meets each line twice, and more): the first
  // of each repeat only, found by hashing, so only distinct sets are sorted.
  const order = items.length > DEDUPE_FIRST ? firstOfEach(keys) : Array.from({ length: items.length }, (_, k) => k);
  const n = order.length;
  // Each set's first key (-Infinity for the empty set, which sorts first): most comparisons end there.
  const firsts: number[] = new Array(keys.length);
  for (let k = 0; k < n; k++) {
    const ks = keys[order[k]];
    firsts[order[k]] = ks.length > 0 ? ks[0] : -Infinity;
  }
  // sortValues: in chunks under the time budget when large (prapply of connect over a grid's
  // locations makes hundreds of thousands of lines).
  sortValues(order, (x, y) => {
    const fx = firsts[x as number], fy = firsts[y as number];
    if (fx !== fy) return fx < fy ? -1 : 1;
    return compareKeys(keys[x as number], keys[y as number]) || (x as number) - (y as number);
  });
  work(n);
  const out: Value[] = [items[order[0]]];
  for (let k = 1; k < n; k++) {
    if (compareKeys(keys[order[k]], keys[order[k - 1]]) !== 0) out.push(items[order[k]]);
    if ((k & 1023) === 1023) work(1024);
  }
  return new FrozenSet(out, undefined, 'other');
}

/** Members past which a set of packed sets drops repeats by hashing before it sorts. */
const DEDUPE_FIRST = 4096;

/**
 * Indices of the first of each distinct key array, in order: an open-addressing table hashed on
 * all of a set's keys (the low 32 bits of each: its column and the low bits of its row; equal sets
 * compared by their keys). Hashing and probes are charged to the budget. Not ValueTable: its
 * structural hash decodes every key into the tuple it stands for, and prapply(connect) over 30 x 30
 * locations took 125-164 ms with it against 107-128 ms with this table.
 */
function firstOfEach(keys: readonly Float64Array[]): number[] {
  const n = keys.length;
  let cap = 16;
  while (cap < 2 * n) cap *= 2;
  const mask = cap - 1;
  const table = new Int32Array(cap).fill(-1);
  const out: number[] = [];
  let probes = 0;
  for (let k = 0; k < n; k++) {
    const ks = keys[k], m = ks.length;
    let h = m;
    for (let q = 0; q < m; q++) h = Math.imul(h ^ (ks[q] | 0), 0x9e3779b1) ^ (h >>> 15);
    probes += m >> 4;
    h &= mask;
    for (;;) {
      if ((++probes & 4095) === 0) work(4096);
      const at = table[h];
      if (at === -1) {
        table[h] = k;
        out.push(k);
        break;
      }
      if (compareKeys(keys[at], ks) === 0) break;
      h = (h + 1) & mask;
    }
  }
  return out;
}

/** 'pair' or 'cell' when every member is a location or a cell of integers (Booleans allowed), else 'other'. */
function uniformKind(items: readonly Value[]): SetKind {
  // Only a pair or cell of integers has a numeric key: anything else is 'other' without computing
  // its key (the key of a set of four million locations took 2.3 s to build, in `initset`).
  const f0 = items[0];
  if (!Array.isArray(f0) || f0.length !== 2 || (typeof f0[0] !== 'number' && typeof f0[0] !== 'boolean')) return 'other';
  const f = keyOf(f0);
  if (typeof f !== 'number') return 'other';
  const frac = f % 1;
  if (frac !== 0.5 && frac !== 0.25) return 'other';
  for (let k = 1; k < items.length; k++) {
    const key = keyOf(items[k]);
    if (typeof key !== 'number' || key % 1 !== frac) return 'other';
  }
  return frac === 0.5 ? 'pair' : 'cell';
}

/** Pairs only or cells only: their numeric keys sort lexicographically. */
function sortByKeys(items: readonly Value[], keys: readonly number[]): Value[] {
  const idx = Uint32Array.from(keys.keys()).sort((x, y) => keys[x] - keys[y]);
  const sorted: Value[] = [];
  for (let k = 0; k < idx.length; k++) sorted[k] = items[idx[k]];
  return sorted;
}

/** A set from members the caller guarantees distinct and in natural order (the product of two sets): neither sorted nor hashed. */
export function frozensetOfSorted(items: Value[]): FrozenSet {
  return items.length === 0 ? FrozenSet.EMPTY : new FrozenSet(items, undefined, uniformKind(items));
}

/** A set from members the caller guarantees distinct (objects of a partition, cells of a grid): sorted, not hashed. */
export function frozensetOfDistinct(items: Value[], kind: 'pair' | 'cell' | 'other'): FrozenSet {
  if (items.length === 0) return FrozenSet.EMPTY;
  if (kind === 'other') return new FrozenSet(items.sort(naturalCompare), undefined, 'other');
  const packed = packItems(items, kind === 'pair' ? 1 : 2);
  if (packed !== undefined) return FrozenSet.packed(sortDistinct(packed), kind);
  return new FrozenSet(sortByKeys(items, items.map(keyOf) as number[]), undefined, kind);
}

/**
 * A set of disjoint non-empty sets of cells (the objects of a grid, a partition's colours):
 * disjoint sets differ at their first keys, so their natural order is that of those numbers, and
 * no key array is compared past it (with `objects`' in-place sort of small components: a 10 x 10
 * grid's 26 objects 8.9 -> 4.7 us warm, against `naturalCompare` of sets). A member that does not
 * pack (a colour out of the keys' range) sends the set to `frozensetOfDistinct`.
 */
export function frozensetOfDisjoint(items: FrozenSet[]): FrozenSet {
  const n = items.length;
  if (n === 0) return FrozenSet.EMPTY;
  const firsts: number[] = [];
  let sorted = true;
  for (let k = 0; k < n; k++) {
    const keys = items[k].packedKeys();
    if (keys === undefined || keys.length === 0) return frozensetOfDistinct(items, 'other');
    firsts.push(keys[0]);
    if (k > 0 && firsts[k - 1] >= keys[0]) sorted = false;
  }
  if (sorted) return new FrozenSet(items, undefined, 'other');
  const order: number[] = [];
  for (let k = 0; k < n; k++) order.push(k);
  if (n <= 32) {
    for (let k = 1; k < n; k++) {
      const x = order[k], fx = firsts[x];
      let m = k - 1;
      while (m >= 0 && firsts[order[m]] > fx) {
        order[m + 1] = order[m];
        m--;
      }
      order[m + 1] = x;
    }
  } else order.sort((x, y) => firsts[x] - firsts[y]);
  work(n);
  const out: Value[] = [];
  for (let k = 0; k < n; k++) out.push(items[order[k]]);
  return new FrozenSet(out, undefined, 'other');
}

/** countWinner of values that are all integers 0..15 (colours: `mostcommon` of a row), counted in a small array; undefined otherwise. */
function smallWinner(values: readonly Value[], most: boolean): Value | undefined {
  const counts = new Int32Array(16);
  const distinct: number[] = [];
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (typeof v !== 'number' || !(v >= 0 && v < 16) || (v | 0) !== v) return undefined;
    if (counts[v]++ === 0) distinct.push(v);
    if ((k & 4095) === 4095) work(4096);
  }
  return smallCountWinner(distinct, counts, most);
}

/**
 * Among distinct colours 0..15 (in first-appearance order) with their counts, the one counted most
 * (or least); on ties the first in CPython's iteration order of their set. Shared with mostcolor.
 */
export function smallCountWinner(distinct: readonly number[], counts: Int32Array, most: boolean): number {
  const order = smallIntOrder(distinct);
  let best = order[0], bc = counts[best];
  for (let k = 1; k < order.length; k++) {
    const c = counts[order[k]];
    if (most ? c > bc : c < bc) {
      best = order[k];
      bc = c;
    }
  }
  return best;
}

/**
 * Among `values` (not empty), the one counted most (or least) often; on ties
 * the first in the iteration order of the set of distinct values, as
 * Python's `max(set(values), key=values.count)` (shared with mostcolor/leastcolor).
 */
export function countWinner(values: readonly Value[], most: boolean): Value {
  const small = smallWinner(values, most);
  if (small !== undefined) return small;
  const table = new ValueTable();
  const counts: number[] = [];
  for (let k = 0; k < values.length; k++) {
    const i = table.add(values[k]);
    if (i === counts.length) counts.push(1);
    else counts[i]++;
    if ((k & 4095) === 4095) work(4096);
  }
  const distinct = frozenset(values).items;
  let best = distinct[0];
  let bestCount = counts[table.find(best)];
  for (let k = 1; k < distinct.length; k++) {
    if ((k & 4095) === 4095) work(4096);
    const c = counts[table.find(distinct[k])];
    if (most ? c > bestCount : c < bestCount) {
      best = distinct[k];
      bestCount = c;
    }
  }
  return best;
}

/** Python `frozenset(some_set)`: a copy, whose table layout may differ for 5+ integers. */
export function frozensetCopy(s: FrozenSet): FrozenSet {
  if (!isIntegerItems(s.items)) return s;
  return new FrozenSet(cpythonIntOrder(s.items as (number | boolean)[], true), undefined, 'int');
}


// ---------------------------------------------------------------------------
// Canonical encoding (../shared/dsl/README.md)

export function toCanonical(v: Value): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return JSON.stringify(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return '[' + v.map(toCanonical).join(',') + ']';
  if (v instanceof FrozenSet) return '{"set":[' + v.items.map(toCanonical).sort().join(',') + ']}';
  const ref = (v as DslFunction).ref;
  if (ref === undefined) return '{"fn_ref":"<anonymous>"}';
  return encodeRef(ref);
}

function encodeRef(ref: FunctionRef): string {
  if ('fn_ref' in ref) return JSON.stringify(ref);
  const [builder, args] = Object.entries(ref)[0] as [string, Value[]];
  return `{${JSON.stringify(builder)}:[${args.map(toCanonical).join(',')}]}`;
}

export type Json = number | boolean | string | null | Json[] | { [k: string]: Json };

/**
 * Decode a canonical JSON value. Functions are looked up by name in
 * `resolve` (the registry); builder objects call the builder primitive.
 */
export function fromCanonical(j: Json, resolve: (name: string) => DslFunction | undefined): Value {
  if (j === null || typeof j === 'number' || typeof j === 'boolean') return j;
  if (Array.isArray(j)) return j.map((x) => fromCanonical(x, resolve));
  const entries = Object.entries(j);
  if (entries.length !== 1) throw new Error(`cannot decode ${JSON.stringify(j)}`);
  const [tag, body] = entries[0];
  if (tag === 'set') return frozenset((body as Json[]).map((x) => fromCanonical(x, resolve)));
  if (tag === 'fn_ref') {
    const f = resolve(body as string);
    if (!f) throw new Error(`unknown function ${String(body)}`);
    return f;
  }
  const builder = resolve(tag);
  if (!builder || !Array.isArray(body)) throw new Error(`cannot decode ${JSON.stringify(j)}`);
  return builder(...body.map((x) => fromCanonical(x, resolve)));
}

// ---------------------------------------------------------------------------
// Functions

/** Give a JS function its DSL arity (and optionally how it was built). */
export function dslFunction<F extends (...args: any[]) => Value>(f: F, arity: number, ref?: FunctionRef): F & DslFunction {
  // Plain assignments, both always, in one order: programs build functions (compose, fork, rbind...)
  // on every call, and defineProperty cost 10x an assignment (550-770 ns against 60-75 ns per
  // build and call, measured); one shape for all built functions keeps `arity` reads monomorphic.
  const g = f as F & { arity: number; ref?: FunctionRef };
  g.arity = arity;
  g.ref = ref;
  return g as F & DslFunction;
}

/** Call a DSL function with exactly its number of arguments (Python raises TypeError otherwise). */
export function call(f: Value, ...args: Value[]): Value {
  if (typeof f !== 'function') return fail('TypeError', `'${typeName(f)}' object is not callable`);
  const arity = (f as DslFunction).arity;
  if (arity !== undefined && arity !== args.length) {
    return fail('TypeError', `function takes ${arity} positional arguments but ${args.length} were given`);
  }
  tick();
  return (f as DslFunction)(...args);
}
