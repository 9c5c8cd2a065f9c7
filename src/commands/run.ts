// `run-batt [run]`: the main job.

import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatParseError } from '../program/load.js';
import { loadBattery, STORE_FOLDERS } from '../pipeline/battery.js';
import type { TaskReport } from '../pipeline/run.js';
import { collectParents, formatCounts, makeCard } from '../pipeline/card.js';
import { buildSubmission, scoreSubmission } from '../pipeline/submission.js';
import { solverFiles } from '../program/load.js';
import { LocalRunner, fileSources } from '../queue/runner.js';
import type { QueueRunner } from '../queue/submit.js';
import type { RunMetrics } from '../metrics/index.js';
import { formatShard, selectShard } from '../task/shard.js';
import { watchInterrupts, type InterruptWatch } from './interrupt.js';
import { cpuMsSince, sumPhases, type PhaseTiming } from '../timing/phases.js';
import { runJson, statusLine, taskLine, threadLine, timingTable } from '../report/run-report.js';
import { roundedThreadCpu, threadCpuSince, threadTimes, type ThreadCpu, type ThreadTimes } from '../timing/threads.js';
import { style, formatMs } from '../report/style.js';
import { Progress } from '../report/progress.js';
import type { Task } from '../task/load.js';
import { taskIdent } from '../task/ids.js';
import { EXIT, InputError, fsFault } from '../errors.js';
import { SHIPPED_SOLVERS, type CardSettings, type RunOptions } from '../options.js';
import { checkReportFiles, displayPath, humanLog, humanStream, loadSelectedTasks, openCache, runSettings, launchExecutor, writeJson, type ExecutorLaunch } from './common.js';
import { workSize } from '../pipeline/tasks.js';
import type { WorkSize } from '../exec/auto.js';
import { taskExtras } from '../report/html/index.js';
import { writeHtmlReport } from './report.js';
import { roundMs } from '../format.js';

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

/** Where the run's clocks started: wall, process CPU, and each thread's CPU (Linux). */
interface RunStart {
  readonly wallMs: number;
  readonly cpu: NodeJS.CpuUsage;
  readonly threads: ThreadTimes | undefined;
}

export async function runCommand(opts: RunOptions): Promise<number> {
  const start: RunStart = { wallMs: performance.now(), cpu: process.cpuUsage(), threads: threadTimes() };
  const interrupts = watchInterrupts();
  try {
    return await runWatched(opts, interrupts, start);
  } finally {
    interrupts.dispose();
  }
}

async function runWatched(opts: RunOptions, interrupts: InterruptWatch, start: RunStart): Promise<number> {
  await checkReportFiles(opts.outputs);
  // A queue that cannot be reached is an input error, found before any work.
  const queued = opts.distribution.queue !== undefined ? await connectQueue(opts.distribution.queue) : undefined;
  try {
    return await runOn(queued, opts, interrupts, start);
  } finally {
    await queued?.runner.close();
  }
}

async function runOn(queued: { runner: QueueRunner; row: PhaseTiming } | undefined, opts: RunOptions, interrupts: InterruptWatch, start: RunStart): Promise<number> {
  // Without a queue, the pool starts behind loading the tasks and the battery (see launchExecutor).
  const launch = queued ? undefined : launchExecutor(opts.pool);
  try {
    return await runLaunched(queued, launch, opts, interrupts, start);
  } finally {
    await launch?.abandon();
  }
}

