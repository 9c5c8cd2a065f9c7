// The registry: every primitive's name, group, parameters (with the DSL's
// type names), return type and implementation. The program parser, the
// candidate mutator and the generated docs read this table; nothing else
// keeps a list of primitive names.

import { type DslFunction, type Value, dslFunction } from './values.js';
import * as logic from './logic.js';
import * as containers from './containers.js';
import * as grids from './grids.js';
import * as patches from './patches.js';
import * as higher from './higher.js';

export type Group = 'logic' | 'containers' | 'grids' | 'patches' | 'higher';

/** The DSL's type names (PRIMITIVES.md §1). */
export type TypeName =
  | 'Any' | 'Integer' | 'Boolean' | 'IntegerTuple' | 'Numerical' | 'IntegerSet' | 'Grid' | 'Cell'
  | 'Object' | 'Objects' | 'Indices' | 'IndicesSet' | 'Patch' | 'Element' | 'Piece' | 'TupleTuple'
  | 'Container' | 'ContainerContainer' | 'Callable' | 'FrozenSet' | 'Tuple';

export interface Param {
  readonly name: string;
  readonly type: TypeName;
}

export interface PrimitiveInfo {
  readonly name: string;
  readonly group: Group;
  readonly params: readonly Param[];
  readonly returns: TypeName;
  readonly arity: number;
  readonly signature: string;
  readonly fn: DslFunction;
}

