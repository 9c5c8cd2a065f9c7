// Containers (PRIMITIVES.md §7.2).
// Pure functions; parameter names and order follow the Python DSL.

import {
  type Value, type Tuple, FrozenSet, fail, frozenset, isInt, num, equal, less, ValueTable, typeName, countWinner, frozensetOfSorted, tuple2, filledRow,
  type Integer, type Bool, type Container, pairKey, packedSet, packedSingleton, PACK_LIMIT, newKeys,
} from './values.js';
import { checkSize, work } from './budget.js';
import { filterKeys, packedKindOf, unionKeys } from './packed.js';

// ---------------------------------------------------------------------------
// Helpers

/** Items of an iterable (tuple or frozenset); anything else raises like Python's iter(). */
function iter(c: Value): readonly Value[] {
  if (Array.isArray(c)) return c;
  if (c instanceof FrozenSet) return c.items;
  return fail('TypeError', `'${typeName(c)}' object is not iterable`);
}

/** Python len(). */
function len(c: Value): number {
  if (Array.isArray(c)) return c.length;
  if (c instanceof FrozenSet) return c.size;
  return fail('TypeError', `object of type '${typeName(c)}' has no len()`);
}

/** Does the set hold only integers/Booleans (so its order is CPython's, §5.2)? */
function isIntSet(s: FrozenSet): boolean {
  const items = s.items;
  for (let k = 0; k < items.length; k++) if (!isInt(items[k])) return false;
  return items.length > 0;
}

/** Membership test `x in c` for any container (equality-based, §2.3). */
function membership(c: Value): (x: Value) => boolean {
  if (c instanceof FrozenSet) return (x) => c.has(x);
  if (Array.isArray(c)) {
    if (c.length <= 8) return (x) => {
      for (let k = 0; k < c.length; k++) if (equal(c[k], x)) return true;
      return false;
    };
    const table = new ValueTable();
    for (let k = 0; k < c.length; k++) table.add(c[k]);
    return (x) => table.find(x) >= 0;
  }
  return (): boolean => fail('TypeError', `argument of type '${typeName(c)}' is not iterable`);
}

/** Python `type(c)(items)` for a tuple or frozenset `c`. */
function sameType(c: Tuple | FrozenSet, items: Value[]): Tuple | FrozenSet {
  return Array.isArray(c) ? items : frozenset(items);
}

function requireContainer(c: Value): Tuple | FrozenSet {
  if (Array.isArray(c) || c instanceof FrozenSet) return c as Tuple | FrozenSet;
  return fail('TypeError', `'${typeName(c)}' object is not iterable`);
}

/** The item whose count wins: first in the distinct items' iteration order on ties. */
function bestByCount(container: Value, most: boolean): Value {
  if (container instanceof FrozenSet) return fail('AttributeError', "'frozenset' object has no attribute 'count'");
  if (!Array.isArray(container)) return fail('TypeError', `'${typeName(container)}' object is not iterable`);
  if (container.length === 0) return fail('ValueError', 'max() arg is an empty sequence');
  return countWinner(container, most);
}


// ---------------------------------------------------------------------------
// Primitives

/** `contained(value: Any, container: Container): Boolean` */
export function contained(value: Value, container: Container): Bool {
  if (container instanceof FrozenSet) return container.has(value);
  if (Array.isArray(container)) {
    for (let k = 0; k < container.length; k++) if (equal(container[k], value)) return true;
    return false;
  }
  return fail('TypeError', `argument of type '${typeName(container)}' is not iterable`);
}

/** `combine(a: Container, b: Container): Container` */
export function combine(a: Container, b: Container): Container {
  if (Array.isArray(a)) {
    const bi = iter(b);
    checkSize(a.length + bi.length);
    if (bi.length === 0) return a;
    if (a.length === 0) return Array.isArray(b) ? b : [...bi];
    return [...a, ...bi];
  }
  if (a instanceof FrozenSet) {
    // Two packed sets of one kind (neither empty): their keys' union, b's members never made.
    const kind = packedKindOf(a, b);
    if (kind !== undefined) {
      return FrozenSet.packed(unionKeys([a.packedKeys()!, (b as FrozenSet).packedKeys()!], kind, [a, b as FrozenSet]), kind);
    }
    const bi = iter(b);
    if (bi.length === 0 && !isIntSet(a)) return a;
    return frozenset([...a.items, ...bi]);
  }
  iter(b); // b's fault first, as before
  return fail('TypeError', `'${typeName(a)}' object is not iterable`);
}

