// Higher-order primitives (PRIMITIVES.md §7.5).
// Pure functions; parameter names and order follow the Python DSL.
//
// Speed notes: these wrap every other primitive, so function arguments are
// checked once when a function is built or a container is walked (`unary`,
// `binary`, ...): a DSL function's arity never changes, so a function whose
// arity is right is then called directly, and one whose arity is wrong (or a
// value that is not callable) is replaced by a thrower that raises when it is
// called, exactly when Python would raise its TypeError.

import {
  type Value, type Tuple, FrozenSet, fail, frozenset, frozensetOfSorted, newKeys, equal, less, truthy, itemsOf, dslFunction, typeName, smallInt, tuple2,
  type DslFunction, type FunctionRef, type Integer, type Container,
} from './values.js';
import { checkSize, tick, work } from './budget.js';
import { packedOf, unionKeys } from './packed.js';

type F1 = (x: Value) => Value;
type F2 = (x: Value, y: Value) => Value;
type F3 = (x: Value, y: Value, z: Value) => Value;
type F4 = (x: Value, y: Value, z: Value, w: Value) => Value;

/** Number of parameters of a DSL function (Python's `__code__.co_argcount`). */
function arityOf(f: DslFunction): number {
  const a = f.arity;
  return a === undefined ? f.length : a;
}

function notCallable(f: Value): never {
  return fail('TypeError', `'${typeName(f)}' object is not callable`);
}

/**
 * `f` as a direct callable taking `n` arguments: itself when its arity is `n`,
 * else a function that raises when called (Python's TypeError at call time).
 */
function callable(f: Value, n: number): (...args: Value[]) => Value {
  if (typeof f !== 'function') return () => notCallable(f);
  const a = (f as DslFunction).arity;
  if (a === undefined || a === n) return f as DslFunction;
  return () => fail('TypeError', `function takes ${a} positional arguments but ${n} were given`);
}
const unary = (f: Value) => callable(f, 1) as F1;
const binary = (f: Value) => callable(f, 2) as F2;
const ternary = (f: Value) => callable(f, 3) as F3;
const quaternary = (f: Value) => callable(f, 4) as F4;

/**
 * Python's `type(outer)(e for c in parts for e in c)` (merge, §7.2): the items
 * of every part, flattened into a tuple or a frozenset.
 */
function flatten(parts: readonly Value[], intoSet: boolean): Container {
  if (intoSet && parts.length > 0) {
    const u = unionPacked(parts);
    if (u !== undefined) return u;
  }
  const out: Value[] = [];
  for (let k = 0; k < parts.length; k++) {
    const items = itemsOf(parts[k]);
    checkSize(out.length + items.length);
    for (let m = 0; m < items.length; m++) out.push(items[m]);
    work(items.length + 1);
  }
  return intoSet ? frozenset(out) : out;
}

/** Union of parts that are all packed sets of one kind (locations or cells; empty sets skipped); undefined otherwise. */
function unionPacked(parts: readonly Value[]): FrozenSet | undefined {
  let kind: string | undefined;
  const keys: Float64Array[] = [];
  const sets: FrozenSet[] = [];
  for (let k = 0; k < parts.length; k++) {
    const p = parts[k];
    if (!(p instanceof FrozenSet)) return undefined;
    if (p.size === 0) continue;
    if (kind === undefined) kind = p.kind;
    else if (p.kind !== kind) return undefined;
    const pk = packedOf(p);
    if (pk === undefined) return undefined;
    keys.push(pk);
    sets.push(p);
  }
  if (kind === undefined) return FrozenSet.EMPTY;
  if (keys.length === 1) return parts.find((p) => (p as FrozenSet).size > 0) as FrozenSet;
  return FrozenSet.packed(unionKeys(keys, kind as 'pair' | 'cell', sets), kind as 'pair' | 'cell');
}

/** Python's `a < b` on keys, with a fast path for plain numbers. */
function lt(a: Value, b: Value): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a < b;
  return less(a, b);
}

// ---------------------------------------------------------------------------
// Function builders

/**
 * Python's recursion limit. `power(f, n)` recurses n - 1 times while building;
 * and built functions nest (a `compose` of a `compose` of ...), each level a
 * nested call: a call that would be nested deeper than this raises
 * RecursionError, the same every run, instead of overflowing the JS stack
 * (whose size varies with what the JIT has compiled).
 */
export const RECURSION_LIMIT = 1000;
let depth = 0;

