// Logic and arithmetic (PRIMITIVES.md §7.1).
// Pure functions; parameter names and order follow the Python DSL.

import {
  type Value, type Tuple, type Grid, FrozenSet, fail,
  type Integer, type Bool, type IntegerTuple, type Numerical, type IntegerSet, type Patch, type Piece, type Container,
} from './values.js';

/** `identity(x: Any): Any` */
export function identity(x: Value): Value {
  return fail('NotImplemented', 'identity');
}

/** `add(a: Numerical, b: Numerical): Numerical` */
export function add(a: Numerical, b: Numerical): Numerical {
  return fail('NotImplemented', 'add');
}

/** `subtract(a: Numerical, b: Numerical): Numerical` */
export function subtract(a: Numerical, b: Numerical): Numerical {
  return fail('NotImplemented', 'subtract');
}

/** `multiply(a: Numerical, b: Numerical): Numerical` */
export function multiply(a: Numerical, b: Numerical): Numerical {
  return fail('NotImplemented', 'multiply');
}

/** `divide(a: Numerical, b: Numerical): Numerical` */
export function divide(a: Numerical, b: Numerical): Numerical {
  return fail('NotImplemented', 'divide');
}

/** `invert(n: Numerical): Numerical` */
export function invert(n: Numerical): Numerical {
  return fail('NotImplemented', 'invert');
}

/** `even(n: Integer): Boolean` */
export function even(n: Integer): Bool {
  return fail('NotImplemented', 'even');
}

/** `double(n: Numerical): Numerical` */
export function double(n: Numerical): Numerical {
  return fail('NotImplemented', 'double');
}

/** `halve(n: Numerical): Numerical` */
export function halve(n: Numerical): Numerical {
  return fail('NotImplemented', 'halve');
}

/** `flip(b: Boolean): Boolean` */
export function flip(b: Bool): Bool {
  return fail('NotImplemented', 'flip');
}

/** `equality(a: Any, b: Any): Boolean` */
export function equality(a: Value, b: Value): Bool {
  return fail('NotImplemented', 'equality');
}

/** `greater(a: Integer, b: Integer): Boolean` */
export function greater(a: Integer, b: Integer): Bool {
  return fail('NotImplemented', 'greater');
}

/** `both(a: Boolean, b: Boolean): Boolean` */
export function both(a: Bool, b: Bool): Bool {
  return fail('NotImplemented', 'both');
}

/** `either(a: Boolean, b: Boolean): Boolean` */
export function either(a: Bool, b: Bool): Bool {
  return fail('NotImplemented', 'either');
}

/** `increment(x: Numerical): Numerical` */
export function increment(x: Numerical): Numerical {
  return fail('NotImplemented', 'increment');
}

/** `decrement(x: Numerical): Numerical` */
export function decrement(x: Numerical): Numerical {
  return fail('NotImplemented', 'decrement');
}

/** `crement(x: Numerical): Numerical` */
export function crement(x: Numerical): Numerical {
  return fail('NotImplemented', 'crement');
}

/** `sign(x: Numerical): Numerical` */
export function sign(x: Numerical): Numerical {
  return fail('NotImplemented', 'sign');
}

/** `positive(x: Integer): Boolean` */
export function positive(x: Integer): Bool {
  return fail('NotImplemented', 'positive');
}

/** `toivec(i: Integer): IntegerTuple` */
export function toivec(i: Integer): IntegerTuple {
  return fail('NotImplemented', 'toivec');
}

/** `tojvec(j: Integer): IntegerTuple` */
export function tojvec(j: Integer): IntegerTuple {
  return fail('NotImplemented', 'tojvec');
}

/** `astuple(a: Integer, b: Integer): IntegerTuple` */
export function astuple(a: Integer, b: Integer): IntegerTuple {
  return fail('NotImplemented', 'astuple');
}

/** `branch(condition: Boolean, a: Any, b: Any): Any` */
export function branch(condition: Bool, a: Value, b: Value): Value {
  return fail('NotImplemented', 'branch');
}