/** `intersection(a: FrozenSet, b: FrozenSet): FrozenSet` */
export function intersection(a: FrozenSet, b: FrozenSet): FrozenSet {
  if (!(a instanceof FrozenSet) || !(b instanceof FrozenSet)) {
    return fail('TypeError', `unsupported operand type(s) for &: '${typeName(a)}' and '${typeName(b)}'`);
  }
  // CPython walks the smaller set (the second one on equal sizes) and keeps its members.
  const [walk, probe] = b.size > a.size ? [a, b] : [b, a];
  const kind = packedKindOf(walk, probe);
  if (kind !== undefined) {
    const keys = filterKeys(walk.packedKeys()!, probe.packedKeys()!, true);
    return keys === walk.packedKeys() ? walk : FrozenSet.packed(keys, kind);
  }
  const out: Value[] = [];
  const items = walk.items;
  for (let k = 0; k < items.length; k++) {
    if (probe.has(items[k])) out.push(items[k]);
    if ((k & 4095) === 4095) work(4096);
  }
  if (out.length === walk.size && !isIntSet(walk)) return walk;
  return frozenset(out);
}

/** `difference(a: FrozenSet, b: FrozenSet): FrozenSet` */
export function difference(a: Container, b: Container): Container {
  const c = requireContainer(a);
  const kind = packedKindOf(c, b);
  if (kind !== undefined) {
    const ka = (c as FrozenSet).packedKeys()!;
    const keys = filterKeys(ka, (b as FrozenSet).packedKeys()!, false);
    return keys === ka ? c : FrozenSet.packed(keys, kind);
  }
  const items = iter(c);
  if (items.length === 0) return c;
  const has = membership(b);
  const out: Value[] = [];
  for (let k = 0; k < items.length; k++) {
    if (!has(items[k])) out.push(items[k]);
    if ((k & 4095) === 4095) work(4096);
  }
  if (c instanceof FrozenSet && out.length === items.length && !isIntSet(c)) return c;
  return sameType(c, out);
}

/** `dedupe(tup: Tuple): Tuple` */
export function dedupe(tup: Tuple): Tuple {
  if (tup instanceof FrozenSet) {
    if (tup.size === 0) return [];
    return fail('AttributeError', "'frozenset' object has no attribute 'index'");
  }
  if (!Array.isArray(tup)) return fail('TypeError', `'${typeName(tup)}' object is not iterable`);
  const seen = new ValueTable();
  const out: Value[] = [];
  for (let k = 0; k < tup.length; k++) {
    if ((k & 4095) === 4095) work(4096);
    // A value's index is the table's size when it is new: each new one is kept.
    if (seen.add(tup[k]) === out.length) out.push(tup[k]);
  }
  return out.length === tup.length ? tup : out;
}

/** `repeat(item: Any, num: Integer): Tuple` */
export function repeat(item: Value, num_: Integer): Tuple {
  if (!isInt(num_)) return fail('TypeError', `'${typeName(num_)}' object cannot be interpreted as an integer`);
  const n = num(num_);
  if (n <= 0) return [];
  checkSize(n);
  return filledRow(n, item); // (a tuple of small integers may be a grid row: it stays a small-integer array)
}

/** `size(container: Container): Integer` */
export function size(container: Container): Integer {
  return len(container);
}

/** `merge(containers: ContainerContainer): Container` */
export function merge(containers: Container): Container {
  const outer = requireContainer(containers);
  const cs = iter(outer);
  const out: Value[] = [];
  for (let k = 0; k < cs.length; k++) {
    const inner = iter(cs[k]);
    checkSize(out.length + inner.length);
    for (let m = 0; m < inner.length; m++) out.push(inner[m]);
  }
  return sameType(outer, out);
}

/** `maximum(container: IntegerSet): Integer` */
export function maximum(container: Container): Value {
  const items = iter(container);
  if (items.length === 0) return 0;
  let best = items[0];
  for (let k = 1; k < items.length; k++) {
    const x = items[k];
    if (typeof x === 'number' && typeof best === 'number' ? x > best : less(best, x)) best = x;
  }
  return best;
}

/** `minimum(container: IntegerSet): Integer` */
export function minimum(container: Container): Value {
  const items = iter(container);
  if (items.length === 0) return 0;
  let best = items[0];
  for (let k = 1; k < items.length; k++) {
    const x = items[k];
    if (typeof x === 'number' && typeof best === 'number' ? x < best : less(x, best)) best = x;
  }
  return best;
}

/** `mostcommon(container: Container): Any` */
export function mostcommon(container: Container): Value {
  return bestByCount(container, true);
}

/** `leastcommon(container: Container): Any` */
export function leastcommon(container: Container): Value {
  return bestByCount(container, false);
}

/** `initset(value: Any): FrozenSet` */
export function initset(value: Value): FrozenSet {
  return packedSingleton(value) ?? frozenset([value]);
}

/** `totuple(container: FrozenSet): Tuple` */
export function totuple(container: Container): Tuple {
  return iter(container);
}

/** `first(container: Container): Any` */
export function first(container: Container): Value {
  // A tuple first: its test is one instance-type check, and tuples are what programs take `first`
  // of most (a location, a pair of objects); the set branch stays out of the tuple's way.
  if (Array.isArray(container)) {
    if (container.length === 0) return fail('StopIteration', 'first of an empty container');
    return container[0];
  }
  if (container instanceof FrozenSet && container.size > 0) return container.member(0);
  const items = iter(container);
  if (items.length === 0) return fail('StopIteration', 'first of an empty container');
  return items[0];
}

