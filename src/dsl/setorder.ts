// CPython's iteration order for sets of integers (PRIMITIVES.md §5.2).
//
// Programs written against the Python DSL pick "the first" element of a set
// and break ties by iteration order, so for integer sets (colours, sizes) we
// reproduce CPython 3.11's hash-table layout exactly: open addressing with
// 9 linear probes and perturbed re-probing, resizing at 60 % fill.

import { work } from './budget.js';

const LINEAR_PROBES = 9;
const PERTURB_SHIFT = 5n;
const MASK64 = (1n << 64n) - 1n;
const HASH_MODULUS = (1n << 61n) - 1n;

/** hash(int) as CPython's unsigned size_t. */
function hashOf(v: number): bigint {
  let h = BigInt(v);
  const neg = h < 0n;
  if (neg) h = -h;
  h %= HASH_MODULUS;
  if (neg) h = -h;
  if (h === -1n) h = -2n;
  return h & MASK64;
}

type Table = (number | boolean | undefined)[];

/** Tries slot i and, when they fit, the linear probes after it; true when the value was placed. */
function place(table: Table, mask: number, i: number, value: number | boolean): boolean {
  const probes = i + LINEAR_PROBES <= mask ? LINEAR_PROBES : 0;
  for (let k = 0; k <= probes; k++) {
    if (table[i + k] === undefined) {
      table[i + k] = value;
      return true;
    }
  }
  return false;
}

function insertClean(table: Table, mask: number, value: number | boolean): void {
  const v = typeof value === 'boolean' ? (value ? 1 : 0) : value;
  if (v >= 0 && v < 0x40000000 && (v | 0) === v) {
    // hash(v) == v for small non-negative ints: the same probe sequence in plain numbers.
    let perturb = v;
    let i = v & mask;
    while (!place(table, mask, i, value)) {
      perturb >>>= 5;
      i = (i * 5 + 1 + perturb) & mask;
    }
    return;
  }
  const h = hashOf(v);
  let perturb = h;
  let i = Number(h & BigInt(mask));
  while (!place(table, mask, i, value)) {
    perturb >>= PERTURB_SHIFT;
    i = Number((BigInt(i) * 5n + 1n + perturb) & BigInt(mask));
  }
}

function tableSizeFor(minUsed: number): number {
  let size = 8;
  while (size <= minUsed) size <<= 1;
  return size;
}

function rebuild(old: Table, size: number): Table {
  const table: Table = new Array(size);
  for (let k = 0; k < old.length; k++) {
    const v = old[k];
    if (v !== undefined) insertClean(table, size - 1, v);
    if ((k & 4095) === 4095) work(4096);
  }
  return table;
}

/** Layout after inserting distinct values one by one into a new set. */
function layoutOf(values: readonly (number | boolean)[]): Table {
  let table: Table = new Array(8);
  let fill = 0;
  for (let k = 0; k < values.length; k++) {
    insertClean(table, table.length - 1, values[k]);
    fill++;
    if ((fill & 4095) === 0) work(4096); // a set of millions of integers is one long call
    const mask = table.length - 1;
    if (fill * 5 >= mask * 3) table = rebuild(table, tableSizeFor(fill > 50000 ? fill * 2 : fill * 4));
  }
  return table;
}

const smallAscending = (values: readonly (number | boolean)[]) =>
  values.every((v) => typeof v === 'boolean' || (v >= 0 && v < 16));

/** Table size of a set after inserting `n` distinct values one by one. */
function freshTableSize(n: number): number {
  let size = 8;
  for (let fill = 1; fill <= n; fill++) {
    if (fill * 5 >= (size - 1) * 3) size = tableSizeFor(fill > 50000 ? fill * 2 : fill * 4);
  }
  return size;
}

const orderMemo = new Map<number, readonly number[]>();
/** CPython's iteration order of `set(distinct)` for distinct integers 0..15 in insertion order (colours), memoised. */
export function smallIntOrder(distinct: readonly number[]): readonly number[] {
  const n = distinct.length;
  if (n >= 5) return distinct.slice().sort((a, b) => a - b); // one slot per value (§5.2)
  let key = 0;
  for (let k = 0; k < n; k++) key = key * 17 + distinct[k] + 1;
  let o = orderMemo.get(key);
  if (o === undefined) {
    o = cpythonIntOrder(distinct) as number[];
    orderMemo.set(key, o);
  }
  return o;
}

/**
 * Iteration order of a set built by inserting `values` (distinct, in order).
 * With `copied`, `values` is an existing set's iteration order and the result
 * is the order of `frozenset(that_set)`: the same layout when the copy's table
 * has the same size, otherwise the items re-inserted in old slot order.
 */
export function cpythonIntOrder(values: readonly (number | boolean)[], copied = false): (number | boolean)[] {
  const n = values.length;
  // Fast path: 5+ values all below 16 sit one per slot in any table of 16+ slots.
  if (n >= 5 && smallAscending(values)) {
    return [...values].sort((a, b) => Number(a) - Number(b));
  }
  if (copied) {
    const size = n * 5 >= 21 ? tableSizeFor(n * 2) : 8;
    if (size === freshTableSize(n)) return [...values];
    const table: Table = new Array(size);
    for (let k = 0; k < n; k++) {
      insertClean(table, size - 1, values[k]);
      if ((k & 4095) === 4095) work(4096);
    }
    return table.filter((v): v is number | boolean => v !== undefined);
  }
  return layoutOf(values).filter((v): v is number | boolean => v !== undefined);
}
