// `run-batt [run]`: the main job.

import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatParseError } from '../program/load.js';
import { loadBattery, STORE_FOLDERS } from '../pipeline/battery.js';
import { runTask, watchdogMs, type TaskReport } from '../pipeline/run.js';
import { collectParents, formatCounts, makeCard } from '../pipeline/card.js';
import { buildSubmission, scoreSubmission } from '../pipeline/submission.js';
import { solverFiles } from '../program/load.js';
import { createExecutor, Interrupted, type Executor, type Mode } from '../exec/executor.js';
import { ValidationCache } from '../pipeline/cache.js';
import { watchInterrupts, type InterruptWatch } from './interrupt.js';
import { sumPhases, type PhaseTiming } from '../timing/phases.js';
import { runJson, statusLine, taskLine, timingTable } from '../report/run-report.js';
import { style, formatMs } from '../report/style.js';
import { Progress } from '../report/progress.js';
import type { Task } from '../task/load.js';
import { EXIT, UsageError, SHIPPED_SOLVERS, displayPath, loadSelectedTasks, writeJson } from './common.js';

export interface RunCliOptions {
  ids?: string[];
  start?: number;
  count?: number;
  data: string;
  battery?: string;
  timeout: number;
  workers: number;
  mode: Mode;
  timing?: boolean;
  json?: string;
  out?: string;
  keep: number;
  memory: number;
  size: number;
  seed: number;
  library?: string[];
  submission?: string;
  cache: boolean;
  quiet?: boolean;
}

export const DEFAULT_CARD_SIZE = 500;

/** The executor for a run, started (pool warmed) and timed as its own row. */
export async function startExecutor(opts: { mode: Mode; workers: number; memory: number; timeout: number }): Promise<{ executor: Executor; row: PhaseTiming }> {
  const err = style(process.stderr);
  const executor = createExecutor(opts.mode, {
    workers: opts.workers,
    memoryMb: opts.memory,
    watchdogMs: watchdogMs(opts.timeout * 1000),
    onError: (e) => console.error(err.yellow(`warning: worker pool: ${e.message}`)),
  });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await executor.start();
  const cpu = process.cpuUsage(cpu0);
  const row = { name: 'pool start', wallMs: performance.now() - t0, taskMs: 0, cpuMs: (cpu.user + cpu.system) / 1000, items: executor.mode === 'parallel' ? executor.workers : 0 };
  return { executor, row };
}

/** Generates DIR/batt.py for the tasks (parents: library and DIR's store), printing the counts. */
export async function generateBattery(dir: string, taskIds: readonly string[], libraries: readonly string[], size: number, seed: number, quiet = false): Promise<string> {
  const parents = await collectParents(taskIds, libraries, [dir]);
  const card = makeCard(parents, taskIds.length === 1 ? taskIds[0] : 'battery', size, seed);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'batt.py');
  await writeFile(file, card.text);
  if (!quiet) console.error(style(process.stderr).dim(`card: ${displayPath(file)}: ${formatCounts(card.counts)}`));
  return file;
}

export async function runCommand(opts: RunCliOptions): Promise<number> {
  const out = style(process.stdout);
  const err = style(process.stderr);
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  const interrupts = watchInterrupts();
  try {
    return await runWatched(opts, interrupts, wallStart, cpuStart);
  } finally {
    interrupts.dispose();
  }
}

