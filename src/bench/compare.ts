// The CI regression gate: compare a bench report with a baseline report.
// A mode regresses when its median wall time is worse than the allowed
// percentage AND the difference is outside the two runs' combined margins
// of error (so noise alone does not fail a build).

import type { WorkloadBench } from './run.js';

export interface BenchReport {
  readonly version: number;
  readonly date: string;
  readonly machine: { readonly cpus: number; readonly model: string; readonly node: string };
  readonly workloads: readonly WorkloadBench[];
  readonly skipped: readonly { readonly name: string; readonly reason: string }[];
  readonly dsl?: readonly { readonly name: string; readonly usPerCall: number; readonly calls: number }[];
}

export interface Regression {
  readonly workload: string;
  readonly mode: 'sequential' | 'parallel';
  readonly baselineMs: number;
  readonly currentMs: number;
  readonly changePct: number;
  /** The phase whose wall time grew most between the two median runs. */
  readonly phase: string;
  readonly phaseDeltaMs: number;
}

export interface Comparison {
  readonly regressions: Regression[];
  /** Workload/mode pairs present in both reports. */
  readonly compared: number;
  readonly lines: string[];
}

export function compareReports(current: BenchReport, baseline: BenchReport, maxRegressionPct: number): Comparison {
  const regressions: Regression[] = [];
  const lines: string[] = [];
  let compared = 0;
  for (const w of current.workloads) {
    const old = baseline.workloads.find((b) => b.workload === w.workload);
    if (!old) continue;
    for (const mode of ['sequential', 'parallel'] as const) {
      const a = old[mode], b = w[mode];
      compared++;
      const change = ((b.wall.median - a.wall.median) / a.wall.median) * 100;
      const margin = a.wall.moe + b.wall.moe;
      const worse = change > maxRegressionPct && b.wall.median - a.wall.median > margin;
      const phaseDelta = b.medianPhases
        .map((p) => ({ name: p.name, delta: p.wallMs - (a.medianPhases.find((q) => q.name === p.name)?.wallMs ?? 0) }))
        .sort((x, y) => y.delta - x.delta)[0] ?? { name: '-', delta: 0 };
      lines.push(`${w.workload} ${mode}: ${a.wall.median.toFixed(1)} ms -> ${b.wall.median.toFixed(1)} ms (${change >= 0 ? '+' : ''}${change.toFixed(1)} %, margins ±${margin.toFixed(1)} ms)${worse ? ` REGRESSION, mostly in '${phaseDelta.name}' (+${phaseDelta.delta.toFixed(1)} ms)` : ''}`);
      if (worse) regressions.push({ workload: w.workload, mode, baselineMs: a.wall.median, currentMs: b.wall.median, changePct: change, phase: phaseDelta.name, phaseDeltaMs: phaseDelta.delta });
    }
  }
  return { regressions, compared, lines };
}