/** One level deeper into built functions (RecursionError past the limit). */
function enter(): void {
  if (depth >= RECURSION_LIMIT) fail('RecursionError', 'maximum recursion depth exceeded');
  depth++;
}

/** `f` as a built DSL function whose calls count towards RECURSION_LIMIT. */
function built<F extends (...args: Value[]) => Value>(f: F, arity: number, ref: FunctionRef): DslFunction {
  const g =
    arity === 1
      ? (x: Value) => { enter(); try { return (f as unknown as F1)(x); } finally { depth--; } }
      : arity === 2
        ? (x: Value, y: Value) => { enter(); try { return (f as unknown as F2)(x, y); } finally { depth--; } }
        : (x: Value, y: Value, z: Value) => { enter(); try { return (f as unknown as F3)(x, y, z); } finally { depth--; } };
  return dslFunction(g, arity, ref);
}

// The builders below write `built`'s wrapper out in their own closure (enter, try, tick, the body,
// finally depth--): one call per level instead of a wrapper calling a body.

/** `compose(outer: Callable, inner: Callable): Callable` */
export function compose(outer: Value, inner: Value): Value {
  const o = unary(outer), i = unary(inner);
  return dslFunction((x: Value) => { enter(); try { tick(); return o(i(x)); } finally { depth--; } }, 1, { compose: [outer, inner] });
}

/** `chain(h: Callable, g: Callable, f: Callable): Callable` */
export function chain(h: Value, g: Value, f: Value): Value {
  const hh = unary(h), gg = unary(g), ff = unary(f);
  return dslFunction((x: Value) => { enter(); try { tick(); return hh(gg(ff(x))); } finally { depth--; } }, 1, { chain: [h, g, f] });
}

/** `fork(outer: Callable, a: Callable, b: Callable): Callable` */
export function fork(outer: Value, a: Value, b: Value): Value {
  const o = binary(outer), fa = unary(a), fb = unary(b);
  return dslFunction((x: Value) => { enter(); try { tick(); return o(fa(x), fb(x)); } finally { depth--; } }, 1, { fork: [outer, a, b] });
}

/** `matcher(function: Callable, target: Any): Callable` */
export function matcher(fn: Value, target: Value): Value {
  const f = unary(fn);
  return dslFunction((x: Value) => { enter(); try { tick(); return equal(f(x), target); } finally { depth--; } }, 1, { matcher: [fn, target] });
}

/** `rbind(function: Callable, fixed: Any): Callable` */
export function rbind(fn: Value, fixed: Value): Value {
  if (typeof fn !== 'function') return fail('AttributeError', `'${typeName(fn)}' object has no attribute '__code__'`);
  const ref = { rbind: [fn, fixed] };
  const n = arityOf(fn as DslFunction);
  if (n === 2) {
    const f = binary(fn);
    return dslFunction((x: Value) => { enter(); try { tick(); return f(x, fixed); } finally { depth--; } }, 1, ref);
  }
  if (n === 3) {
    const f = ternary(fn);
    return dslFunction((x: Value, y: Value) => { enter(); try { tick(); return f(x, y, fixed); } finally { depth--; } }, 2, ref);
  }
  const f = quaternary(fn);
  return dslFunction((x: Value, y: Value, z: Value) => { enter(); try { tick(); return f(x, y, z, fixed); } finally { depth--; } }, 3, ref);
}

/** `lbind(function: Callable, fixed: Any): Callable` */
export function lbind(fn: Value, fixed: Value): Value {
  if (typeof fn !== 'function') return fail('AttributeError', `'${typeName(fn)}' object has no attribute '__code__'`);
  const ref = { lbind: [fn, fixed] };
  const n = arityOf(fn as DslFunction);
  if (n === 2) {
    const f = binary(fn);
    return dslFunction((y: Value) => { enter(); try { tick(); return f(fixed, y); } finally { depth--; } }, 1, ref);
  }
  if (n === 3) {
    const f = ternary(fn);
    return dslFunction((y: Value, z: Value) => { enter(); try { tick(); return f(fixed, y, z); } finally { depth--; } }, 2, ref);
  }
  const f = quaternary(fn);
  return dslFunction((y: Value, z: Value, a: Value) => { enter(); try { tick(); return f(fixed, y, z, a); } finally { depth--; } }, 3, ref);
}

