// Patches and objects (PRIMITIVES.md §7.4).
// Pure functions; parameter names and order follow the Python DSL.

import {
  type Value, type Tuple, type Grid, FrozenSet, fail,
  type Integer, type Bool, type IntegerTuple, type Numerical, type IntegerSet, type Patch, type Piece, type Container,
} from './values.js';

/** `toindices(patch: Patch): Indices` */
export function toindices(patch: Patch): Patch {
  return fail('NotImplemented', 'toindices');
}

/** `recolor(value: Integer, patch: Patch): Object` */
export function recolor(value: Integer, patch: Patch): Patch {
  return fail('NotImplemented', 'recolor');
}

/** `shift(patch: Patch, directions: IntegerTuple): Patch` */
export function shift(patch: Patch, directions: IntegerTuple): Patch {
  return fail('NotImplemented', 'shift');
}

/** `normalize(patch: Patch): Patch` */
export function normalize(patch: Patch): Patch {
  return fail('NotImplemented', 'normalize');
}

/** `ulcorner(patch: Patch): IntegerTuple` */
export function ulcorner(patch: Patch): IntegerTuple {
  return fail('NotImplemented', 'ulcorner');
}

/** `urcorner(patch: Patch): IntegerTuple` */
export function urcorner(patch: Patch): IntegerTuple {
  return fail('NotImplemented', 'urcorner');
}

/** `llcorner(patch: Patch): IntegerTuple` */
export function llcorner(patch: Patch): IntegerTuple {
  return fail('NotImplemented', 'llcorner');
}

/** `lrcorner(patch: Patch): IntegerTuple` */
export function lrcorner(patch: Patch): IntegerTuple {
  return fail('NotImplemented', 'lrcorner');
}

/** `uppermost(patch: Patch): Integer` */
export function uppermost(patch: Patch): Integer {
  return fail('NotImplemented', 'uppermost');
}

/** `lowermost(patch: Patch): Integer` */
export function lowermost(patch: Patch): Integer {
  return fail('NotImplemented', 'lowermost');
}

/** `leftmost(patch: Patch): Integer` */
export function leftmost(patch: Patch): Integer {
  return fail('NotImplemented', 'leftmost');
}

/** `rightmost(patch: Patch): Integer` */
export function rightmost(patch: Patch): Integer {
  return fail('NotImplemented', 'rightmost');
}

/** `height(piece: Piece): Integer` */
export function height(piece: Piece): Integer {
  return fail('NotImplemented', 'height');
}

/** `width(piece: Piece): Integer` */
export function width(piece: Piece): Integer {
  return fail('NotImplemented', 'width');
}

/** `shape(piece: Piece): IntegerTuple` */
export function shape(piece: Piece): IntegerTuple {
  return fail('NotImplemented', 'shape');
}

/** `portrait(piece: Piece): Boolean` */
export function portrait(piece: Piece): Bool {
  return fail('NotImplemented', 'portrait');
}

/** `square(piece: Piece): Boolean` */
export function square(piece: Piece): Bool {
  return fail('NotImplemented', 'square');
}

/** `vline(patch: Patch): Boolean` */
export function vline(patch: Patch): Bool {
  return fail('NotImplemented', 'vline');
}

/** `hline(patch: Patch): Boolean` */
export function hline(patch: Patch): Bool {
  return fail('NotImplemented', 'hline');
}

/** `color(obj: Object): Integer` */
export function color(obj: Patch): Integer {
  return fail('NotImplemented', 'color');
}

/** `colorfilter(objs: Objects, value: Integer): Objects` */
export function colorfilter(objs: FrozenSet, value: Integer): FrozenSet {
  return fail('NotImplemented', 'colorfilter');
}

/** `centerofmass(patch: Patch): IntegerTuple` */
export function centerofmass(patch: Patch): IntegerTuple {
  return fail('NotImplemented', 'centerofmass');
}

/** `center(patch: Patch): IntegerTuple` */
export function center(patch: Patch): IntegerTuple {
  return fail('NotImplemented', 'center');
}

