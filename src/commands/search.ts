// `run-batt card` and `run-batt search`: battery generation and the search loop.

import path from 'node:path';
import { readFile } from 'node:fs/promises';
import Table from 'cli-table3';
import { parseSolvers } from '../program/parse.js';
import { buildGraph } from '../program/graph.js';
import { loadPrograms } from '../program/load.js';
import type { TaskReport } from '../pipeline/run.js';
import { STATUSES } from '../status.js';
import { style, formatMs } from '../report/style.js';
import { COMPACT } from '../report/run-report.js';
import { Progress } from '../report/progress.js';
import { EXIT } from '../errors.js';
import type { CardOptions, SearchOptions } from '../options.js';
import { checkReportFiles, displayPath, humanLog, humanStream, loadSelectedTasks, openCache, runSettings, writeJson } from './common.js';
import { checkWritable, connectQueue, generateBattery, loadMetrics, startLocal, writeSubmission } from './run.js';
import { fileSources, type TaskRunner } from '../queue/runner.js';
import type { QueueRunner } from '../queue/submit.js';
import { formatShard, selectShard } from '../task/shard.js';
import { Interrupted } from '../exec/executor.js';
import { fileSafe } from '../task/ids.js';
import { watchInterrupts } from './interrupt.js';

export async function cardCommand(opts: CardOptions): Promise<number> {
  const tasks = await loadSelectedTasks(opts.selection);
  const file = await generateBattery(opts.battery, tasks.map((t) => t.id), opts.libraries, opts.card);
  console.log(displayPath(file));
  return EXIT.ok;
}

interface Generation {
  readonly generation: number;
  readonly candidates: number;
  readonly unique: number;
  readonly solved: string[];
  readonly best: Record<string, number | null>;
  readonly wallMs: number;
}

function summarise(generation: number, reports: readonly TaskReport[], solved: string[], wallMs: number): Generation {
  return {
    generation,
    candidates: reports.reduce((s, r) => s + r.candidates, 0),
    unique: reports.reduce((s, r) => s + r.unique, 0),
    solved,
    best: Object.fromEntries(reports.map((r) => [r.id, r.best?.score ?? null])),
    wallMs,
  };
}

/** The queue's Redis went away mid-search. */
class QueueLost extends Error {}

/** Alternates card and run: each generation's store is the next one's parents. */
export async function searchCommand(opts: SearchOptions): Promise<number> {
  await checkReportFiles(opts.outputs);
  // A queue that cannot be reached is an input error, found before any work.
  const queued = opts.distribution.queue !== undefined ? await connectQueue(opts.distribution.queue) : undefined;
  try {
    return await searchOn(queued?.runner, opts);
  } finally {
    await queued?.runner.close();
  }
}