/** `power(function: Callable, n: Integer): Callable` */
export function power(fn: Value, n: Integer): Value {
  // Python: `if n == 1: return function; return compose(function, power(function, n - 1))`.
  if (typeof n !== 'number' && typeof n !== 'boolean') return fail('TypeError', `unsupported operand type(s) for -: '${typeName(n)}' and 'int'`);
  const times = typeof n === 'boolean' ? (n ? 1 : 0) : n;
  if (times === 1) return fn;
  if (times <= 0 || times >= RECURSION_LIMIT) return fail('RecursionError', 'maximum recursion depth exceeded');
  const f = unary(fn);
  return built(
    (x: Value) => {
      let v = f(x);
      for (let k = 1; k < times; k++) {
        tick();
        v = f(v);
      }
      return v;
    },
    1,
    { power: [fn, n] },
  );
}

// ---------------------------------------------------------------------------
// Mapping

/** `apply(function: Callable, container: Container): Container` */
export function apply(fn: Value, container: Container): Container {
  if (Array.isArray(container) && container.length === 2) {
    // A pair (a location, most often): two calls and one tuple, which tuple2 makes a small-integer
    // array when both results are small integers, as the loop below would.
    const f = unary(fn);
    const a = f(container[0]);
    tick();
    const b = f(container[1]);
    tick();
    return tuple2(a, b);
  }
  const items = itemsOf(container);
  const n = items.length;
  let out: Value[] = [];
  if (n > 0) {
    const f = unary(fn);
    // Small integers into a literal that sees nothing else (a tuple of them is a grid row: see
    // rowOf in values.ts); from the first other value on, into a copy by slice.
    for (let k = 0; k < n; k++) {
      const v = f(items[k]);
      tick(); // a primitive passed as the function does not tick: millions of items are one long call
      if (smallInt(v)) out.push(v);
      else {
        out = applyRest(out, v, f, items, k + 1);
        break;
      }
    }
  }
  return container instanceof FrozenSet ? frozenset(out) : out;
}

/** apply's results from item k on, after `head` and `v`, in an array with no allocation site. */
function applyRest(head: Value[], v: Value, f: F1, items: readonly Value[], k: number): Value[] {
  const out = head.slice();
  out.push(v);
  for (let m = k; m < items.length; m++) {
    out.push(f(items[m]));
    tick();
  }
  return out;
}

/** `rapply(functions: Container, value: Any): Container` */
export function rapply(functions: Container, value: Value): Container {
  const items = itemsOf(functions);
  const n = items.length;
  const out: Value[] = [];
  for (let k = 0; k < n; k++) {
    out[k] = unary(items[k])(value);
    tick();
  }
  return functions instanceof FrozenSet ? frozenset(out) : out;
}

/** `mapply(function: Callable, container: ContainerContainer): FrozenSet` */
export function mapply(fn: Value, container: Container): FrozenSet {
  // merge(apply(function, container)). On a frozenset, Python first collects the
  // results into a set (merging equal ones) and flattens that; the union is the
  // same whatever the order, so the results are flattened directly.
  const items = itemsOf(container);
  const n = items.length;
  const parts: Value[] = [];
  if (n > 0) {
    const f = unary(fn);
    for (let k = 0; k < n; k++) {
      parts[k] = f(items[k]);
      tick();
    }
  }
  return flatten(parts, container instanceof FrozenSet) as FrozenSet;
}

/** `papply(function: Callable, a: Tuple, b: Tuple): Tuple` */
export function papply(fn: Value, a: Tuple, b: Tuple): Tuple {
  const xs = itemsOf(a), ys = itemsOf(b);
  const n = Math.min(xs.length, ys.length);
  const out: Value[] = [];
  if (n > 0) {
    const f = binary(fn);
    for (let k = 0; k < n; k++) {
      out[k] = f(xs[k], ys[k]);
      tick();
    }
  }
  return out;
}

/** `mpapply(function: Callable, a: Tuple, b: Tuple): Tuple` */
export function mpapply(fn: Value, a: Tuple, b: Tuple): Tuple {
  return flatten(papply(fn, a, b), false) as Tuple;
}

/** `prapply(function: Callable, a: Container, b: Container): FrozenSet` */
export function prapply(fn: Value, a: Container, b: Container): FrozenSet {
  // Python: frozenset(function(i, j) for j in b for i in a); `a` is only
  // iterated once per item of `b`.
  const ys = itemsOf(b);
  if (ys.length === 0) return FrozenSet.EMPTY;
  const xs = itemsOf(a);
  if (xs.length === 0) return FrozenSet.EMPTY;
  const f = binary(fn);
  checkSize(xs.length * ys.length);
  const out: Value[] = [];
  let k = 0;
  for (let q = 0; q < ys.length; q++) {
    const y = ys[q];
    for (let p = 0; p < xs.length; p++) {
      out[k++] = f(xs[p], y);
      tick();
    }
  }
  return frozenset(out);
}

