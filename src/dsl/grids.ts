// Grids (PRIMITIVES.md §7.3).
// Pure functions; parameter names and order follow the Python DSL.

import {
  type Value, type Tuple, type Grid, FrozenSet, fail,
  type Integer, type Bool, type IntegerTuple, type Numerical, type IntegerSet, type Patch, type Piece, type Container,
} from './values.js';

/** `canvas(value: Integer, dimensions: IntegerTuple): Grid` */
export function canvas(value: Integer, dimensions: IntegerTuple): Grid {
  return fail('NotImplemented', 'canvas');
}

/** `asindices(grid: Grid): Indices` */
export function asindices(grid: Grid): Patch {
  return fail('NotImplemented', 'asindices');
}

/** `ofcolor(grid: Grid, value: Integer): Indices` */
export function ofcolor(grid: Grid, value: Integer): Patch {
  return fail('NotImplemented', 'ofcolor');
}

/** `index(grid: Grid, loc: IntegerTuple): Integer` */
export function index(grid: Grid, loc: IntegerTuple): Integer {
  return fail('NotImplemented', 'index');
}

/** `crop(grid: Grid, start: IntegerTuple, dims: IntegerTuple): Grid` */
export function crop(grid: Grid, start: IntegerTuple, dims: IntegerTuple): Grid {
  return fail('NotImplemented', 'crop');
}

/** `subgrid(patch: Patch, grid: Grid): Grid` */
export function subgrid(patch: Patch, grid: Grid): Grid {
  return fail('NotImplemented', 'subgrid');
}

/** `rot90(grid: Grid): Grid` */
export function rot90(grid: Grid): Grid {
  return fail('NotImplemented', 'rot90');
}

/** `rot180(grid: Grid): Grid` */
export function rot180(grid: Grid): Grid {
  return fail('NotImplemented', 'rot180');
}

/** `rot270(grid: Grid): Grid` */
export function rot270(grid: Grid): Grid {
  return fail('NotImplemented', 'rot270');
}

/** `hmirror(piece: Piece): Piece` */
export function hmirror(piece: Piece): Piece {
  return fail('NotImplemented', 'hmirror');
}

/** `vmirror(piece: Piece): Piece` */
export function vmirror(piece: Piece): Piece {
  return fail('NotImplemented', 'vmirror');
}

/** `dmirror(piece: Piece): Piece` */
export function dmirror(piece: Piece): Piece {
  return fail('NotImplemented', 'dmirror');
}

/** `cmirror(piece: Piece): Piece` */
export function cmirror(piece: Piece): Piece {
  return fail('NotImplemented', 'cmirror');
}

/** `fill(grid: Grid, value: Integer, patch: Patch): Grid` */
export function fill(grid: Grid, value: Integer, patch: Patch): Grid {
  return fail('NotImplemented', 'fill');
}

/** `paint(grid: Grid, obj: Object): Grid` */
export function paint(grid: Grid, obj: Patch): Grid {
  return fail('NotImplemented', 'paint');
}

/** `underfill(grid: Grid, value: Integer, patch: Patch): Grid` */
export function underfill(grid: Grid, value: Integer, patch: Patch): Grid {
  return fail('NotImplemented', 'underfill');
}

/** `underpaint(grid: Grid, obj: Object): Grid` */
export function underpaint(grid: Grid, obj: Patch): Grid {
  return fail('NotImplemented', 'underpaint');
}

/** `cover(grid: Grid, patch: Patch): Grid` */
export function cover(grid: Grid, patch: Patch): Grid {
  return fail('NotImplemented', 'cover');
}

/** `move(grid: Grid, obj: Object, offset: IntegerTuple): Grid` */
export function move(grid: Grid, obj: Patch, offset: IntegerTuple): Grid {
  return fail('NotImplemented', 'move');
}

/** `replace(grid: Grid, replacee: Integer, replacer: Integer): Grid` */
export function replace(grid: Grid, replacee: Integer, replacer: Integer): Grid {
  return fail('NotImplemented', 'replace');
}

/** `switch(grid: Grid, a: Integer, b: Integer): Grid` */
export function switch_(grid: Grid, a: Integer, b: Integer): Grid {
  return fail('NotImplemented', 'switch');
}

/** `cellwise(a: Grid, b: Grid, fallback: Integer): Grid` */
export function cellwise(a: Grid, b: Grid, fallback: Integer): Grid {
  return fail('NotImplemented', 'cellwise');
}