async function runLaunched(
  queued: { runner: QueueRunner; row: PhaseTiming } | undefined,
  launch: ExecutorLaunch | undefined,
  opts: RunOptions,
  interrupts: InterruptWatch,
  start: RunStart,
): Promise<number> {
  const out = style(humanStream(opts.outputs));
  const log = humanLog(opts.outputs);
  const err = style(process.stderr);
  const { shard } = opts.distribution;
  const tasks = selectShard(await loadSelectedTasks(opts.selection), shard, (t) => t.id);
  if (shard) console.error(err.dim(`note: shard ${formatShard(shard)}: ${tasks.length} task(s)`));

  if (opts.battery && (!existsSync(opts.battery) || (await solverFiles([opts.battery], STORE_FOLDERS)).length === 0)) {
    console.error(err.dim(`note: no battery in ${opts.battery}: generating one (${opts.card.size} candidates, seed ${opts.card.seed})`));
    await generateBattery(opts.battery, tasks.map((t) => t.id), opts.libraries, opts.card);
  }
  if (interrupts.signal.aborted) return EXIT.interrupted;
  // The battery's calls bound its graph's nodes: the pool starts now, behind parsing, unless even that bound is small.
  const samples = tasks.reduce((n, t) => n + t.train.length + t.test.length, 0);
  const onRead = (calls: number) => launch?.bound({ tasks: tasks.length, samples, nodes: calls, evaluations: calls * samples });
  const { battery, files, errors, fromLibrary } = await loadBattery(opts.battery, SHIPPED_SOLVERS, { onRead });
  if (fromLibrary) console.error(err.dim(`note: no battery given (-b): the solver library ${displayPath(SHIPPED_SOLVERS)} is the battery`));
  for (const e of errors) console.error(err.yellow(`warning: ${formatParseError(e)} (skipped)`));
  if (battery.programs.length === 0) throw new InputError(`the battery has no valid programs (${files.length} file(s))`);
  const outDir = opts.store.dir;
  await checkWritable(outDir);
  // With --queue the validation cache is the workers' (worker --cache-dir): they have no access to this store.
  const cache = queued ? undefined : openCache(opts.store);

  const { runner, row } = queued ?? (await localRunner(launch!, workSize(tasks, battery)));
  const metrics = opts.outputs.metrics ? new (await loadMetrics())({ threads: runner.workers, ...(queued ? { queueDepth: () => queued.runner.depth() } : {}) }) : undefined;
  const settings = runSettings(opts, { cache, signal: interrupts.signal });
  const input = { battery, sources: fileSources(files) };
  // The HTML report's grids and best programs, when a report is asked for.
  const extras = opts.outputs.json || opts.outputs.html ? new Map<string, object>() : undefined;
  const taskById = new Map(tasks.map((t) => [t.id, t]));
  let outcome;
  let threadCpu: ThreadCpu | undefined;
  try {
    const progress = new Progress(tasks.length, 'run');
    outcome = await runner.run(
      tasks.map((task) => ({ task, battery: input })),
      settings,
      (report, ms) => {
        progress.finish();
        metrics?.recordTask(report);
        extras?.set(report.id, taskExtras(report.programs, taskById.get(report.id)!, opts.timeoutMs, ms));
        if (report.storeFault) console.error(err.yellow(`warning: store: ${report.storeFault.message}; the task's winners were not stored`));
        if (!opts.outputs.quiet || report.error !== undefined) log(taskLine(report, out, ms));
        progress.tick(report.id);
      },
    );
    progress.finish();
  } finally {
    // Each thread's CPU while the pool's workers are still alive (a thread that has ended has none to read).
    threadCpu = threadCpuSince(start.threads, runner instanceof LocalRunner ? runner.executor.workerThreads() : []);
    if (!queued) await runner.close();
  }
  const { reports, interrupted, lost, inFlight = 1 } = outcome;
  const wallMs = performance.now() - start.wallMs;
  const cpuMs = cpuMsSince(start.cpu);
  const phases = [row, ...sumPhases(reports.map((r) => r.phases))];
  const cacheTotal = { hits: reports.reduce((n, r) => n + r.cache.hits, 0), misses: reports.reduce((n, r) => n + r.cache.misses, 0) };
  const cacheUsed = cache !== undefined || (queued !== undefined && cacheTotal.hits + cacheTotal.misses > 0);
  if (opts.outputs.timing) {
    log(timingTable(phases, out, reports.length, inFlight > 1 ? { wallMs, cpuMs, inFlight } : undefined));
    if (threadCpu) log(threadLine(threadCpu, out));
    log(statusLine(reports));
    if (cacheUsed) log(`validation cache: ${cacheTotal.hits} hits, ${cacheTotal.misses} misses`);
  }
  const failed = reports.filter((r) => r.error !== undefined).length;
  if (failed > 0) console.error(err.yellow(`${failed} task(s) failed on the queue: see their lines above`));
  const stopped = interrupts.at();
  if (lost !== undefined) console.error(err.red(`run-batt: ${lost}; ${reports.length} of ${tasks.length} task(s) done (partial report)`));
  else if (interrupted) console.error(err.yellow(`interrupted after ${reports.length} of ${tasks.length} task(s)${stopped !== undefined ? `; stopped ${formatMs(performance.now() - stopped)} after the signal` : ''}`));
  log(out.dim(`${reports.length} task(s), ${runner.describe()}, wall ${formatMs(wallMs)}, cpu ${formatMs(cpuMs)}; store: ${displayPath(outDir)}`));
  if (opts.outputs.json || opts.outputs.html) {
    const json = {
      ...runJson(reports, phases, wallMs, cpuMs, runner.mode, runner.workers, extras),
      threadCpu: threadCpu ? roundedThreadCpu(threadCpu) : null,
      ...(runner instanceof LocalRunner && runner.choice ? { modeChoice: runner.choice, tasksInFlight: inFlight } : {}),
      cache: cacheUsed ? cacheTotal : null,
      ...(shard ? { shard } : {}),
      ...(queued ? { queue: { url: queued.runner.address.display, retries: queued.runner.retries, failed, jobMs: roundMs(queued.runner.jobMs) } } : {}),
      ...(interrupted ? { incomplete: true } : {}),
      ...(lost !== undefined ? { error: lost } : {}),
    };
    if (opts.outputs.json) writeJson(opts.outputs.json, json);
    if (opts.outputs.html) writeHtmlReport(opts.outputs.html, json);
  }
  if (opts.outputs.submission) writeSubmission(opts.outputs.submission, tasks, reports);
  if (metrics && opts.outputs.metrics) {
    if (queued) metrics.recordRetries(queued.runner.retries);
    await metrics.write(opts.outputs.metrics);
  }
  return lost !== undefined ? EXIT.failed : interrupted ? EXIT.interrupted : exitForStore(reports);
}