// ---------------------------------------------------------------------------
// Filtering

function filtered(items: readonly Value[], condition: Value): Value[] {
  const out: Value[] = [];
  const n = items.length;
  if (n > 0) {
    const c = unary(condition);
    for (let k = 0; k < n; k++) {
      const x = items[k];
      if (truthy(c(x))) out.push(x);
      tick();
    }
  }
  return out;
}

/** `sfilter(container: Container, condition: Callable): Container` */
export function sfilter(container: Container, condition: Value): Container {
  if (!(container instanceof FrozenSet)) return filtered(itemsOf(container), condition);
  // The kept members of a set are distinct and in its iteration order: a packed set keeps its kept
  // keys (no tuples packed and checked for order again), a set in natural order its kept members.
  const items = container.items;
  const n = items.length;
  const keys = packedOf(container);
  if (keys !== undefined && n > 0) {
    const c = unary(condition);
    const out = newKeys(n);
    let o = 0;
    for (let k = 0; k < n; k++) {
      if (truthy(c(items[k]))) out[o++] = keys[k];
      tick();
    }
    return o === n ? container : FrozenSet.packed(out.subarray(0, o), container.kind as 'pair' | 'cell');
  }
  const out = filtered(items, condition);
  // An integer set's order is CPython's, which a subset does not keep: rebuilt, as is a mixed set's
  // subset that is integers only.
  if (container.kind === 'int' || (container.kind === 'other' && out.every((x) => typeof x === 'number' || typeof x === 'boolean'))) return frozenset(out);
  return frozensetOfSorted(out);
}

/** `mfilter(container: Container, function: Callable): FrozenSet` */
export function mfilter(container: Container, fn: Value): FrozenSet {
  // merge(sfilter(container, function)); the kept items of a set are distinct
  // already, and a set union does not depend on the order of its parts.
  const kept = filtered(itemsOf(container), fn);
  return flatten(kept, container instanceof FrozenSet) as FrozenSet;
}

/** `extract(container: Container, condition: Callable): Any` */
export function extract(container: Container, condition: Value): Value {
  const items = itemsOf(container);
  const n = items.length;
  if (n > 0) {
    const c = unary(condition);
    for (let k = 0; k < n; k++) {
      const x = items[k];
      if (truthy(c(x))) return x;
      tick();
    }
  }
  return fail('StopIteration', 'extract: no item satisfies the condition');
}

// ---------------------------------------------------------------------------
// Ordering

/** Keys of all items, computed first and in order (as Python's sort and max do). */
function keysOf(items: readonly Value[], compfunc: Value): Value[] {
  const n = items.length;
  const keys: Value[] = [];
  if (n > 0) {
    const f = unary(compfunc);
    for (let k = 0; k < n; k++) {
      keys[k] = f(items[k]);
      tick();
    }
  }
  return keys;
}

/**
 * CPython 3.11's list.sort for fewer than 64 items: one natural run (strictly
 * descending runs are reversed), then binary insertion of the rest, comparing
 * keys with `<` only. For a total order this is simply a stable sort; it also
 * reproduces Python's answer for partially ordered keys (sets).
 * Sorts the index array `idx` in place by `keys`.
 */
function binarySortRun(idx: number[], keys: readonly Value[], lo: number, hi: number, force: number): number {
  // count_run
  let n: number;
  if (lo + 1 === hi) n = 1;
  else {
    n = 2;
    let p = lo + 2;
    if (lt(keys[idx[lo + 1]], keys[idx[lo]])) {
      for (; p < hi && lt(keys[idx[p]], keys[idx[p - 1]]); p++) n++;
      // reverse the strictly descending run
      for (let i = lo, j = lo + n - 1; i < j; i++, j--) {
        const t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
      }
    } else {
      for (; p < hi && !lt(keys[idx[p]], keys[idx[p - 1]]); p++) n++;
    }
  }
  if (n >= force) return n;
  // binarysort(lo, lo + force, lo + n)
  const end = lo + force;
  for (let start = lo + n; start < end; start++) {
    const pivot = idx[start];
    const pk = keys[pivot];
    let l = lo, r = start;
    do {
      const p = l + ((r - l) >> 1);
      if (lt(pk, keys[idx[p]])) r = p;
      else l = p + 1;
    } while (l < r);
    for (let p = start; p > l; p--) idx[p] = idx[p - 1];
    idx[l] = pivot;
  }
  return force;
}