async function searchOn(queue: QueueRunner | undefined, opts: SearchOptions): Promise<number> {
  const out = style(humanStream(opts.outputs));
  const log = humanLog(opts.outputs);
  const err = style(process.stderr);
  const { shard } = opts.distribution;
  const tasks = selectShard(await loadSelectedTasks(opts.selection), shard, (t) => t.id);
  if (shard) console.error(err.dim(`note: shard ${formatShard(shard)}: ${tasks.length} task(s)`));
  const libraries = opts.libraries;
  const loadedLibrary = await loadPrograms(libraries);
  const library = loadedLibrary.programs;
  const outDir = opts.store.dir;
  await checkWritable(outDir);
  // Programs seen in an earlier generation (or run) are not validated again (with --queue: the workers' caches).
  const cache = queue ? undefined : openCache(opts.store);
  const interrupts = watchInterrupts();
  // A search is large work: auto means the pool.
  const runner: TaskRunner = queue ?? (await startLocal(opts.pool.mode === 'auto' ? { ...opts.pool, mode: 'parallel' } : opts.pool, { tasks: tasks.length, samples: 0, nodes: 0, evaluations: 0 })).runner;
  const metrics = opts.outputs.metrics ? new (await loadMetrics())({ threads: runner.workers, ...(queue ? { queueDepth: () => queue.depth() } : {}) }) : undefined;
  const settings = runSettings(opts, { cache, signal: interrupts.signal, attempts: false });
  const generations: Generation[] = [];
  let last: TaskReport[] = [];
  const isSolved = (r: TaskReport) => r.solved;
  let baseline: Set<string>;
  try {
    // Generation 0: the library alone, the baseline for "newly solved".
    const libraryBattery = { battery: { programs: library, graph: buildGraph(library) }, sources: fileSources(loadedLibrary.files) };
    const t0 = performance.now();
    const base = await runner.run(tasks.map((task) => ({ task, battery: libraryBattery })), settings, (r) => metrics?.recordTask(r));
    if (base.lost !== undefined) throw new QueueLost(base.lost);
    if (base.interrupted) throw new Interrupted();
    baseline = new Set(base.reports.filter(isSolved).map((r) => r.id));
    generations.push(summarise(0, base.reports, [...baseline], performance.now() - t0));
    log(`${out.bold('library')}: ${library.length} programs; solved ${baseline.size} / ${tasks.length}`);
    for (let g = 1; g <= opts.generations; g++) {
      const t0 = performance.now();
      // The generation's batteries first (card, here), then their tasks (here or on the queue).
      const items = [];
      for (const task of tasks) {
        const dir = path.join(outDir, `gen${g}`, fileSafe(task.id));
        const file = await generateBattery(dir, [task.id], libraries, { size: opts.card.size, seed: opts.card.seed + g }, true);
        const text = await readFile(file, 'utf8');
        const parsed = parseSolvers(text, file);
        items.push({ task, battery: { battery: { programs: parsed.programs, graph: buildGraph(parsed.programs) }, sources: async () => [{ file, text }] } });
        if (interrupts.signal.aborted) throw new Interrupted();
      }
      const progress = new Progress(tasks.length, `generation ${g}`);
      const done = await runner.run(items, { ...settings, attempts: g === opts.generations && opts.outputs.submission !== undefined }, (r) => {
        metrics?.recordTask(r);
        if (r.error !== undefined) console.error(err.yellow(`generation ${g}: task ${r.id} failed: ${r.error}`));
        progress.tick(r.id);
      });
      progress.finish();
      if (done.lost !== undefined) throw new QueueLost(done.lost);
      if (done.interrupted) throw new Interrupted();
      const reports = done.reports;
      const solved = reports.filter(isSolved).map((r) => r.id);
      const gen = summarise(g, reports, solved, performance.now() - t0);
      generations.push(gen);
      const statuses = STATUSES.map((s) => `${s} ${reports.reduce((n, r) => n + r.statuses[s], 0)}`).join(', ');
      log(
        `${out.bold(`generation ${g}/${opts.generations}`)}: ${gen.candidates} candidates, ${gen.unique} unique (${statuses}); ` +
          `solved ${solved.length} / ${tasks.length}; ${formatMs(gen.wallMs)}`,
      );
      last = reports;
    }
  } catch (e) {
    if (e instanceof QueueLost) {
      console.error(err.red(`run-batt: ${e.message}; ${Math.max(0, generations.length - 1)} generation(s) completed`));
      return EXIT.failed;
    }
    if (!(e instanceof Interrupted)) throw e;
    console.error(`interrupted: ${Math.max(0, generations.length - 1)} generation(s) completed`);
    return EXIT.interrupted;
  } finally {
    if (!queue) await runner.close();
    interrupts.dispose();
  }
  if (cache) log(`validation cache: ${cache.hits} hits, ${cache.misses} misses`);

  const table = new Table({ head: ['task', ...generations.map((g) => (g.generation === 0 ? 'library' : `gen ${g.generation}`)), 'best program'], chars: COMPACT, style: { head: out.level > 0 ? ['cyan'] : [], border: [] } });
  const newly: { id: string; md5: string; file: string }[] = [];
  tasks.forEach((task, k) => {
    const best = last[k]?.best;
    const solved = last[k]?.solved ?? false;
    const file = best ? path.join(outDir, 'solver_md5', `${best.md5}.py`) : '';
    if (solved && best && !baseline.has(task.id)) newly.push({ id: task.id, md5: best.md5, file });
    table.push([task.id, ...generations.map((g) => String(g.best[task.id] ?? '-')), best ? `${best.md5.slice(0, 12)}…` : '-']);
  });
  log(table.toString());
  if (newly.length === 0) log('newly solved (not solved by the library alone): none');
  for (const n of newly) log(`newly solved ${out.green(n.id)} by ${n.md5} (${displayPath(n.file)})`);
  if (opts.outputs.json) {
    writeJson(opts.outputs.json, {
      generations,
      newlySolved: newly,
      tasks: last.map((r) => ({ id: r.id, best: r.best, statuses: r.statuses, ...(r.error !== undefined ? { error: r.error } : {}) })),
      ...(shard ? { shard } : {}),
    });
  }
  if (opts.outputs.submission) writeSubmission(opts.outputs.submission, tasks, last);
  if (metrics && opts.outputs.metrics) {
    if (queue) metrics.recordRetries(queue.retries);
    await metrics.write(opts.outputs.metrics);
  }
  return EXIT.ok;
}
