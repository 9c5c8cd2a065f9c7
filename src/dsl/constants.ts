// The DSL's named constants (PRIMITIVES.md §3), with their DSL types so the
// parser and the mutator can tell colours from vectors from Booleans.

import type { Value } from './values.js';
import type { TypeName } from './registry.js';

export interface ConstantInfo {
  readonly name: string;
  readonly value: Value;
  readonly type: TypeName;
}

const INTEGERS: readonly [string, number][] = [
  ['ZERO', 0], ['ONE', 1], ['TWO', 2], ['THREE', 3], ['FOUR', 4], ['FIVE', 5], ['SIX', 6],
  ['SEVEN', 7], ['EIGHT', 8], ['NINE', 9], ['TEN', 10], ['NEG_ONE', -1], ['NEG_TWO', -2],
];
const VECTORS: readonly [string, readonly [number, number]][] = [
  ['ORIGIN', [0, 0]], ['UNITY', [1, 1]], ['DOWN', [1, 0]], ['RIGHT', [0, 1]], ['UP', [-1, 0]],
  ['LEFT', [0, -1]], ['NEG_UNITY', [-1, -1]], ['UP_RIGHT', [-1, 1]], ['DOWN_LEFT', [1, -1]],
  ['ZERO_BY_TWO', [0, 2]], ['TWO_BY_ZERO', [2, 0]], ['TWO_BY_TWO', [2, 2]], ['THREE_BY_THREE', [3, 3]],
];

export const constantTable: ReadonlyMap<string, ConstantInfo> = new Map<string, ConstantInfo>([
  ['F', { name: 'F', value: false, type: 'Boolean' }],
  ['T', { name: 'T', value: true, type: 'Boolean' }],
  ...INTEGERS.map(([name, value]) => [name, { name, value, type: 'Integer' as TypeName }] as const),
  ...VECTORS.map(([name, value]) => [name, { name, value: Object.freeze(value) as Value, type: 'IntegerTuple' as TypeName }] as const),
]);

/** name -> value, for every constant. */
export const constants: Readonly<Record<string, Value>> = Object.freeze(
  Object.fromEntries([...constantTable.values()].map((c) => [c.name, c.value])),
);
