// Phase "differs": partial credit for outputs that are grids but not exact,
// computed only for the programs that need it (validated, not all exact).
// It ranks near-misses among programs with the same exact count.

import { POINTS_PER_SAMPLE } from '../status.js';
import type { WireGrid } from '../task/grid.js';

export interface Credit {
  readonly sameShape: boolean;
  /** Fraction of cells equal (0 when the shapes differ). */
  readonly cells: number;
  /** Jaccard overlap of the two palettes. */
  readonly palette: number;
}

export function compareGrids(out: WireGrid, expected: WireGrid): Credit {
  const sameShape = out.h === expected.h && out.w === expected.w;
  let cells = 0;
  if (sameShape) {
    let same = 0;
    for (let k = 0; k < out.cells.length; k++) if (out.cells[k] === expected.cells[k]) same++;
    cells = same / out.cells.length;
  }
  const a = new Set(out.cells), b = new Set(expected.cells);
  let both = 0;
  for (const c of a) if (b.has(c)) both++;
  const palette = both / (a.size + b.size - both);
  return { sameShape, cells, palette };
}

/** One number in [0, 1]: shape 1/4, cells 1/2, palette 1/4. */
export const creditValue = (c: Credit): number => 0.25 * (c.sameShape ? 1 : 0) + 0.5 * c.cells + 0.25 * c.palette;

/**
 * Partial credit in 0..POINTS_PER_SAMPLE-1 over the samples with a known output that were not
 * exact: the mean credit of their outputs (0 where the output was no grid).
 */
export function partialCredit(misses: readonly (WireGrid | null)[], expected: readonly (WireGrid | undefined)[], exact: readonly boolean[]): number {
  let sum = 0, n = 0;
  for (let k = 0; k < expected.length; k++) {
    const want = expected[k];
    if (!want || exact[k]) continue;
    n++;
    const got = misses[k];
    if (got) sum += creditValue(compareGrids(got, want));
  }
  return n === 0 ? 0 : Math.floor((POINTS_PER_SAMPLE - 1) * (sum / n));
}
