// Phase "differs": partial credit for outputs that are grids but not exact,
// computed only for the programs that need it (validated, not all exact).
// It ranks near-misses among programs with the same exact count.

import { POINTS_PER_SAMPLE } from '../status.js';
import type { WireGrid } from '../task/grid.js';
import { compareGrids, creditValue } from '../task/credit.js';

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