async function runWatched(opts: RunCliOptions, interrupts: InterruptWatch, wallStart: number, cpuStart: NodeJS.CpuUsage): Promise<number> {
  const out = style(process.stdout);
  const err = style(process.stderr);
  const tasks = await loadSelectedTasks(opts.data, { ids: opts.ids, start: opts.start, count: opts.count });
  const libraries = [SHIPPED_SOLVERS, ...(opts.library ?? [])];

  if (opts.battery && (!existsSync(opts.battery) || (await solverFiles([opts.battery], STORE_FOLDERS)).length === 0)) {
    console.error(err.dim(`note: no battery in ${opts.battery}: generating one (${opts.size} candidates, seed ${opts.seed})`));
    await generateBattery(opts.battery, tasks.map((t) => t.id), libraries, opts.size, opts.seed);
  }
  if (interrupts.signal.aborted) return EXIT.interrupted;
  const { battery, files, errors, fromLibrary } = await loadBattery(opts.battery, SHIPPED_SOLVERS);
  if (fromLibrary) console.error(err.dim(`note: no battery given (-b): the solver library ${displayPath(SHIPPED_SOLVERS)} is the battery`));
  for (const e of errors) console.error(err.yellow(`warning: ${formatParseError(e)} (skipped)`));
  if (battery.programs.length === 0) throw new UsageError(`the battery has no valid programs (${files.length} file(s))`);
  const outDir = opts.out ?? opts.battery ?? 'tmp_dir';
  await checkWritable(outDir);
  const cache = opts.cache ? new ValidationCache(path.join(outDir, 'cache')) : undefined;

  const { executor, row } = await startExecutor(opts);
  const reports: TaskReport[] = [];
  let interrupted = false;
  try {
    const progress = new Progress(tasks.length, 'run');
    for (const task of tasks) {
      const t0 = performance.now();
      let report: TaskReport;
      try {
        report = await runTask(task, battery, { executor, timeoutMs: opts.timeout * 1000, outDir, keep: opts.keep, attempts: Boolean(opts.submission), cache, signal: interrupts.signal });
      } catch (e) {
        if (e instanceof Interrupted || interrupts.signal.aborted) {
          interrupted = true;
          break;
        }
        throw e;
      }
      reports.push(report);
      progress.finish();
      if (!opts.quiet) console.log(taskLine(report, out, performance.now() - t0, knownSamples(task)));
      progress.tick(task.id);
      if (interrupts.signal.aborted) {
        interrupted = true;
        break;
      }
    }
    progress.finish();
  } finally {
    await executor.close();
  }
  const wallMs = performance.now() - wallStart;
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const phases = [row, ...sumPhases(reports.map((r) => r.phases))];
  if (opts.timing) {
    console.log(timingTable(phases, out, reports.length));
    console.log(statusLine(reports));
    if (cache) console.log(`validation cache: ${cache.hits} hits, ${cache.misses} misses`);
  }
  const stopped = interrupts.at();
  if (interrupted) console.error(err.yellow(`interrupted after ${reports.length} of ${tasks.length} task(s)${stopped !== undefined ? `; stopped ${formatMs(performance.now() - stopped)} after the signal` : ''}`));
  console.log(out.dim(`${reports.length} task(s), ${executor.mode} with ${executor.workers} worker(s), wall ${formatMs(wallMs)}, cpu ${formatMs(cpuMs)}; store: ${displayPath(outDir)}`));
  if (opts.json) {
    writeJson(opts.json, { ...runJson(reports, phases, wallMs, cpuMs, executor.mode, executor.workers), cache: cache ? { hits: cache.hits, misses: cache.misses } : null, ...(interrupted ? { incomplete: true } : {}) });
  }
  if (opts.submission) writeSubmission(opts.submission, tasks, reports);
  return interrupted ? EXIT.interrupted : EXIT.ok;
}

/** Fails early, with a clear message, when the store folder cannot be written. */
export async function checkWritable(dir: string): Promise<void> {
  const probe = path.join(dir, `.run-batt-probe-${process.pid}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(probe, 'ok');
  } catch (e) {
    throw new UsageError(`cannot write to the store folder ${dir}: ${(e as NodeJS.ErrnoException).code ?? ''} ${(e as Error).message}`);
  } finally {
    await rm(probe, { force: true }).catch(() => undefined);
  }
}

export const knownSamples = (task: Task): number => [...task.train, ...task.test].filter((p) => p.output).length;

export function writeSubmission(file: string, tasks: readonly Task[], reports: readonly TaskReport[]): void {
  const submission = buildSubmission(tasks, reports);
  writeJson(file, submission);
  const score = scoreSubmission(tasks, submission);
  const where = file === '-' ? 'stdout' : displayPath(file);
  if (score) {
    console.error(`submission: ${where}: ${tasks.length} task(s); would score ${score.score.toFixed(2)} / ${score.tasks} (${((100 * score.score) / score.tasks).toFixed(1)} %)`);
  } else {
    console.error(`submission: ${where}: ${tasks.length} task(s); test outputs unknown, no score`);
  }
}
