// `run-batt bench`: whole-pipeline benchmarks, sequential against parallel,
// the CI regression gate, and DSL micro-benchmarks.

import { readFileSync } from 'node:fs';
import { cpus, availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import Table from 'cli-table3';
import { createExecutor, type Executor, type LocalMode as Mode } from '../exec/executor.js';
import { prepareWorkload, type Workload, type WorkloadPaths } from '../bench/workloads.js';
import { ALL_BENCHES, EXTRA_BENCHES, WORKLOADS, type WorkloadName } from '../bench/names.js';
import { thousands } from '../format.js';
import { benchWorkload, type ModeResult, type WorkloadBench } from '../bench/run.js';
import { compareReports, type BenchReport } from '../bench/compare.js';
import { benchPrimitives, type PrimitiveTiming } from '../bench/dsl.js';
import { timeoutPrecision, type TimeoutPrecision } from '../bench/timeout.js';
import { benchLibrary, planLibrary, type LibraryBench } from '../bench/library.js';
import { COMPACT, tableStyle, timingTable } from '../report/run-report.js';
import { style } from '../report/style.js';
import { EXIT, InputError } from '../errors.js';
import { SHIPPED_SOLVERS, SHIPPED_TASKS, type BenchOptions } from '../options.js';
import { checkReportFiles, writeJson } from './common.js';
import { benchGithub, benchMarkdown } from '../bench/export.js';
import { writeFileSync } from 'node:fs';
import { benchProcesses, type ProcessBench } from '../bench/processes.js';

const SHARED = path.resolve(SHIPPED_TASKS, '..', '..', 'shared');

const ms = (x: number) => (x >= 100 ? thousands(Math.round(x)) : x.toFixed(1));

function modeTable(results: readonly ModeResult[], c: ReturnType<typeof style>): string {
  const table = new Table({
    head: ['mode', 'workers', 'wall median', 'p75', '± rme', 'cpu median', 'cpu/wall', 'candidates/s', 'evaluations/s'],
    colAligns: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    chars: COMPACT,
    style: tableStyle(c),
  });
  for (const m of results) {
    table.push([m.mode, m.workers, `${ms(m.wall.median)} ms`, `${ms(m.wall.p75)} ms`, `${m.wall.rme.toFixed(1)} %`, `${ms(m.cpu.median)} ms`, (m.cpu.median / m.wall.median).toFixed(2), thousands(Math.round(m.candidatesPerSec)), thousands(Math.round(m.evaluationsPerSec))]);
  }
  return table.toString();
}

function printWorkload(b: WorkloadBench, runs: number): void {
  const c = style(process.stdout);
  console.log(`\n${c.bold(`bench ${b.workload}`)}: ${b.description}; ${thousands(b.candidates)} candidates; ${runs} run${runs === 1 ? '' : 's'} per mode, interleaved, after a warm-up`);
  console.log(modeTable([b.sequential, b.parallel], c));
  console.log(`speedup ${c.bold(`${b.speedup.toFixed(2)}x`)} on ${b.parallel.workers} workers (efficiency ${(100 * b.efficiency).toFixed(0)} %); --mode auto: ${b.auto.mode} (${b.auto.reason}), ${b.auto.vsFastest.toFixed(2)}x the faster mode's median`);
  console.log(`at most ${b.bound.speedup.toFixed(2)}x here: the sequential run keeps ${b.bound.sequentialCores.toFixed(2)} cores busy (cpu/wall), the pool ${b.bound.cores}`);
  console.log(`phases of the median parallel run:\n${timingTable(b.parallel.medianPhases, c, b.tasks)}`);
  console.log(`phases of the median sequential run:\n${timingTable(b.sequential.medianPhases, c, b.tasks)}`);
  for (const w of b.warnings) console.log(c.yellow(`warning: ${w}`));
}

const fmtMs = (x: number) => (x >= 100 ? `${thousands(Math.round(x))} ms` : x >= 1 ? `${x.toFixed(1)} ms` : `${x.toFixed(3)} ms`);

function printLibrary(b: LibraryBench, c: ReturnType<typeof style>): void {
  const pairs = b.tasks.reduce((a, t) => a + t.pairs, 0);
  console.log(`${c.bold('bench library')}: ${b.tasks.length} tasks, ${pairs} pair runs, solved ${b.solved} / ${b.tasks.length}; time in programs ${fmtMs(b.totalMs.cold)} (first run, cold process)${b.runs > 1 ? `, ${fmtMs(b.totalMs.median)} (per-task medians of ${b.runs} runs)` : ''}`);
  const p = b.python;
  if (p) {
    console.log(`CPython ${p.version} (in-loop, same pairs): ${fmtMs(p.totalMs.cold)}${b.runs > 1 ? ` first run, ${fmtMs(p.totalMs.median)} medians` : ''}; solved ${p.solved} / ${b.tasks.length}`);
    console.log(`ratio (CPython / run-batt): total ${c.bold(`${p.ratio.cold.toFixed(1)}x`)} first run${b.runs > 1 ? `, ${p.ratio.median.toFixed(1)}x medians` : ''}; per task median ${c.bold(`${p.medianTaskRatio.toFixed(2)}x`)}; slower than CPython: ${p.slower.length} task(s)${p.slower.length > 0 ? ` (${p.slower.slice(0, 10).join(', ')}${p.slower.length > 10 ? ', ...' : ''})` : ''}`);
  } else if (b.pythonSkipped) {
    console.log(c.yellow(`CPython side skipped: ${b.pythonSkipped}`));
  }
  const head = ['task', 'pairs', 'solved', 'run-batt', ...(p ? ['CPython', 'ratio'] : [])];
  const table = new Table({ head, colAligns: ['left', 'right', 'center', 'right', 'right', 'right'], chars: COMPACT, style: { head: c.level > 0 ? ['cyan'] : [], border: [] } });
  for (const t of [...b.tasks].sort((x, y) => y.ms - x.ms).slice(0, 10)) {
    table.push([t.id, t.pairs, t.solved ? 'yes' : 'no', fmtMs(t.ms), ...(p ? [t.python ? fmtMs(t.python.ms) : '-', t.ratio !== undefined ? `${t.ratio.toFixed(2)}x` : '-'] : [])]);
  }
  console.log(`the slowest tasks${b.runs > 1 ? ` (medians of ${b.runs} runs)` : ''}:\n${table.toString()}`);
}

function printProcesses(b: ProcessBench, runs: number): void {
  const c = style(process.stdout);
  const per = b.processes === 1 ? 'one run-batt process per run' : `${b.processes} run-batt processes per run (one per battery), timed together`;
  console.log(`\n${c.bold(`bench ${b.workload}, as processes`)}: ${b.description}; ${per}; ${runs} run${runs === 1 ? '' : 's'} per mode, interleaved, after a discarded run of each`);
  // The CPU of each mode's first run, and by thread where the platform gives it (Linux): what the main thread, the pool's workers and the other threads spent.
  const byThread = b.modes.every((m) => m.cpu.threadCpu);
  const table = new Table({
    head: ['mode', 'wall median', 'min', 'max', 'p75', '± rme', 'cpu', ...(byThread ? ['main', 'workers', 'other threads'] : [])],
    colAligns: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    chars: COMPACT,
    style: tableStyle(c),
  });
  for (const m of b.modes) {
    const t = m.cpu.threadCpu;
    // A run in the main thread has no workers: '-', not 0.0 ms.
    table.push([m.mode, `${ms(m.wall.median)} ms`, `${ms(m.wall.min)} ms`, `${ms(m.wall.max)} ms`, `${ms(m.wall.p75)} ms`, `${m.wall.rme.toFixed(1)} %`, `${ms(m.cpu.cpuMs)} ms`, ...(t ? [`${ms(t.mainMs)} ms`, t.workers > 0 ? `${ms(t.workersMs)} ms` : '-', `${ms(t.otherMs)} ms`] : [])]);
  }
  console.log(table.toString());
  console.log(c.dim(`cpu: user + system from the run's start (Node's and the CLI's own start-up not counted), in each mode's first run (not timed: it writes a --json report, the timed runs do not)${byThread ? "; by thread: the main thread, the pool's workers, the others (V8's compiler and garbage collector, libuv)" : ''}`));
  const ran = [...new Set(b.auto.modes)].map((m) => `${m}${b.processes > 1 ? ` x${b.auto.modes.filter((x) => x === m).length}` : ''}`).join(', ');
  console.log(`speedup ${c.bold(`${b.speedup.toFixed(2)}x`)} (sequential / parallel, ${b.workers} workers); --mode auto ran ${ran}${b.processes === 1 ? ` (${b.auto.reasons[0]})` : ''}, ${b.auto.vsFastest.toFixed(2)}x the faster forced mode's median`);
  for (const w of b.warnings) console.log(c.yellow(`warning: ${w}`));
}

/** The pipeline workloads, prepared one at a time; those that cannot run (data absent) are reported as skipped. */
async function* prepared(names: readonly WorkloadName[], paths: WorkloadPaths, skipped: { name: string; reason: string }[], c: ReturnType<typeof style>): AsyncGenerator<Workload> {
  for (const name of names) {
    const w = await prepareWorkload(name, paths);
    if ('skipped' in w) {
      console.log(c.yellow(`\nbench ${name}: skipped (${w.skipped})`));
      skipped.push({ name, reason: w.skipped });
      continue;
    }
    yield w;
  }
}

export async function benchCommand(opts: BenchOptions): Promise<number> {
  const known = [...ALL_BENCHES, ...EXTRA_BENCHES] as readonly string[];
  const wanted = opts.workloads ?? (opts.library ? ['library'] : [...ALL_BENCHES]);
  for (const w of wanted) if (!known.includes(w)) throw new InputError(`unknown workload '${w}' (${known.join(', ')})`);
  if (wanted.includes('library') && !opts.library?.length) throw new InputError('the library workload needs --library DIR (arc-dsl-format solver files)');
  if (opts.python !== undefined && !wanted.includes('library')) throw new InputError('--python is for the library workload (--workload library --library DIR)');
  if (opts.processes && (opts.baseline || opts.outputs.exportMarkdown || opts.outputs.exportGithub)) {
    throw new InputError('--baseline, --export-markdown and --export-github compare the in-process runs: not with --processes');
  }
  await checkReportFiles(opts.outputs);
  let baseline: BenchReport | undefined;
  if (opts.baseline) {
    try {
      baseline = JSON.parse(readFileSync(opts.baseline, 'utf8'));
    } catch (e) {
      throw new InputError(`cannot read the baseline ${opts.baseline}: ${(e as Error).message}`);
    }
  }
  const c = style(process.stdout);
  // Taken before we start: our own runs raise the load average afterwards.
  const loadBefore = loadavg()[0];
  const machine = { cpus: availableParallelism(), model: cpus()[0]?.model ?? 'unknown', node: process.version };
  console.log(c.dim(`machine: ${machine.cpus} x ${machine.model}, Node ${machine.node}`));

  const report: {
    version: number;
    date: string;
    machine: typeof machine;
    pool?: { workers: number; startMs: number };
    timeout?: TimeoutPrecision;
    workloads: WorkloadBench[];
    processes?: ProcessBench[];
    skipped: { name: string; reason: string }[];
    dsl?: PrimitiveTiming[];
    library?: LibraryBench;
  } = {
    version: 1,
    date: new Date().toISOString(),
    machine,
    workloads: [],
    skipped: [],
  };
  if (wanted.includes('library')) {
    const data = opts.data ?? SHIPPED_TASKS;
    let plan;
    try {
      plan = await planLibrary(opts.library!, data);
    } catch (e) {
      throw new InputError((e as Error).message);
    }
    console.log(c.dim(`\nbench library: ${plan.runs.length} solver(s) from ${opts.library!.join(', ')} on their tasks in ${data}; ${opts.runs} run(s)${opts.python ? `, and under python3 with ${opts.python}` : ''}...`));
    const lib = benchLibrary(plan, { library: opts.library!, data, runs: opts.runs, timeoutMs: opts.timeoutMs, python: opts.python });
    report.library = lib;
    printLibrary(lib, c);
  }
  const pipelines = wanted.filter((w): w is WorkloadName => (WORKLOADS as readonly string[]).includes(w));
  const paths = { tasks: SHIPPED_TASKS, solvers: SHIPPED_SOLVERS, arc: opts.data ?? path.join(SHARED, 'arc', 'arc-agi-1', 'training'), arcDsl: path.join(SHARED, 'arc-dsl', 'solvers.py') };
  if (pipelines.length > 0 && opts.processes) {
    report.processes = [];
    for await (const w of prepared(pipelines, paths, report.skipped, c)) {
      const b = await benchProcesses(w, { runs: opts.runs, timeoutMs: opts.timeoutMs, workers: opts.workers, loadBefore });
      report.processes.push(b);
      printProcesses(b, opts.runs);
    }
  } else if (pipelines.length > 0) {
    const executors: Record<Mode, Executor> = {
      sequential: createExecutor('sequential'),
      parallel: createExecutor('parallel', { workers: opts.workers }),
    };
    try {
      const t0 = performance.now();
      await executors.parallel.start();
      report.pool = { workers: executors.parallel.workers, startMs: performance.now() - t0 };
      console.log(`pool start + warm: ${report.pool.startMs.toFixed(1)} ms (${report.pool.workers} workers)`);
      report.timeout = await timeoutPrecision(executors.parallel);
      console.log(`timeout enforcement: a runaway under a ${report.timeout.limitMs} ms limit stops ${report.timeout.mainOvershootMs.toFixed(1)} ms past it in the main thread, ${report.timeout.workerOvershootMs.toFixed(1)} ms in a worker (round trip included)`);
      for await (const w of prepared(pipelines, paths, report.skipped, c)) {
        const b = await benchWorkload(w, executors, { runs: opts.runs, timeoutMs: opts.timeoutMs, loadBefore });
        report.workloads.push(b);
        printWorkload(b, opts.runs);
      }
    } finally {
      await executors.parallel.close();
    }
  }
  if (wanted.includes('dsl')) {
    const file = path.join(SHARED, 'dsl', 'conformance.json');
    try {
      const timings = await benchPrimitives(file);
      report.dsl = timings;
      console.log(`\n${c.bold('bench dsl')}: per-call time of each primitive on the arguments recorded from arc-dsl's solvers on real ARC grids; the 20 most expensive:`);
      const table = new Table({ head: ['primitive', 'µs / call', 'recorded calls'], colAligns: ['left', 'right', 'right'], chars: COMPACT, style: { head: c.level > 0 ? ['cyan'] : [], border: [] } });
      for (const t of timings.slice(0, 20)) table.push([t.name, t.usPerCall.toFixed(2), t.calls]);
      console.log(table.toString());
    } catch (e) {
      console.log(c.yellow(`\nbench dsl: skipped (${(e as NodeJS.ErrnoException).code === 'ENOENT' ? `${file} not found` : (e as Error).message})`));
      report.skipped.push({ name: 'dsl', reason: (e as Error).message });
    }
  }
  if (opts.outputs.json) writeJson(opts.outputs.json, report);
  if (opts.outputs.exportMarkdown) writeText(opts.outputs.exportMarkdown, benchMarkdown(report));
  if (opts.outputs.exportGithub) writeJson(opts.outputs.exportGithub, benchGithub(report));
  if (baseline) {
    const cmp = compareReports(report, baseline, opts.maxRegressionPct);
    console.log(`\nagainst the baseline ${opts.baseline} (max regression ${opts.maxRegressionPct} %):`);
    for (const line of cmp.lines) console.log(`  ${line}`);
    if (cmp.compared === 0) console.log(c.yellow('  no workload in common with the baseline'));
    if (cmp.regressions.length > 0) {
      for (const r of cmp.regressions) console.error(c.red(`regression: ${r.workload} ${r.mode} median ${r.baselineMs.toFixed(1)} -> ${r.currentMs.toFixed(1)} ms (+${r.changePct.toFixed(1)} %), mostly in phase '${r.phase}'`));
      return EXIT.failed;
    }
  }
  return EXIT.ok;
}

function writeText(file: string, text: string): void {
  if (file === '-') process.stdout.write(text);
  else writeFileSync(file, text);
}