/** After a complete run: 1 when the machine failed the store (a full disk), 2 when the input did (a file in the way). */
export function exitForStore(reports: readonly TaskReport[]): number {
  const faults = reports.flatMap((r) => (r.storeFault ? [r.storeFault] : []));
  if (faults.some((f) => !f.input)) return EXIT.failed;
  return faults.length > 0 ? EXIT.usage : EXIT.ok;
}

// bullmq, ioredis and prom-client take about a second to load: only runs that use them load them.
export const loadMetrics = async (): Promise<typeof RunMetrics> => (await import('../metrics/index.js')).RunMetrics;

/** The local executor as a task runner, once the work is known (auto decides from it), timed as its own row. */
export async function localRunner(launch: ExecutorLaunch, work: WorkSize): Promise<{ runner: LocalRunner; row: PhaseTiming }> {
  const { executor, row, choice } = await launch.ready(work);
  return { runner: new LocalRunner(executor, choice), row };
}

/** The local executor as a task runner, started at once: for commands that know their work at once. */
/** Connects to the queue (an input error, exit 2, when Redis cannot be reached), timed as its own row. */
export async function connectQueue(url: string): Promise<{ runner: QueueRunner; row: PhaseTiming }> {
  const err = style(process.stderr);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { QueueRunner } = await import('../queue/submit.js');
  const runner = await QueueRunner.connect(url, { log: (line) => console.error(line.startsWith('warning') ? err.yellow(line) : err.dim(line)) });
  return { runner, row: { name: 'queue connect', wallMs: performance.now() - t0, taskMs: 0, cpuMs: cpuMsSince(cpu0), items: 0 } };
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
