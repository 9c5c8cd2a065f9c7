// Conversions between task grids (JSON lists) and DSL values.

import type { Value } from '../dsl/values.js';
import type { GridData } from './load.js';

/** A task grid as a DSL grid: rows are tuples, so the JSON lists are used as they are. */
export const toDslGrid = (g: GridData): Value => g as unknown as Value;

/** Is `v` a proper ARC grid: 1..30 rows of one length 1..30, integers 0..9 (Booleans are not colours)? */
export function isArcGrid(v: Value): v is readonly (readonly number[])[] {
  if (!Array.isArray(v) || v.length < 1 || v.length > 30) return false;
  const first = v[0];
  if (!Array.isArray(first)) return false;
  const w = first.length;
  if (w < 1 || w > 30) return false;
  // Index loops: the score judge runs this on every output of a battery, mostly while not yet
  // optimised, where for-of goes through the iterator protocol (12 ms of a 630-candidate run).
  for (let i = 0; i < v.length; i++) {
    const row = v[i] as Value;
    if (!Array.isArray(row) || row.length !== w) return false;
    for (let j = 0; j < w; j++) {
      const c = row[j];
      if (typeof c !== 'number' || c < 0 || c > 9 || (c | 0) !== c) return false;
    }
  }
  return true;
}

/** Exact match of a program output against an expected grid. */
export function sameGrid(out: Value, expected: GridData): boolean {
  // One pass, no separate validation: a cell strictly equal to the expected one (an integer 0..9)
  // is that integer, so an output equal cell by cell is a proper grid (a Boolean never is).
  if (!Array.isArray(out) || out.length !== expected.length) return false;
  for (let i = 0; i < expected.length; i++) {
    const a = out[i] as Value, b = expected[i];
    if (!Array.isArray(a) || a.length !== b.length) return false;
    for (let j = 0; j < b.length; j++) if (a[j] !== b[j]) return false;
  }
  return true;
}

/** A grid as it crosses to a worker: dimensions and a flat byte array (cheap to clone). */
export interface WireGrid {
  readonly h: number;
  readonly w: number;
  readonly cells: Uint8Array;
}

export function toWire(g: readonly (readonly number[])[]): WireGrid {
  const h = g.length, w = g[0].length;
  const cells = new Uint8Array(h * w);
  for (let i = 0; i < h; i++) cells.set(g[i], i * w);
  return { h, w, cells };
}

export function fromWire(g: WireGrid): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < g.h; i++) rows[i] = Array.from(g.cells.subarray(i * g.w, (i + 1) * g.w));
  return rows;
}

/**
 * Exact match of a program output against a wire grid, in one pass like `sameGrid`: a cell
 * strictly equal to the expected byte (an integer 0..9) is that integer, so an output equal cell
 * by cell is a proper grid.
 */
export function sameAsWire(out: Value, expected: WireGrid): boolean {
  if (!Array.isArray(out) || out.length !== expected.h) return false;
  const { w, cells } = expected;
  for (let i = 0; i < expected.h; i++) {
    const row = out[i] as Value;
    if (!Array.isArray(row) || row.length !== w) return false;
    for (let j = 0; j < w; j++) if (row[j] !== cells[i * w + j]) return false;
  }
  return true;
}
