// The ARC DSL: values, primitives, constants and the canonical JSON codec.

import { registry } from './registry.js';
import { type Json, type Value, fromCanonical as decode } from './values.js';

export { registry, primitives, isPrimitive, type PrimitiveInfo, type TypeName, type Group, type Param } from './registry.js';
export { constants, constantTable, type ConstantInfo } from './constants.js';
export {
  type Value, type Tuple, type Grid, type DslFunction, type Json, FrozenSet, DslError,
  frozenset, equal, less, truthy, toCanonical, keyOf, call,
} from './values.js';

/** Decode a parsed canonical JSON value into a DSL value (functions resolve through the registry). */
export function fromCanonical(json: Json): Value {
  return decode(json, (name) => registry.get(name)?.fn);
}

export const DSL_VERSION = 'arc-dsl@635de49';
