// Logic and arithmetic (PRIMITIVES.md §7.1).
// Pure functions; parameter names and order follow the Python DSL.

import {
  type Value, type Tuple, FrozenSet, fail, frozenset, isInt, num, truthy, equal, less, typeName, tuple2, repeatedTo, joined,
  type Integer, type Bool, type IntegerTuple, type Numerical,
} from './values.js';
import { checkSize, work } from './budget.js';

// ---------------------------------------------------------------------------
// Python operators on single values (the items of a pair may be anything).

/** Python `t[k]` on a value that must be a tuple with at least k+1 items. */
function at(t: Value, k: number): Value {
  if (!Array.isArray(t)) return fail('TypeError', `'${typeName(t)}' object is not subscriptable`);
  if (k >= t.length) return fail('IndexError', 'tuple index out of range');
  return t[k];
}

/** -0 -> 0 (Python has no negative zero for ints). */
const norm = (x: number): number => (x === 0 ? 0 : x);

function unsupported(op: string, x: Value, y: Value): never {
  return fail('TypeError', `unsupported operand type(s) for ${op}: '${typeName(x)}' and '${typeName(y)}'`);
}

/** Python `x + y`: numbers add, tuples concatenate. */
function pyAdd(x: Value, y: Value): Value {
  if (isInt(x) && isInt(y)) return num(x) + num(y);
  if (Array.isArray(x) && Array.isArray(y)) {
    if (x.length === 0) return y;
    if (y.length === 0) return x;
    checkSize(x.length + y.length);
    work(x.length + y.length);
    return joined(x, y);
  }
  return unsupported('+', x, y);
}

/** Python `x - y`: numbers subtract, frozensets give their difference. */
function pySub(x: Value, y: Value): Value {
  if (isInt(x) && isInt(y)) return num(x) - num(y);
  if (x instanceof FrozenSet && y instanceof FrozenSet) {
    const out: Value[] = [];
    const items = x.items;
    for (let k = 0; k < items.length; k++) if (!y.has(items[k])) out.push(items[k]);
    return frozenset(out);
  }
  return unsupported('-', x, y);
}

/** n copies of t, by doubling with `concat` (checked against the size cap, and charged step by step). */
function repeatTuple(t: Tuple, n: number): Tuple {
  if (n <= 0 || t.length === 0) return [];
  if (n === 1) return t;
  const total = n * t.length;
  checkSize(total);
  return repeatedTo(t.slice() as Value[], total);
}

/** Python `x * y`: numbers multiply, a tuple times an integer repeats. */
function pyMul(x: Value, y: Value): Value {
  if (isInt(x)) {
    if (isInt(y)) return norm(num(x) * num(y));
    if (Array.isArray(y)) return repeatTuple(y, num(x));
  } else if (Array.isArray(x) && isInt(y)) {
    return repeatTuple(x, num(y));
  }
  return unsupported('*', x, y);
}

/** Python `x // y` on integers (floor division). */
function pyFloorDiv(x: Value, y: Value): Value {
  if (isInt(x) && isInt(y)) {
    const d = num(y);
    if (d === 0) return fail('ZeroDivisionError', 'integer division or modulo by zero');
    return norm(Math.floor(num(x) / d));
  }
  return unsupported('//', x, y);
}

/** The four cases of add/subtract/multiply/divide, tested in the DSL's order. */
function binary(a: Value, b: Value, op: (x: Value, y: Value) => Value): Value {
  if (isInt(a)) {
    if (isInt(b)) return op(a, b);
    return tuple2(op(a, at(b, 0)), op(a, at(b, 1)));
  }
  if (Array.isArray(a) && Array.isArray(b)) return tuple2(op(at(a, 0), at(b, 0)), op(at(a, 1), at(b, 1)));
  return tuple2(op(at(a, 0), b), op(at(a, 1), b));
}

/** `op(n)` for an integer, `(op(n[0]), op(n[1]))` otherwise. */
function unary(n: Value, op: (x: Value) => Value): Value {
  if (isInt(n)) return op(n);
  return tuple2(op(at(n, 0)), op(at(n, 1)));
}

function negate(x: Value): Value {
  if (isInt(x)) return norm(-num(x));
  return fail('TypeError', `bad operand type for unary -: '${typeName(x)}'`);
}

