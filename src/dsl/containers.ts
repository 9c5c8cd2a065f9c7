// Containers (PRIMITIVES.md §7.2).
// Pure functions; parameter names and order follow the Python DSL.

import {
  type Value, type Tuple, type Grid, FrozenSet, fail,
  type Integer, type Bool, type IntegerTuple, type Numerical, type IntegerSet, type Patch, type Piece, type Container,
} from './values.js';

/** `contained(value: Any, container: Container): Boolean` */
export function contained(value: Value, container: Container): Bool {
  return fail('NotImplemented', 'contained');
}

/** `combine(a: Container, b: Container): Container` */
export function combine(a: Container, b: Container): Container {
  return fail('NotImplemented', 'combine');
}

/** `intersection(a: FrozenSet, b: FrozenSet): FrozenSet` */
export function intersection(a: FrozenSet, b: FrozenSet): FrozenSet {
  return fail('NotImplemented', 'intersection');
}

/** `difference(a: FrozenSet, b: FrozenSet): FrozenSet` */
export function difference(a: FrozenSet, b: FrozenSet): FrozenSet {
  return fail('NotImplemented', 'difference');
}

/** `dedupe(tup: Tuple): Tuple` */
export function dedupe(tup: Tuple): Tuple {
  return fail('NotImplemented', 'dedupe');
}

/** `repeat(item: Any, num: Integer): Tuple` */
export function repeat(item: Value, num: Integer): Tuple {
  return fail('NotImplemented', 'repeat');
}

/** `size(container: Container): Integer` */
export function size(container: Container): Integer {
  return fail('NotImplemented', 'size');
}

/** `merge(containers: ContainerContainer): Container` */
export function merge(containers: Container): Container {
  return fail('NotImplemented', 'merge');
}

/** `maximum(container: IntegerSet): Integer` */
export function maximum(container: IntegerSet): Integer {
  return fail('NotImplemented', 'maximum');
}

/** `minimum(container: IntegerSet): Integer` */
export function minimum(container: IntegerSet): Integer {
  return fail('NotImplemented', 'minimum');
}

/** `mostcommon(container: Container): Any` */
export function mostcommon(container: Container): Value {
  return fail('NotImplemented', 'mostcommon');
}

/** `leastcommon(container: Container): Any` */
export function leastcommon(container: Container): Value {
  return fail('NotImplemented', 'leastcommon');
}

/** `initset(value: Any): FrozenSet` */
export function initset(value: Value): FrozenSet {
  return fail('NotImplemented', 'initset');
}

/** `totuple(container: FrozenSet): Tuple` */
export function totuple(container: FrozenSet): Tuple {
  return fail('NotImplemented', 'totuple');
}

/** `first(container: Container): Any` */
export function first(container: Container): Value {
  return fail('NotImplemented', 'first');
}

/** `last(container: Container): Any` */
export function last(container: Container): Value {
  return fail('NotImplemented', 'last');
}

/** `insert(value: Any, container: FrozenSet): FrozenSet` */
export function insert(value: Value, container: FrozenSet): FrozenSet {
  return fail('NotImplemented', 'insert');
}

/** `remove(value: Any, container: Container): Container` */
export function remove(value: Value, container: Container): Container {
  return fail('NotImplemented', 'remove');
}

/** `other(container: Container, value: Any): Any` */
export function other(container: Container, value: Value): Value {
  return fail('NotImplemented', 'other');
}

/** `interval(start: Integer, stop: Integer, step: Integer): Tuple` */
export function interval(start: Integer, stop: Integer, step: Integer): Tuple {
  return fail('NotImplemented', 'interval');
}

/** `product(a: Container, b: Container): FrozenSet` */
export function product(a: Container, b: Container): FrozenSet {
  return fail('NotImplemented', 'product');
}

/** `pair(a: Tuple, b: Tuple): TupleTuple` */
export function pair(a: Tuple, b: Tuple): Tuple {
  return fail('NotImplemented', 'pair');
}

/** `sizefilter(container: Container, n: Integer): FrozenSet` */
export function sizefilter(container: Container, n: Integer): FrozenSet {
  return fail('NotImplemented', 'sizefilter');
}
