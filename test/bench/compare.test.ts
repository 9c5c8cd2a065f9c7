// The CI regression gate on synthetic reports: within the margin passes, beyond it fails and names the phase.
import { describe, expect, it } from 'vitest';
import { compareReports, type BenchReport } from '../../src/bench/compare.js';
import { summarise } from '../../src/bench/stats.js';
import type { WorkloadBench, ModeResult } from '../../src/bench/run.js';

function mode(name: 'sequential' | 'parallel', samples: number[], phases: Record<string, number>): ModeResult {
  const wall = summarise(samples);
  return {
    mode: name,
    workers: name === 'parallel' ? 2 : 1,
    wall,
    cpu: wall,
    candidatesPerSec: 1,
    evaluationsPerSec: 1,
    outliers: 0,
    medianPhases: Object.entries(phases).map(([n, wallMs]) => ({ name: n, wallMs, taskMs: 0, cpuMs: 0, items: 1 })),
    samples,
  };
}

function report(seq: number[], par: number[], scoreMs: number): BenchReport {
  const w: WorkloadBench = {
    workload: 'large',
    description: 'synthetic',
    tasks: 1,
    candidates: 1000,
    sequential: mode('sequential', seq, { 'score samples': scoreMs, store: 10 }),
    parallel: mode('parallel', par, { 'score samples': scoreMs / 2, store: 10 }),
    speedup: 1,
    efficiency: 0.5,
    warnings: [],
  };
  return { version: 1, date: '', machine: { cpus: 2, model: 'test', node: 'v20' }, workloads: [w], skipped: [] };
}

describe('bench regression gate', () => {
  const baseline = report([100, 101, 99, 100, 102], [60, 61, 59, 60, 60], 80);

  it('passes when the medians stay within the allowed regression', () => {
    const c = compareReports(report([110, 112, 108, 111, 109], [66, 65, 67, 66, 64], 90), baseline, 25);
    expect(c.compared).toBe(2);
    expect(c.regressions).toEqual([]);
  });

  it('passes a large change that is inside the combined margins of error (noise)', () => {
    const noisy = report([60, 200, 130, 90, 170], [40, 120, 75, 60, 100], 100);
    expect(compareReports(noisy, baseline, 25).regressions).toEqual([]);
  });

  it('fails beyond the allowed regression and outside the margins, naming the phase', () => {
    const c = compareReports(report([150, 152, 149, 151, 150], [60, 61, 59, 60, 60], 130), baseline, 25);
    expect(c.regressions).toHaveLength(1);
    expect(c.regressions[0]).toMatchObject({ workload: 'large', mode: 'sequential', phase: 'score samples' });
    expect(c.lines.join('\n')).toMatch(/REGRESSION, mostly in 'score samples'/);
  });

  it('honours --max-regression', () => {
    const slower = report([130, 131, 129, 130, 130], [60, 61, 59, 60, 60], 110);
    expect(compareReports(slower, baseline, 25).regressions).toHaveLength(1);
    expect(compareReports(slower, baseline, 40).regressions).toHaveLength(0);
  });
});