/** `position(a: Patch, b: Patch): IntegerTuple` */
export function position(a: Patch, b: Patch): IntegerTuple {
  return fail('NotImplemented', 'position');
}

/** `manhattan(a: Patch, b: Patch): Integer` */
export function manhattan(a: Patch, b: Patch): Integer {
  return fail('NotImplemented', 'manhattan');
}

/** `adjacent(a: Patch, b: Patch): Boolean` */
export function adjacent(a: Patch, b: Patch): Bool {
  return fail('NotImplemented', 'adjacent');
}

/** `hmatching(a: Patch, b: Patch): Boolean` */
export function hmatching(a: Patch, b: Patch): Bool {
  return fail('NotImplemented', 'hmatching');
}

/** `vmatching(a: Patch, b: Patch): Boolean` */
export function vmatching(a: Patch, b: Patch): Bool {
  return fail('NotImplemented', 'vmatching');
}

/** `bordering(patch: Patch, grid: Grid): Boolean` */
export function bordering(patch: Patch, grid: Grid): Bool {
  return fail('NotImplemented', 'bordering');
}

/** `dneighbors(loc: IntegerTuple): Indices` */
export function dneighbors(loc: IntegerTuple): Patch {
  return fail('NotImplemented', 'dneighbors');
}

/** `ineighbors(loc: IntegerTuple): Indices` */
export function ineighbors(loc: IntegerTuple): Patch {
  return fail('NotImplemented', 'ineighbors');
}

/** `neighbors(loc: IntegerTuple): Indices` */
export function neighbors(loc: IntegerTuple): Patch {
  return fail('NotImplemented', 'neighbors');
}

/** `corners(patch: Patch): Indices` */
export function corners(patch: Patch): Patch {
  return fail('NotImplemented', 'corners');
}

/** `backdrop(patch: Patch): Indices` */
export function backdrop(patch: Patch): Patch {
  return fail('NotImplemented', 'backdrop');
}

/** `delta(patch: Patch): Indices` */
export function delta(patch: Patch): Patch {
  return fail('NotImplemented', 'delta');
}

/** `box(patch: Patch): Indices` */
export function box(patch: Patch): Patch {
  return fail('NotImplemented', 'box');
}

/** `inbox(patch: Patch): Indices` */
export function inbox(patch: Patch): Patch {
  return fail('NotImplemented', 'inbox');
}

/** `outbox(patch: Patch): Indices` */
export function outbox(patch: Patch): Patch {
  return fail('NotImplemented', 'outbox');
}

/** `connect(a: IntegerTuple, b: IntegerTuple): Indices` */
export function connect(a: IntegerTuple, b: IntegerTuple): Patch {
  return fail('NotImplemented', 'connect');
}

/** `shoot(start: IntegerTuple, direction: IntegerTuple): Indices` */
export function shoot(start: IntegerTuple, direction: IntegerTuple): Patch {
  return fail('NotImplemented', 'shoot');
}

/** `vfrontier(location: IntegerTuple): Indices` */
export function vfrontier(location: IntegerTuple): Patch {
  return fail('NotImplemented', 'vfrontier');
}

/** `hfrontier(location: IntegerTuple): Indices` */
export function hfrontier(location: IntegerTuple): Patch {
  return fail('NotImplemented', 'hfrontier');
}

/** `gravitate(source: Patch, destination: Patch): IntegerTuple` */
export function gravitate(source: Patch, destination: Patch): IntegerTuple {
  return fail('NotImplemented', 'gravitate');
}

/** `occurrences(grid: Grid, obj: Object): Indices` */
export function occurrences(grid: Grid, obj: Patch): Patch {
  return fail('NotImplemented', 'occurrences');
}

/** `hperiod(obj: Object): Integer` */
export function hperiod(obj: Patch): Integer {
  return fail('NotImplemented', 'hperiod');
}

/** `vperiod(obj: Object): Integer` */
export function vperiod(obj: Patch): Integer {
  return fail('NotImplemented', 'vperiod');
}
