// `run-batt [run]`: the main job.

import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatParseError } from '../program/load.js';
import { loadBattery, STORE_FOLDERS } from '../pipeline/battery.js';
import type { TaskReport } from '../pipeline/run.js';
import { runTasks, workSize } from '../pipeline/tasks.js';
import { collectParents, formatCounts, makeCard } from '../pipeline/card.js';
import { buildSubmission, scoreSubmission } from '../pipeline/submission.js';
import { solverFiles } from '../program/load.js';
import type { Executor } from '../exec/executor.js';
import { watchInterrupts, type InterruptWatch } from './interrupt.js';
import { sumPhases } from '../timing/phases.js';
import { runJson, statusLine, taskLine, timingTable } from '../report/run-report.js';
import { style, formatMs } from '../report/style.js';
import { Progress } from '../report/progress.js';
import type { Task } from '../task/load.js';
import { taskIdent } from '../task/ids.js';
import { EXIT, InputError, fsFault } from '../errors.js';
import { SHIPPED_SOLVERS, type CardSettings, type RunOptions } from '../options.js';
import { checkReportFiles, displayPath, humanLog, humanStream, loadSelectedTasks, openCache, runContext, launchExecutor, writeJson } from './common.js';

/** Generates DIR/batt.py for the tasks (parents: library and DIR's store), printing the counts. */
export async function generateBattery(dir: string, taskIds: readonly string[], libraries: readonly string[], card: CardSettings, quiet = false): Promise<string> {
  const parents = await collectParents(taskIds, libraries, [dir]);
  const made = makeCard(parents, taskIds.length === 1 ? taskIdent(taskIds[0]) : 'battery', card.size, card.seed);
  await writableFolder(dir, 'battery folder');
  const file = path.join(dir, 'batt.py');
  try {
    await writeFile(file, made.text);
  } catch (e) {
    throw new InputError(`cannot write the battery: ${fsFault(e)}`, { file });
  }
  if (!quiet) console.error(style(process.stderr).dim(`card: ${displayPath(file)}: ${formatCounts(made.counts)}`));
  if (made.counts.candidates < card.size) {
    console.error(style(process.stderr).yellow(`note: card: ${made.counts.candidates} of the ${card.size} candidates asked for: the parents' mutations ran out of new, well-typed programs (a larger --library gives more)`));
  }
  return file;
}

export async function runCommand(opts: RunOptions): Promise<number> {
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  const interrupts = watchInterrupts();
  try {
    return await runWatched(opts, interrupts, wallStart, cpuStart);
  } finally {
    interrupts.dispose();
  }
}

async function runWatched(opts: RunOptions, interrupts: InterruptWatch, wallStart: number, cpuStart: NodeJS.CpuUsage): Promise<number> {
  const out = style(humanStream(opts.outputs));
  const log = humanLog(opts.outputs);
  const err = style(process.stderr);
  await checkReportFiles(opts.outputs);
  // The pool starts now, behind loading the tasks and the battery.
  const launch = launchExecutor(opts.pool);
  let executor: Executor | undefined;
  try {
    const tasks = await loadSelectedTasks(opts.selection);

    if (opts.battery && (!existsSync(opts.battery) || (await solverFiles([opts.battery], STORE_FOLDERS)).length === 0)) {
      console.error(err.dim(`note: no battery in ${opts.battery}: generating one (${opts.card.size} candidates, seed ${opts.card.seed})`));
      await generateBattery(opts.battery, tasks.map((t) => t.id), opts.libraries, opts.card);
    }
    if (interrupts.signal.aborted) return EXIT.interrupted;
    const { battery, files, errors, fromLibrary } = await loadBattery(opts.battery, SHIPPED_SOLVERS);
    if (fromLibrary) console.error(err.dim(`note: no battery given (-b): the solver library ${displayPath(SHIPPED_SOLVERS)} is the battery`));
    for (const e of errors) console.error(err.yellow(`warning: ${formatParseError(e)} (skipped)`));
    if (battery.programs.length === 0) throw new InputError(`the battery has no valid programs (${files.length} file(s))`);
    const outDir = opts.store.dir;
    await checkWritable(outDir);
    const cache = openCache(opts.store);

    const started = await launch.ready(workSize(tasks, battery));
    executor = started.executor;
    const { row, choice } = started;
    const ctx = runContext(opts, executor, { cache, signal: interrupts.signal });
    const progress = new Progress(tasks.length, 'run');
    const { reports, interrupted, inFlight } = await runTasks(tasks, battery, ctx, (report, task, wallMs) => {
      progress.finish();
      if (report.storeFault) console.error(err.yellow(`warning: store: ${report.storeFault.message}; the task's winners were not stored`));
      if (!opts.outputs.quiet) log(taskLine(report, out, wallMs));
      progress.tick(task.id);
    });
    progress.finish();
    const closing = executor.close();
    executor = undefined;
    await closing;

    const wallMs = performance.now() - wallStart;
    const cpu = process.cpuUsage(cpuStart);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const phases = [row, ...sumPhases(reports.map((r) => r.phases))];
    if (opts.outputs.timing) {
      log(timingTable(phases, out, reports.length, inFlight > 1 ? { wallMs, cpuMs, inFlight } : undefined));
      log(statusLine(reports));
      if (cache) log(`validation cache: ${cache.hits} hits, ${cache.misses} misses`);
    }
    const stopped = interrupts.at();
    if (interrupted) console.error(err.yellow(`interrupted after ${reports.length} of ${tasks.length} task(s)${stopped !== undefined ? `; stopped ${formatMs(performance.now() - stopped)} after the signal` : ''}`));
    log(out.dim(`${reports.length} task(s), ${choice.mode} with ${started.executor.workers} worker(s) (${choice.reason}), wall ${formatMs(wallMs)}, cpu ${formatMs(cpuMs)}; store: ${displayPath(outDir)}`));
    if (opts.outputs.json) {
      writeJson(opts.outputs.json, {
        ...runJson(reports, phases, wallMs, cpuMs, started.executor.mode, started.executor.workers),
        modeChoice: { requested: choice.requested, mode: choice.mode, reason: choice.reason },
        tasksInFlight: inFlight,
        cache: cache ? { hits: cache.hits, misses: cache.misses } : null,
        ...(interrupted ? { incomplete: true } : {}),
      });
    }
    if (opts.outputs.submission) writeSubmission(opts.outputs.submission, tasks, reports);
    return interrupted ? EXIT.interrupted : exitForStore(reports);
  } finally {
    if (executor) await executor.close();
    await launch.abandon();
  }
}

/** After a complete run: 1 when the machine failed the store (a full disk), 2 when the input did (a file in the way). */
export function exitForStore(reports: readonly TaskReport[]): number {
  const faults = reports.flatMap((r) => (r.storeFault ? [r.storeFault] : []));
  if (faults.some((f) => !f.input)) return EXIT.failed;
  return faults.length > 0 ? EXIT.usage : EXIT.ok;
}

/** Makes the folder (with its parents), or says clearly why it cannot be: an input error. */
async function writableFolder(dir: string, what: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    throw new InputError(`cannot create the ${what} ${dir}: ${fsFault(e)}`);
  }
}

/** Fails early, with a clear message, when the store folder cannot be written. */
export async function checkWritable(dir: string): Promise<void> {
  const probe = path.join(dir, `.run-batt-probe-${process.pid}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(probe, 'ok');
  } catch (e) {
    throw new InputError(`cannot write to the store folder ${dir}: ${fsFault(e)}`);
  } finally {
    await rm(probe, { force: true }).catch(() => undefined);
  }
}

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