// Signatures in the definition order of PRIMITIVES.md §7, grouped as there.
const SIGNATURES: readonly (readonly [Group, string])[] = [
  // logic
  ['logic', 'identity(x: Any): Any'],
  ['logic', 'add(a: Numerical, b: Numerical): Numerical'],
  ['logic', 'subtract(a: Numerical, b: Numerical): Numerical'],
  ['logic', 'multiply(a: Numerical, b: Numerical): Numerical'],
  ['logic', 'divide(a: Numerical, b: Numerical): Numerical'],
  ['logic', 'invert(n: Numerical): Numerical'],
  ['logic', 'even(n: Integer): Boolean'],
  ['logic', 'double(n: Numerical): Numerical'],
  ['logic', 'halve(n: Numerical): Numerical'],
  ['logic', 'flip(b: Boolean): Boolean'],
  ['logic', 'equality(a: Any, b: Any): Boolean'],
  ['logic', 'greater(a: Integer, b: Integer): Boolean'],
  ['logic', 'both(a: Boolean, b: Boolean): Boolean'],
  ['logic', 'either(a: Boolean, b: Boolean): Boolean'],
  ['logic', 'increment(x: Numerical): Numerical'],
  ['logic', 'decrement(x: Numerical): Numerical'],
  ['logic', 'crement(x: Numerical): Numerical'],
  ['logic', 'sign(x: Numerical): Numerical'],
  ['logic', 'positive(x: Integer): Boolean'],
  ['logic', 'toivec(i: Integer): IntegerTuple'],
  ['logic', 'tojvec(j: Integer): IntegerTuple'],
  ['logic', 'astuple(a: Integer, b: Integer): IntegerTuple'],
  ['logic', 'branch(condition: Boolean, a: Any, b: Any): Any'],
  // containers
  ['containers', 'contained(value: Any, container: Container): Boolean'],
  ['containers', 'combine(a: Container, b: Container): Container'],
  ['containers', 'intersection(a: FrozenSet, b: FrozenSet): FrozenSet'],
  ['containers', 'difference(a: FrozenSet, b: FrozenSet): FrozenSet'],
  ['containers', 'dedupe(tup: Tuple): Tuple'],
  ['containers', 'repeat(item: Any, num: Integer): Tuple'],
  ['containers', 'size(container: Container): Integer'],
  ['containers', 'merge(containers: ContainerContainer): Container'],
  ['containers', 'maximum(container: IntegerSet): Integer'],
  ['containers', 'minimum(container: IntegerSet): Integer'],
  ['containers', 'mostcommon(container: Container): Any'],
  ['containers', 'leastcommon(container: Container): Any'],
  ['containers', 'initset(value: Any): FrozenSet'],
  ['containers', 'totuple(container: FrozenSet): Tuple'],
  ['containers', 'first(container: Container): Any'],
  ['containers', 'last(container: Container): Any'],
  ['containers', 'insert(value: Any, container: FrozenSet): FrozenSet'],
  ['containers', 'remove(value: Any, container: Container): Container'],
  ['containers', 'other(container: Container, value: Any): Any'],
  ['containers', 'interval(start: Integer, stop: Integer, step: Integer): Tuple'],
  ['containers', 'product(a: Container, b: Container): FrozenSet'],
  ['containers', 'pair(a: Tuple, b: Tuple): TupleTuple'],
  ['containers', 'sizefilter(container: Container, n: Integer): FrozenSet'],
  // grids
  ['grids', 'canvas(value: Integer, dimensions: IntegerTuple): Grid'],
  ['grids', 'asindices(grid: Grid): Indices'],
  ['grids', 'ofcolor(grid: Grid, value: Integer): Indices'],
  ['grids', 'index(grid: Grid, loc: IntegerTuple): Integer'],
  ['grids', 'crop(grid: Grid, start: IntegerTuple, dims: IntegerTuple): Grid'],
  ['grids', 'subgrid(patch: Patch, grid: Grid): Grid'],
  ['grids', 'rot90(grid: Grid): Grid'],
  ['grids', 'rot180(grid: Grid): Grid'],
  ['grids', 'rot270(grid: Grid): Grid'],
  ['grids', 'hmirror(piece: Piece): Piece'],
  ['grids', 'vmirror(piece: Piece): Piece'],
  ['grids', 'dmirror(piece: Piece): Piece'],
  ['grids', 'cmirror(piece: Piece): Piece'],
  ['grids', 'fill(grid: Grid, value: Integer, patch: Patch): Grid'],
  ['grids', 'paint(grid: Grid, obj: Object): Grid'],
  ['grids', 'underfill(grid: Grid, value: Integer, patch: Patch): Grid'],
  ['grids', 'underpaint(grid: Grid, obj: Object): Grid'],
  ['grids', 'cover(grid: Grid, patch: Patch): Grid'],
  ['grids', 'move(grid: Grid, obj: Object, offset: IntegerTuple): Grid'],
  ['grids', 'replace(grid: Grid, replacee: Integer, replacer: Integer): Grid'],
  ['grids', 'switch(grid: Grid, a: Integer, b: Integer): Grid'],
  ['grids', 'cellwise(a: Grid, b: Grid, fallback: Integer): Grid'],
  ['grids', 'hupscale(grid: Grid, factor: Integer): Grid'],
  ['grids', 'vupscale(grid: Grid, factor: Integer): Grid'],
  ['grids', 'upscale(element: Element, factor: Integer): Element'],
  ['grids', 'downscale(grid: Grid, factor: Integer): Grid'],
  ['grids', 'hconcat(a: Grid, b: Grid): Grid'],
  ['grids', 'vconcat(a: Grid, b: Grid): Grid'],
  ['grids', 'hsplit(grid: Grid, n: Integer): Tuple'],
  ['grids', 'vsplit(grid: Grid, n: Integer): Tuple'],
  ['grids', 'tophalf(grid: Grid): Grid'],
  ['grids', 'bottomhalf(grid: Grid): Grid'],
  ['grids', 'lefthalf(grid: Grid): Grid'],
  ['grids', 'righthalf(grid: Grid): Grid'],
  ['grids', 'trim(grid: Grid): Grid'],
  ['grids', 'compress(grid: Grid): Grid'],
  ['grids', 'frontiers(grid: Grid): Objects'],
  ['grids', 'objects(grid: Grid, univalued: Boolean, diagonal: Boolean, without_bg: Boolean): Objects'],
  ['grids', 'partition(grid: Grid): Objects'],
  ['grids', 'fgpartition(grid: Grid): Objects'],
  ['grids', 'asobject(grid: Grid): Object'],
  ['grids', 'toobject(patch: Patch, grid: Grid): Object'],
  ['grids', 'palette(element: Element): IntegerSet'],
  ['grids', 'numcolors(element: Element): Integer'],
  ['grids', 'colorcount(element: Element, value: Integer): Integer'],
  ['grids', 'mostcolor(element: Element): Integer'],
  ['grids', 'leastcolor(element: Element): Integer'],
  // patches
  ['patches', 'toindices(patch: Patch): Indices'],
  ['patches', 'recolor(value: Integer, patch: Patch): Object'],
  ['patches', 'shift(patch: Patch, directions: IntegerTuple): Patch'],
  ['patches', 'normalize(patch: Patch): Patch'],
  ['patches', 'ulcorner(patch: Patch): IntegerTuple'],
  ['patches', 'urcorner(patch: Patch): IntegerTuple'],
  ['patches', 'llcorner(patch: Patch): IntegerTuple'],
  ['patches', 'lrcorner(patch: Patch): IntegerTuple'],
  ['patches', 'uppermost(patch: Patch): Integer'],
  ['patches', 'lowermost(patch: Patch): Integer'],
  ['patches', 'leftmost(patch: Patch): Integer'],
  ['patches', 'rightmost(patch: Patch): Integer'],
  ['patches', 'height(piece: Piece): Integer'],
  ['patches', 'width(piece: Piece): Integer'],
  ['patches', 'shape(piece: Piece): IntegerTuple'],
  ['patches', 'portrait(piece: Piece): Boolean'],
  ['patches', 'square(piece: Piece): Boolean'],
  ['patches', 'vline(patch: Patch): Boolean'],
  ['patches', 'hline(patch: Patch): Boolean'],
  ['patches', 'color(obj: Object): Integer'],
  ['patches', 'colorfilter(objs: Objects, value: Integer): Objects'],
  ['patches', 'centerofmass(patch: Patch): IntegerTuple'],
  ['patches', 'center(patch: Patch): IntegerTuple'],
  ['patches', 'position(a: Patch, b: Patch): IntegerTuple'],
  ['patches', 'manhattan(a: Patch, b: Patch): Integer'],
  ['patches', 'adjacent(a: Patch, b: Patch): Boolean'],
  ['patches', 'hmatching(a: Patch, b: Patch): Boolean'],
  ['patches', 'vmatching(a: Patch, b: Patch): Boolean'],
  ['patches', 'bordering(patch: Patch, grid: Grid): Boolean'],
  ['patches', 'dneighbors(loc: IntegerTuple): Indices'],
  ['patches', 'ineighbors(loc: IntegerTuple): Indices'],
  ['patches', 'neighbors(loc: IntegerTuple): Indices'],
  ['patches', 'corners(patch: Patch): Indices'],
  ['patches', 'backdrop(patch: Patch): Indices'],
  ['patches', 'delta(patch: Patch): Indices'],
  ['patches', 'box(patch: Patch): Indices'],
  ['patches', 'inbox(patch: Patch): Indices'],
  ['patches', 'outbox(patch: Patch): Indices'],
  ['patches', 'connect(a: IntegerTuple, b: IntegerTuple): Indices'],
  ['patches', 'shoot(start: IntegerTuple, direction: IntegerTuple): Indices'],
  ['patches', 'vfrontier(location: IntegerTuple): Indices'],
  ['patches', 'hfrontier(location: IntegerTuple): Indices'],
  ['patches', 'gravitate(source: Patch, destination: Patch): IntegerTuple'],
  ['patches', 'occurrences(grid: Grid, obj: Object): Indices'],
  ['patches', 'hperiod(obj: Object): Integer'],
  ['patches', 'vperiod(obj: Object): Integer'],
  // higher
  ['higher', 'compose(outer: Callable, inner: Callable): Callable'],
  ['higher', 'chain(h: Callable, g: Callable, f: Callable): Callable'],
  ['higher', 'fork(outer: Callable, a: Callable, b: Callable): Callable'],
  ['higher', 'matcher(function: Callable, target: Any): Callable'],
  ['higher', 'rbind(function: Callable, fixed: Any): Callable'],
  ['higher', 'lbind(function: Callable, fixed: Any): Callable'],
  ['higher', 'power(function: Callable, n: Integer): Callable'],
  ['higher', 'apply(function: Callable, container: Container): Container'],
  ['higher', 'rapply(functions: Container, value: Any): Container'],
  ['higher', 'mapply(function: Callable, container: ContainerContainer): FrozenSet'],
  ['higher', 'papply(function: Callable, a: Tuple, b: Tuple): Tuple'],
  ['higher', 'mpapply(function: Callable, a: Tuple, b: Tuple): Tuple'],
  ['higher', 'prapply(function: Callable, a: Container, b: Container): FrozenSet'],
  ['higher', 'sfilter(container: Container, condition: Callable): Container'],
  ['higher', 'mfilter(container: Container, function: Callable): FrozenSet'],
  ['higher', 'extract(container: Container, condition: Callable): Any'],
  ['higher', 'order(container: Container, compfunc: Callable): Tuple'],
  ['higher', 'argmax(container: Container, compfunc: Callable): Any'],
  ['higher', 'argmin(container: Container, compfunc: Callable): Any'],
  ['higher', 'valmax(container: Container, compfunc: Callable): Integer'],
  ['higher', 'valmin(container: Container, compfunc: Callable): Integer'],
];

