// How near a wrong output grid is to the expected one: the measure behind
// partial credit (the differs phase) and the search's near-misses.

import { toWire, type WireGrid } from './grid.js';

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
  let colours = 0;
  for (let k = 0; k < out.cells.length; k++) colours |= colourBit(out.cells[k]);
  let palette = maskOverlap(colours, expected.cells);
  if (palette === undefined) {
    const a = new Set(out.cells), b = new Set(expected.cells);
    let both = 0;
    for (const c of a) if (b.has(c)) both++;
    palette = both / (a.size + b.size - both);
  }
  return { sameShape, cells, palette };
}

/**
 * compareGrids of an output that is a proper ARC grid (rows of integers 0..9, as `isArcGrid`
 * tells) against a wire grid, read from its rows: no wire copy of the output. The search credits
 * every first wrong demo of every candidate on every task with it.
 */
export function compareRows(out: readonly (readonly number[])[], expected: WireGrid): Credit {
  const h = out.length, w = out[0].length;
  const sameShape = h === expected.h && w === expected.w;
  let same = 0, colours = 0;
  for (let i = 0; i < h; i++) {
    const row = out[i];
    for (let j = 0; j < w; j++) {
      const c = row[j];
      colours |= 1 << c;
      if (sameShape && c === expected.cells[i * w + j]) same++;
    }
  }
  const palette = maskOverlap(colours, expected.cells);
  if (palette === undefined) return compareGrids(toWire(out), expected);
  return { sameShape, cells: sameShape ? same / (h * w) : 0, palette };
}

/** The bit of a colour in a palette mask: colours 0..30 (ARC's are 0..9); any other sets the sign bit. */
const colourBit = (c: number): number => (c < 31 ? 1 << c : 1 << 31);

const bitCount = (x: number): number => {
  let n = 0;
  for (let y = x >>> 0; y !== 0; y &= y - 1) n++;
  return n;
};

/**
 * Jaccard overlap of a palette given as a mask of colour bits and the colours of `expected`, by
 * masks rather than Sets (this runs per wrong output); undefined when a colour is past 30.
 */
function maskOverlap(colours: number, expected: Uint8Array): number | undefined {
  let other = 0;
  for (let k = 0; k < expected.length; k++) other |= colourBit(expected[k]);
  if ((colours | other) < 0) return undefined;
  const both = bitCount(colours & other);
  return both / (bitCount(colours) + bitCount(other) - both);
}

/** One number in [0, 1]: shape 1/4, cells 1/2, palette 1/4. */
export const creditValue = (c: Credit): number => 0.25 * (c.sameShape ? 1 : 0) + 0.5 * c.cells + 0.25 * c.palette;
