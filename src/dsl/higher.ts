// Higher-order primitives (PRIMITIVES.md §7.5).
// Pure functions; parameter names and order follow the Python DSL.

import {
  type Value, type Tuple, type Grid, FrozenSet, fail,
  type Integer, type Bool, type IntegerTuple, type Numerical, type IntegerSet, type Patch, type Piece, type Container,
} from './values.js';

/** `compose(outer: Callable, inner: Callable): Callable` */
export function compose(outer: Value, inner: Value): Value {
  return fail('NotImplemented', 'compose');
}

/** `chain(h: Callable, g: Callable, f: Callable): Callable` */
export function chain(h: Value, g: Value, f: Value): Value {
  return fail('NotImplemented', 'chain');
}

/** `fork(outer: Callable, a: Callable, b: Callable): Callable` */
export function fork(outer: Value, a: Value, b: Value): Value {
  return fail('NotImplemented', 'fork');
}

/** `matcher(function: Callable, target: Any): Callable` */
export function matcher(fn: Value, target: Value): Value {
  return fail('NotImplemented', 'matcher');
}

/** `rbind(function: Callable, fixed: Any): Callable` */
export function rbind(fn: Value, fixed: Value): Value {
  return fail('NotImplemented', 'rbind');
}

/** `lbind(function: Callable, fixed: Any): Callable` */
export function lbind(fn: Value, fixed: Value): Value {
  return fail('NotImplemented', 'lbind');
}

/** `power(function: Callable, n: Integer): Callable` */
export function power(fn: Value, n: Integer): Value {
  return fail('NotImplemented', 'power');
}

/** `apply(function: Callable, container: Container): Container` */
export function apply(fn: Value, container: Container): Container {
  return fail('NotImplemented', 'apply');
}

/** `rapply(functions: Container, value: Any): Container` */
export function rapply(functions: Container, value: Value): Container {
  return fail('NotImplemented', 'rapply');
}

/** `mapply(function: Callable, container: ContainerContainer): FrozenSet` */
export function mapply(fn: Value, container: Container): FrozenSet {
  return fail('NotImplemented', 'mapply');
}

/** `papply(function: Callable, a: Tuple, b: Tuple): Tuple` */
export function papply(fn: Value, a: Tuple, b: Tuple): Tuple {
  return fail('NotImplemented', 'papply');
}

/** `mpapply(function: Callable, a: Tuple, b: Tuple): Tuple` */
export function mpapply(fn: Value, a: Tuple, b: Tuple): Tuple {
  return fail('NotImplemented', 'mpapply');
}

/** `prapply(function: Callable, a: Container, b: Container): FrozenSet` */
export function prapply(fn: Value, a: Container, b: Container): FrozenSet {
  return fail('NotImplemented', 'prapply');
}

/** `sfilter(container: Container, condition: Callable): Container` */
export function sfilter(container: Container, condition: Value): Container {
  return fail('NotImplemented', 'sfilter');
}

/** `mfilter(container: Container, function: Callable): FrozenSet` */
export function mfilter(container: Container, fn: Value): FrozenSet {
  return fail('NotImplemented', 'mfilter');
}

/** `extract(container: Container, condition: Callable): Any` */
export function extract(container: Container, condition: Value): Value {
  return fail('NotImplemented', 'extract');
}

/** `order(container: Container, compfunc: Callable): Tuple` */
export function order(container: Container, compfunc: Value): Tuple {
  return fail('NotImplemented', 'order');
}

/** `argmax(container: Container, compfunc: Callable): Any` */
export function argmax(container: Container, compfunc: Value): Value {
  return fail('NotImplemented', 'argmax');
}

/** `argmin(container: Container, compfunc: Callable): Any` */
export function argmin(container: Container, compfunc: Value): Value {
  return fail('NotImplemented', 'argmin');
}

/** `valmax(container: Container, compfunc: Callable): Integer` */
export function valmax(container: Container, compfunc: Value): Integer {
  return fail('NotImplemented', 'valmax');
}

/** `valmin(container: Container, compfunc: Callable): Integer` */
export function valmin(container: Container, compfunc: Value): Integer {
  return fail('NotImplemented', 'valmin');
}