/** `hupscale(grid: Grid, factor: Integer): Grid` */
export function hupscale(grid: Grid, factor: Integer): Grid {
  return fail('NotImplemented', 'hupscale');
}

/** `vupscale(grid: Grid, factor: Integer): Grid` */
export function vupscale(grid: Grid, factor: Integer): Grid {
  return fail('NotImplemented', 'vupscale');
}

/** `upscale(element: Element, factor: Integer): Element` */
export function upscale(element: Piece, factor: Integer): Piece {
  return fail('NotImplemented', 'upscale');
}

/** `downscale(grid: Grid, factor: Integer): Grid` */
export function downscale(grid: Grid, factor: Integer): Grid {
  return fail('NotImplemented', 'downscale');
}

/** `hconcat(a: Grid, b: Grid): Grid` */
export function hconcat(a: Grid, b: Grid): Grid {
  return fail('NotImplemented', 'hconcat');
}

/** `vconcat(a: Grid, b: Grid): Grid` */
export function vconcat(a: Grid, b: Grid): Grid {
  return fail('NotImplemented', 'vconcat');
}

/** `hsplit(grid: Grid, n: Integer): Tuple` */
export function hsplit(grid: Grid, n: Integer): Tuple {
  return fail('NotImplemented', 'hsplit');
}

/** `vsplit(grid: Grid, n: Integer): Tuple` */
export function vsplit(grid: Grid, n: Integer): Tuple {
  return fail('NotImplemented', 'vsplit');
}

/** `tophalf(grid: Grid): Grid` */
export function tophalf(grid: Grid): Grid {
  return fail('NotImplemented', 'tophalf');
}

/** `bottomhalf(grid: Grid): Grid` */
export function bottomhalf(grid: Grid): Grid {
  return fail('NotImplemented', 'bottomhalf');
}

/** `lefthalf(grid: Grid): Grid` */
export function lefthalf(grid: Grid): Grid {
  return fail('NotImplemented', 'lefthalf');
}

/** `righthalf(grid: Grid): Grid` */
export function righthalf(grid: Grid): Grid {
  return fail('NotImplemented', 'righthalf');
}

/** `trim(grid: Grid): Grid` */
export function trim(grid: Grid): Grid {
  return fail('NotImplemented', 'trim');
}

/** `compress(grid: Grid): Grid` */
export function compress(grid: Grid): Grid {
  return fail('NotImplemented', 'compress');
}

/** `frontiers(grid: Grid): Objects` */
export function frontiers(grid: Grid): FrozenSet {
  return fail('NotImplemented', 'frontiers');
}

/** `objects(grid: Grid, univalued: Boolean, diagonal: Boolean, without_bg: Boolean): Objects` */
export function objects(grid: Grid, univalued: Bool, diagonal: Bool, without_bg: Bool): FrozenSet {
  return fail('NotImplemented', 'objects');
}

/** `partition(grid: Grid): Objects` */
export function partition(grid: Grid): FrozenSet {
  return fail('NotImplemented', 'partition');
}

/** `fgpartition(grid: Grid): Objects` */
export function fgpartition(grid: Grid): FrozenSet {
  return fail('NotImplemented', 'fgpartition');
}

/** `asobject(grid: Grid): Object` */
export function asobject(grid: Grid): Patch {
  return fail('NotImplemented', 'asobject');
}

/** `toobject(patch: Patch, grid: Grid): Object` */
export function toobject(patch: Patch, grid: Grid): Patch {
  return fail('NotImplemented', 'toobject');
}

/** `palette(element: Element): IntegerSet` */
export function palette(element: Piece): IntegerSet {
  return fail('NotImplemented', 'palette');
}

/** `numcolors(element: Element): Integer` */
export function numcolors(element: Piece): Integer {
  return fail('NotImplemented', 'numcolors');
}

/** `colorcount(element: Element, value: Integer): Integer` */
export function colorcount(element: Piece, value: Integer): Integer {
  return fail('NotImplemented', 'colorcount');
}

/** `mostcolor(element: Element): Integer` */
export function mostcolor(element: Piece): Integer {
  return fail('NotImplemented', 'mostcolor');
}

/** `leastcolor(element: Element): Integer` */
export function leastcolor(element: Piece): Integer {
  return fail('NotImplemented', 'leastcolor');
}