/** `last(container: Container): Any` */
export function last(container: Container): Value {
  if (Array.isArray(container)) {
    if (container.length === 0) return fail('ValueError', 'max() arg is an empty sequence');
    return container[container.length - 1];
  }
  if (container instanceof FrozenSet && container.size > 0) return container.member(container.size - 1);
  const items = iter(container);
  if (items.length === 0) return fail('ValueError', 'max() arg is an empty sequence');
  return items[items.length - 1];
}

/** `insert(value: Any, container: FrozenSet): FrozenSet` */
export function insert(value: Value, container: FrozenSet): FrozenSet {
  if (!(container instanceof FrozenSet)) {
    return fail('AttributeError', `'${typeName(container)}' object has no attribute 'union'`);
  }
  if (container.has(value) && !isIntSet(container)) return container;
  return frozenset([...container.items, value]);
}

/** `remove(value: Any, container: Container): Container` */
export function remove(value: Value, container: Container): Container {
  const c = requireContainer(container);
  if (c instanceof FrozenSet && !c.has(value) && !isIntSet(c)) return c;
  const items = iter(c);
  const out: Value[] = [];
  for (let k = 0; k < items.length; k++) if (!equal(items[k], value)) out.push(items[k]);
  return sameType(c, out);
}

/** `other(container: Container, value: Any): Any` */
export function other(container: Container, value: Value): Value {
  return first(remove(value, container));
}

/** `interval(start: Integer, stop: Integer, step: Integer): Tuple` */
export function interval(start: Integer, stop: Integer, step: Integer): Tuple {
  if (!isInt(start) || !isInt(stop) || !isInt(step)) {
    return fail('TypeError', 'range() arguments must be integers');
  }
  const a = num(start), b = num(stop), s = num(step);
  if (s === 0) return fail('ValueError', 'range() arg 3 must not be zero');
  checkSize(Math.ceil((b - a) / s));
  const out: number[] = [];
  if (s > 0) for (let x = a; x < b; x += s) { out.push(x); if ((out.length & 4095) === 0) work(4096); }
  else for (let x = a; x > b; x += s) { out.push(x); if ((out.length & 4095) === 0) work(4096); }
  return out;
}

/** Are all items plain integers within the packed range? */
function smallInts(items: readonly Value[]): boolean {
  for (let k = 0; k < items.length; k++) {
    const x = items[k];
    if (typeof x !== 'number' || (x | 0) !== x || x >= PACK_LIMIT || x <= -PACK_LIMIT) return false;
  }
  return true;
}

/** `product(a: Container, b: Container): FrozenSet` */
export function product(a: Container, b: Container): FrozenSet {
  const bi = iter(b);
  if (bi.length === 0) return FrozenSet.EMPTY;
  const ai = iter(a);
  checkSize(ai.length * bi.length);
  if (ai.length > 0 && smallInts(ai) && smallInts(bi)) {
    // Locations of plain small integers: packed keys, made in sorted order
    // (distinct when both containers are; packedSet sorts otherwise).
    const as = Float64Array.from(ai as number[]).sort(), bs = Float64Array.from(bi as number[]).sort();
    const keys = newKeys(as.length * bs.length);
    let o = 0;
    for (let k = 0; k < as.length; k++) {
      const x = as[k];
      for (let m = 0; m < bs.length; m++) keys[o++] = pairKey(x, bs[m]);
      work(bs.length);
    }
    return packedSet(keys, 'pair');
  }
  const out: Value[] = [];
  if (a instanceof FrozenSet && b instanceof FrozenSet && a.kind !== 'int' && b.kind !== 'int') {
    // Two sets whose members are distinct and in natural order (every set but one of integers):
    // their pairs, a's member first, are distinct and in natural order as made.
    for (let k = 0; k < ai.length; k++) {
      for (let m = 0; m < bi.length; m++) out.push([ai[k], bi[m]]);
      work(bi.length);
    }
    return frozensetOfSorted(out);
  }
  for (let m = 0; m < bi.length; m++) {
    for (let k = 0; k < ai.length; k++) out.push([ai[k], bi[m]]);
    work(ai.length);
  }
  return frozenset(out);
}

/** `pair(a: Tuple, b: Tuple): TupleTuple` */
export function pair(a: Container, b: Container): Tuple {
  const ai = iter(a), bi = iter(b);
  const n = Math.min(ai.length, bi.length);
  const out: Value[] = [];
  for (let k = 0; k < n; k++) out[k] = tuple2(ai[k], bi[k]); // (pairs of small integers stay small-integer arrays)
  return out;
}

/** `sizefilter(container: Container, n: Integer): FrozenSet` */
export function sizefilter(container: Container, n: Value): FrozenSet {
  const items = iter(container);
  const want = isInt(n) ? num(n) : undefined;
  const out: Value[] = [];
  for (let k = 0; k < items.length; k++) {
    const l = len(items[k]);
    if (l === want) out.push(items[k]);
  }
  return frozenset(out);
}