const MODULES: Record<Group, Record<string, unknown>> = { logic, containers, grids, patches, higher };

function parseSignature(group: Group, signature: string): PrimitiveInfo {
  const m = /^(\w+)\((.*)\): (\w+)$/.exec(signature);
  if (!m) throw new Error(`bad signature ${signature}`);
  const [, name, paramText, returns] = m;
  const params = paramText.split(', ').map((p) => {
    const [pname, ptype] = p.split(': ');
    return { name: pname, type: ptype as TypeName };
  });
  const module = MODULES[group];
  // `switch` is a reserved word in JavaScript, so its function is `switch_`.
  const impl = (module[name] ?? module[`${name}_`]) as ((...a: Value[]) => Value) | undefined;
  if (typeof impl !== 'function') throw new Error(`primitive ${name} has no implementation in ${group}`);
  const fn = dslFunction(impl, params.length, { fn_ref: name });
  return { name, group, params, returns: returns as TypeName, arity: params.length, signature, fn };
}

export const registry: ReadonlyMap<string, PrimitiveInfo> = new Map(
  SIGNATURES.map(([group, sig]) => {
    const info = parseSignature(group, sig);
    return [info.name, info] as const;
  }),
);

/** name -> function, for every primitive. */
export const primitives: Readonly<Record<string, DslFunction>> = Object.freeze(
  Object.fromEntries([...registry.values()].map((p) => [p.name, p.fn])),
);

export const isPrimitive = (name: string): boolean => registry.has(name);