function minRun(n: number): number {
  let r = 0;
  while (n >= 64) {
    r |= n & 1;
    n >>= 1;
  }
  return n + r;
}

/** Stable sort of item indices by key using only `<` (Python's sorted with key=). */
function sortedIndices(keys: readonly Value[]): number[] {
  const n = keys.length;
  const idx: number[] = new Array(n);
  for (let k = 0; k < n; k++) idx[k] = k;
  if (n < 2) return idx;
  const mr = minRun(n);
  // Runs as CPython forms them, then stable pairwise merges.
  const runs: [number, number][] = [];
  for (let lo = 0; lo < n; ) {
    const len = binarySortRun(idx, keys, lo, n, Math.min(mr, n - lo));
    runs.push([lo, lo + len]);
    lo += len;
    work(len);
  }
  let current = runs;
  let buf: number[] = idx;
  while (current.length > 1) {
    const next: [number, number][] = [];
    const out: number[] = new Array(n);
    for (let r = 0; r < current.length; r += 2) {
      if (r + 1 === current.length) {
        const [a0, a1] = current[r];
        for (let k = a0; k < a1; k++) out[k] = buf[k];
        next.push(current[r]);
        continue;
      }
      const [a0, a1] = current[r], [b0, b1] = current[r + 1];
      let i = a0, j = b0, o = a0;
      while (i < a1 && j < b1) {
        if (lt(keys[buf[j]], keys[buf[i]])) out[o++] = buf[j++];
        else out[o++] = buf[i++];
      }
      while (i < a1) out[o++] = buf[i++];
      while (j < b1) out[o++] = buf[j++];
      next.push([a0, b1]);
      work(b1 - a0); // each merge pass is charged: a sort of millions of keys is one long call
    }
    current = next;
    buf = out;
  }
  return buf;
}

/** `order(container: Container, compfunc: Callable): Tuple` */
export function order(container: Container, compfunc: Value): Tuple {
  const items = itemsOf(container);
  const keys = keysOf(items, compfunc);
  const idx = sortedIndices(keys);
  const out: Value[] = [];
  for (let k = 0; k < idx.length; k++) out[k] = items[idx[k]];
  return out;
}

/**
 * Index of the best item (Python's max/min with key=): the first item is kept
 * and replaced only by a strictly greater (max) / smaller (min) key; -1 if empty.
 * The key of the result is left in `bestKey`.
 */
let bestKey: Value = 0;
function bestIndex(items: readonly Value[], compfunc: Value, max: boolean): number {
  const n = items.length;
  if (n === 0) return -1;
  const f = unary(compfunc);
  let best = 0;
  let bk = f(items[0]);
  for (let k = 1; k < n; k++) {
    const key = f(items[k]);
    tick();
    if (typeof key === 'number' && typeof bk === 'number') {
      if (max ? key > bk : key < bk) {
        best = k;
        bk = key;
      }
    } else if (max ? less(bk, key) : less(key, bk)) {
      best = k;
      bk = key;
    }
  }
  bestKey = bk;
  return best;
}

/** `argmax(container: Container, compfunc: Callable): Any` */
export function argmax(container: Container, compfunc: Value): Value {
  const items = itemsOf(container);
  const k = bestIndex(items, compfunc, true);
  if (k < 0) return fail('ValueError', 'max() arg is an empty sequence');
  return items[k];
}

/** `argmin(container: Container, compfunc: Callable): Any` */
export function argmin(container: Container, compfunc: Value): Value {
  const items = itemsOf(container);
  const k = bestIndex(items, compfunc, false);
  if (k < 0) return fail('ValueError', 'min() arg is an empty sequence');
  return items[k];
}

/** `valmax(container: Container, compfunc: Callable): Integer` */
export function valmax(container: Container, compfunc: Value): Integer {
  // Python: compfunc(max(container, key=compfunc, default=0)); the key of the
  // best item is that same value, so it is not computed twice.
  const items = itemsOf(container);
  const k = bestIndex(items, compfunc, true);
  if (k < 0) return unary(compfunc)(0) as Integer;
  return bestKey as Integer;
}

/** `valmin(container: Container, compfunc: Callable): Integer` */
export function valmin(container: Container, compfunc: Value): Integer {
  const items = itemsOf(container);
  const k = bestIndex(items, compfunc, false);
  if (k < 0) return unary(compfunc)(0) as Integer;
  return bestKey as Integer;
}
