// Bench exports for CI: a Markdown table like hyperfine's --export-markdown
// (workload, mode, mean ± σ, min, max, relative to the faster mode), and the
// `customSmallerIsBetter` JSON array ({name, unit, value, range}) that the
// GitHub benchmark action (benchmark-action/github-action-benchmark) reads.

import type { BenchReport } from './compare.js';
import type { ModeResult } from './run.js';
import { roundMs } from '../format.js';

const sd = (xs: readonly number[]): number => {
  if (xs.length < 2) return 0;
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
};

const f1 = (x: number) => x.toFixed(1);

/** One row per workload and mode. Relative: mean over the faster mode's mean, with its propagated error (hyperfine's way). */
export function benchMarkdown(report: BenchReport): string {
  const lines = ['| Workload | Mode | Mean [ms] | Min [ms] | Max [ms] | Relative |', '|:---|:---|---:|---:|---:|---:|'];
  for (const w of report.workloads) {
    const modes: ModeResult[] = [w.sequential, w.parallel];
    const stats = modes.map((m) => ({ m, mean: m.wall.mean, sd: sd(m.samples) }));
    const fastest = stats.reduce((a, b) => (b.mean < a.mean ? b : a));
    for (const s of stats) {
      const rel = s.mean / fastest.mean;
      const relErr = s === fastest ? 0 : rel * Math.sqrt((s.sd / s.mean) ** 2 + (fastest.sd / fastest.mean) ** 2);
      const label = s.m.mode === 'parallel' ? `parallel (${s.m.workers} workers)` : 'sequential';
      lines.push(`| \`${w.workload}\` | ${label} | ${f1(s.mean)} ± ${f1(s.sd)} | ${f1(s.m.wall.min)} | ${f1(s.m.wall.max)} | ${s === fastest ? '1.00' : `${rel.toFixed(2)} ± ${relErr.toFixed(2)}`} |`);
    }
  }
  if (report.workloads.length === 0) lines.push('| (no workload ran) | | | | | |');
  return lines.join('\n') + '\n';
}

export interface GithubBenchEntry {
  readonly name: string;
  readonly unit: string;
  readonly value: number;
  readonly range: string;
  readonly extra?: string;
}

/** Per workload and mode, the median wall time (the figure the --baseline gate compares) with its 95 % margin of error. */
export function benchGithub(report: BenchReport): GithubBenchEntry[] {
  const out: GithubBenchEntry[] = [];
  for (const w of report.workloads) {
    for (const m of [w.sequential, w.parallel]) {
      out.push({
        name: `${w.workload} ${m.mode}`,
        unit: 'ms',
        value: roundMs(m.wall.median),
        range: `± ${m.wall.moe.toFixed(3)}`,
        extra: `${m.wall.n} runs, ${m.workers} worker(s), ${w.candidates} candidates; mean ${f1(m.wall.mean)} ms, min ${f1(m.wall.min)}, max ${f1(m.wall.max)}`,
      });
    }
  }
  return out;
}