/** Python `x > 0` for an item that must be an integer. */
function intOf(x: Value, op: string): number {
  if (isInt(x)) return num(x);
  return fail('TypeError', `'${op}' not supported between instances of '${typeName(x)}' and 'int'`);
}

function crementItem(x: Value): Value {
  if (isInt(x)) {
    const v = num(x);
    return v === 0 ? 0 : v > 0 ? v + 1 : v - 1;
  }
  return intOf(x, '>');
}

function signItem(x: Value): Value {
  if (isInt(x)) {
    const v = num(x);
    return v === 0 ? 0 : v > 0 ? 1 : -1;
  }
  return intOf(x, '>');
}

const inc = (x: Value): Value => pyAdd(x, 1);
const dec = (x: Value): Value => pySub(x, 1);
const dbl = (x: Value): Value => pyMul(x, 2);
const hlv = (x: Value): Value => pyFloorDiv(x, 2);

// ---------------------------------------------------------------------------
// Primitives

/** `identity(x: Any): Any` */
export function identity(x: Value): Value {
  return x;
}

// Locations of two numbers, the usual operands of the arithmetic below, are computed in place:
// each item read once, one tuple, the same result as the generic path (`binary`, `unary`: only
// the first two items count), which calls an operator function per item. Written out in each
// primitive: a shared helper was not inlined in long runs, where it alone took 4 % of a ten-task run.

/** `add(a: Numerical, b: Numerical): Numerical` */
export function add(a: Numerical, b: Numerical): Numerical {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (Array.isArray(a) && Array.isArray(b) && a.length >= 2 && b.length >= 2) {
    const a0 = a[0], a1 = a[1], b0 = b[0], b1 = b[1];
    if (typeof a0 === 'number' && typeof a1 === 'number' && typeof b0 === 'number' && typeof b1 === 'number') return tuple2(a0 + b0, a1 + b1) as Numerical;
  }
  return binary(a, b, pyAdd) as Numerical;
}

/** `subtract(a: Numerical, b: Numerical): Numerical` */
export function subtract(a: Numerical, b: Numerical): Numerical {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (Array.isArray(a) && Array.isArray(b) && a.length >= 2 && b.length >= 2) {
    const a0 = a[0], a1 = a[1], b0 = b[0], b1 = b[1];
    if (typeof a0 === 'number' && typeof a1 === 'number' && typeof b0 === 'number' && typeof b1 === 'number') return tuple2(a0 - b0, a1 - b1) as Numerical;
  }
  return binary(a, b, pySub) as Numerical;
}

/** `multiply(a: Numerical, b: Numerical): Numerical` */
export function multiply(a: Numerical, b: Numerical): Numerical {
  if (typeof a === 'number') {
    if (typeof b === 'number') return norm(a * b);
    if (Array.isArray(b) && b.length >= 2) {
      const b0 = b[0], b1 = b[1];
      if (typeof b0 === 'number' && typeof b1 === 'number') return tuple2(norm(a * b0), norm(a * b1)) as Numerical;
    }
  } else if (Array.isArray(a) && a.length >= 2) {
    const a0 = a[0], a1 = a[1];
    if (typeof a0 === 'number' && typeof a1 === 'number') {
      if (typeof b === 'number') return tuple2(norm(a0 * b), norm(a1 * b)) as Numerical;
      if (Array.isArray(b) && b.length >= 2) {
        const b0 = b[0], b1 = b[1];
        if (typeof b0 === 'number' && typeof b1 === 'number') return tuple2(norm(a0 * b0), norm(a1 * b1)) as Numerical;
      }
    }
  }
  return binary(a, b, pyMul) as Numerical;
}

/** `divide(a: Numerical, b: Numerical): Numerical` */
export function divide(a: Numerical, b: Numerical): Numerical {
  return binary(a, b, pyFloorDiv) as Numerical;
}

/** `invert(n: Numerical): Numerical` */
export function invert(n: Numerical): Numerical {
  if (typeof n === 'number') return norm(-n);
  if (Array.isArray(n) && n.length >= 2) {
    const a = n[0], b = n[1];
    if (typeof a === 'number' && typeof b === 'number') return tuple2(norm(-a), norm(-b)) as Numerical;
  }
  return unary(n, negate) as Numerical;
}

