import { describe, expect, it } from 'vitest';
import { runWarnings } from '../../src/bench/stats.js';

describe('runWarnings: hyperfine-style warnings on a benchmark', () => {
  it('warns of a machine loaded above half its cores before the benchmarks started', () => {
    expect(runWarnings(1.5, 2, [])).toEqual(['load average 1.50 on 2 cores before the benchmarks started: other work may distort the figures']);
    expect(runWarnings(0.9, 2, [])).toEqual([]);
    expect(runWarnings(undefined, 2, [])).toEqual([]);
  });

  it('names each mode with outliers, and only those', () => {
    const w = runWarnings(0, 2, [
      { mode: 'sequential', outliers: 0, samples: [1, 2, 3] },
      { mode: 'auto', outliers: 2, samples: [1, 2, 3, 4, 5] },
    ]);
    expect(w).toEqual(['auto: 2 statistical outlier(s) among 5 runs (beyond 3 MADs); consider more --runs on a quiet machine']);
  });
});
