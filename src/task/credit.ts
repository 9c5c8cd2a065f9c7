// How near a wrong output grid is to the expected one: the measure behind
// partial credit (the differs phase) and the search's near-misses.

import type { WireGrid } from './grid.js';

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