/** `even(n: Integer): Boolean` */
export function even(n: Integer): Bool {
  if (!isInt(n)) return fail('TypeError', `unsupported operand type(s) for %: '${typeName(n)}' and 'int'`);
  return num(n) % 2 === 0;
}

/** `double(n: Numerical): Numerical` */
export function double(n: Numerical): Numerical {
  if (typeof n === 'number') return n * 2;
  if (Array.isArray(n) && n.length >= 2) {
    const a = n[0], b = n[1];
    if (typeof a === 'number' && typeof b === 'number') return tuple2(norm(a * 2), norm(b * 2)) as Numerical;
  }
  return unary(n, dbl) as Numerical;
}

/** `halve(n: Numerical): Numerical` */
export function halve(n: Numerical): Numerical {
  if (typeof n === 'number') return norm(Math.floor(n / 2));
  if (Array.isArray(n) && n.length >= 2) {
    const a = n[0], b = n[1];
    if (typeof a === 'number' && typeof b === 'number') return tuple2(norm(Math.floor(a / 2)), norm(Math.floor(b / 2))) as Numerical;
  }
  return unary(n, hlv) as Numerical;
}

/** `flip(b: Boolean): Boolean` */
export function flip(b: Bool): Bool {
  return !truthy(b);
}

/** `equality(a: Any, b: Any): Boolean` */
export function equality(a: Value, b: Value): Bool {
  return equal(a, b);
}

/** `greater(a: Integer, b: Integer): Boolean` */
export function greater(a: Value, b: Value): Bool {
  if (typeof a === 'number' && typeof b === 'number') return a > b;
  return less(b, a);
}

/** `both(a: Boolean, b: Boolean): Boolean` */
export function both(a: Bool, b: Bool): Bool {
  return truthy(a) ? b : a;
}

/** `either(a: Boolean, b: Boolean): Boolean` */
export function either(a: Bool, b: Bool): Bool {
  return truthy(a) ? a : b;
}

/** `increment(x: Numerical): Numerical` */
export function increment(x: Numerical): Numerical {
  if (typeof x === 'number') return x + 1;
  if (Array.isArray(x) && x.length >= 2) {
    const a = x[0], b = x[1];
    if (typeof a === 'number' && typeof b === 'number') return tuple2(a + 1, b + 1) as Numerical;
  }
  return unary(x, inc) as Numerical;
}

/** `decrement(x: Numerical): Numerical` */
export function decrement(x: Numerical): Numerical {
  if (typeof x === 'number') return x - 1;
  if (Array.isArray(x) && x.length >= 2) {
    const a = x[0], b = x[1];
    if (typeof a === 'number' && typeof b === 'number') return tuple2(a - 1, b - 1) as Numerical;
  }
  return unary(x, dec) as Numerical;
}

/** `crement(x: Numerical): Numerical` */
export function crement(x: Numerical): Numerical {
  return unary(x, crementItem) as Numerical;
}

/** `sign(x: Numerical): Numerical` */
export function sign(x: Numerical): Numerical {
  if (typeof x === 'number') return x === 0 ? 0 : x > 0 ? 1 : -1;
  if (Array.isArray(x) && x.length >= 2) {
    const a = x[0], b = x[1];
    if (typeof a === 'number' && typeof b === 'number') return tuple2((a === 0 ? 0 : a > 0 ? 1 : -1), (b === 0 ? 0 : b > 0 ? 1 : -1)) as Numerical;
  }
  return unary(x, signItem) as Numerical;
}

/** `positive(x: Integer): Boolean` */
export function positive(x: Integer): Bool {
  return intOf(x, '>') > 0;
}

/** `toivec(i: Integer): IntegerTuple` */
export function toivec(i: Integer): IntegerTuple {
  return tuple2(i, 0);
}

/** `tojvec(j: Integer): IntegerTuple` */
export function tojvec(j: Integer): IntegerTuple {
  return tuple2(0, j);
}

/** `astuple(a: Integer, b: Integer): IntegerTuple` */
export function astuple(a: Value, b: Value): IntegerTuple {
  return tuple2(a, b);
}

/** `branch(condition: Boolean, a: Any, b: Any): Any` */
export function branch(condition: Bool, a: Value, b: Value): Value {
  return truthy(condition) ? a : b;
}
