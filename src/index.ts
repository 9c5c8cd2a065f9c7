// Library entry point: the DSL for other TypeScript code.
export { primitives, constants, toCanonical, fromCanonical, registry, FrozenSet, frozenset, equal, DSL_VERSION } from './dsl/index.js';
export type { Value, Grid, DslFunction, Json, PrimitiveInfo, TypeName } from './dsl/index.js';
