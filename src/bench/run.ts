// Runs a workload's full pipeline in sequential and parallel mode,
// interleaved round by round after a warm-up round. tinybench times every
// repetition; the samples of all rounds are then summarised per mode.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, availableParallelism } from 'node:os';
import path from 'node:path';
import { Bench } from 'tinybench';
import { runTasks, workSize } from '../pipeline/tasks.js';
import { chooseMode, type ModeChoice } from '../exec/auto.js';
import type { Executor, LocalMode as Mode } from '../exec/executor.js';
import { cpuMsSince, sumPhases, type PhaseTiming } from '../timing/phases.js';
import { summarise, outliers, runWarnings, type Summary } from './stats.js';
import type { Workload } from './workloads.js';

export interface RunSample {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly candidates: number;
  /** Program-sample evaluations: scored plus validated. */
  readonly evaluations: number;
  readonly phases: PhaseTiming[];
}

export interface ModeResult {
  readonly mode: Mode;
  readonly workers: number;
  readonly wall: Summary;
  readonly cpu: Summary;
  readonly candidatesPerSec: number;
  readonly evaluationsPerSec: number;
  readonly outliers: number;
  /** Phases of the run whose wall time is the median. */
  readonly medianPhases: PhaseTiming[];
  readonly samples: number[];
}

export interface WorkloadBench {
  readonly workload: string;
  readonly description: string;
  readonly tasks: number;
  readonly candidates: number;
  readonly sequential: ModeResult;
  readonly parallel: ModeResult;
  readonly speedup: number;
  readonly efficiency: number;
  /** The most a pool could give here: see `parallelBound`. */
  readonly bound: ParallelBound;
  /** What --mode auto chooses for this work, and how far its median is from the faster forced mode (1 = as fast). */
  readonly auto: ModeChoice & { readonly vsFastest: number };
  readonly warnings: string[];
}

/** What parallel mode can give at most on this machine, from the sequential run's own CPU use. */
export interface ParallelBound {
  /** Cores the sequential run keeps busy: its process CPU over its wall time (V8's compiler and GC threads run beside the main thread). */
  readonly sequentialCores: number;
  /** Cores the pool can use: its workers, at most the cores this process may run on. */
  readonly cores: number;
  /** cores / sequentialCores: the speedup if the pool did the sequential run's work, no more, on every core it can use. */
  readonly speedup: number;
}

/**
 * The speedup parallel mode cannot exceed: a sequential run is already more than one thread (V8
 * compiles and collects garbage on the other cores while the main thread runs programs), so a pool
 * whose workers keep `cores` cores busy with the same work finishes at best `cores / sequentialCores`
 * times sooner, and never more than `cores` times.
 */
export function parallelBound(sequentialCpuMs: number, sequentialWallMs: number, workers: number, cores = availableParallelism()): ParallelBound {
  const usable = Math.max(1, Math.min(workers, cores));
  const sequentialCores = sequentialWallMs > 0 ? Math.max(1, sequentialCpuMs / sequentialWallMs) : 1;
  return { sequentialCores, cores: usable, speedup: usable / sequentialCores };
}

/** One full run of the workload (every task through every phase), on a fresh store. */
export async function runWorkloadOnce(w: Workload, executor: Executor, timeoutMs: number): Promise<RunSample> {
  const outDir = await mkdtemp(path.join(tmpdir(), 'run-batt-bench-'));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const phases: PhaseTiming[][] = [];
  let candidates = 0;
  try {
    const { reports } = await runTasks(w.tasks, (task) => w.batteries.get(task.id)!, { executor, timeoutMs, outDir, keep: 32 });
    for (const r of reports) {
      phases.push(r.phases);
      candidates += r.candidates;
    }
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
  const wallMs = performance.now() - t0;
  const cpuMs = cpuMsSince(cpu0);
  const summed = sumPhases(phases);
  const evaluations = summed.filter((p) => p.name === 'score samples' || p.name === 'validate').reduce((s, p) => s + p.items, 0);
  return { wallMs, cpuMs, candidates, evaluations, phases: summed };
}

function modeResult(mode: Mode, workers: number, runs: readonly RunSample[], wallSamples: readonly number[]): ModeResult {
  const wall = summarise(wallSamples);
  const cpu = summarise(runs.map((r) => r.cpuMs));
  const medianRun = runs.reduce((best, r, k) => (Math.abs(wallSamples[k] - wall.median) < Math.abs(wallSamples[runs.indexOf(best)] - wall.median) ? r : best), runs[0]);
  return {
    mode,
    workers,
    wall,
    cpu,
    candidatesPerSec: (runs[0].candidates / wall.median) * 1000,
    evaluationsPerSec: (runs[0].evaluations / wall.median) * 1000,
    outliers: outliers(wallSamples, wall),
    medianPhases: medianRun.phases,
    samples: [...wallSamples],
  };
}

export async function benchWorkload(
  w: Workload,
  executors: Record<Mode, Executor>,
  opts: { runs: number; timeoutMs: number; loadBefore?: number; onRound?: (round: number) => void },
): Promise<WorkloadBench> {
  // Warm-up: one discarded run per mode (JIT, worker caches, file system).
  await runWorkloadOnce(w, executors.sequential, opts.timeoutMs);
  await runWorkloadOnce(w, executors.parallel, opts.timeoutMs);

  const runs: Record<Mode, RunSample[]> = { sequential: [], parallel: [] };
  const walls: Record<Mode, number[]> = { sequential: [], parallel: [] };
  for (let round = 0; round < opts.runs; round++) {
    // Interleave, alternating which mode goes first, so drift hits both alike.
    const order: Mode[] = round % 2 === 0 ? ['sequential', 'parallel'] : ['parallel', 'sequential'];
    for (const mode of order) {
      const bench = new Bench({ name: `${w.name} ${mode}`, iterations: 1, time: 0, warmup: false, throws: true });
      bench.add(mode, async () => {
        runs[mode].push(await runWorkloadOnce(w, executors[mode], opts.timeoutMs));
      });
      await bench.run();
      const result = bench.tasks[0].result;
      if (!('latency' in result)) throw new Error(`${w.name} ${mode}: benchmark did not complete (${result.state})`);
      walls[mode].push(result.latency.mean);
    }
    opts.onRound?.(round + 1);
  }
  const sequential = modeResult('sequential', executors.sequential.workers, runs.sequential, walls.sequential);
  const parallel = modeResult('parallel', executors.parallel.workers, runs.parallel, walls.parallel);
  const warnings = runWarnings(opts.loadBefore, availableParallelism(), [sequential, parallel]);
  const speedup = sequential.wall.median / parallel.wall.median;
  const choice = chooseMode('auto', executors.parallel.workers, workSize(w.tasks, (t) => w.batteries.get(t.id)!));
  const chosen = choice.mode === 'parallel' ? parallel : sequential;
  const auto = { ...choice, vsFastest: chosen.wall.median / Math.min(sequential.wall.median, parallel.wall.median) };
  if (auto.vsFastest > 1.1) warnings.push(`--mode auto chose ${choice.mode}, ${((auto.vsFastest - 1) * 100).toFixed(0)} % slower than the faster mode in these warm runs (${choice.reason}); its rule is set for whole processes, which bench --processes times`);
  return {
    workload: w.name,
    description: w.description,
    tasks: w.tasks.length,
    candidates: runs.sequential[0].candidates,
    sequential,
    parallel,
    speedup,
    efficiency: speedup / parallel.workers,
    bound: parallelBound(sequential.cpu.median, sequential.wall.median, parallel.workers),
    auto,
    warnings,
  };
}
