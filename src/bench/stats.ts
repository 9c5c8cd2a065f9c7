// Statistics of repeated whole-pipeline runs, in tinybench's terms (median,
// p75, relative margin of error at 95 %), plus hyperfine-style outlier
// detection. Samples come from rounds that tinybench timed one at a time,
// because the two modes are interleaved round by round.

export interface Summary {
  readonly n: number;
  readonly mean: number;
  readonly median: number;
  readonly p75: number;
  readonly min: number;
  readonly max: number;
  /** Margin of error (95 %), absolute. */
  readonly moe: number;
  /** Relative margin of error, percent of the mean. */
  readonly rme: number;
  /** Median absolute deviation (unscaled). */
  readonly mad: number;
}

// Two-sided 95 % critical values of Student's t, for 1..30 degrees of freedom.
const T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function summarise(samples: readonly number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const n = s.length;
  const mean = s.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? s.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) : 0;
  const sem = Math.sqrt(variance / n);
  const t = n > 1 ? (T95[n - 2] ?? 1.96) : 0;
  const moe = t * sem;
  const median = quantile(s, 0.5);
  const mad = quantile([...s.map((x) => Math.abs(x - median))].sort((a, b) => a - b), 0.5);
  return { n, mean, median, p75: quantile(s, 0.75), min: s[0], max: s[n - 1], moe, rme: mean === 0 ? 0 : (100 * moe) / mean, mad };
}

/** hyperfine's rule: samples further than 3 scaled MADs from the median are outliers. */
export function outliers(samples: readonly number[], s: Summary): number {
  const scaled = 1.4826 * s.mad;
  if (scaled === 0) return 0;
  return samples.filter((x) => Math.abs(x - s.median) / scaled > 3).length;
}

/** hyperfine's warnings on a benchmark's runs: a machine loaded before it started (load average above half the cores), and outliers per mode. */
export function runWarnings(loadBefore: number | undefined, cores: number, modes: readonly { readonly mode: string; readonly outliers: number; readonly samples: readonly number[] }[]): string[] {
  const warnings: string[] = [];
  if (loadBefore !== undefined && loadBefore > cores * 0.5) {
    warnings.push(`load average ${loadBefore.toFixed(2)} on ${cores} cores before the benchmarks started: other work may distort the figures`);
  }
  for (const m of modes) {
    if (m.outliers > 0) warnings.push(`${m.mode}: ${m.outliers} statistical outlier(s) among ${m.samples.length} runs (beyond 3 MADs); consider more --runs on a quiet machine`);
  }
  return warnings;
}
