// `run-batt card` and `run-batt search`: battery generation and the search.
// The search itself lives in src/search/; this is options in, report out.

import { loadPrograms } from '../program/load.js';
import type { TaskReport } from '../pipeline/run.js';
import { style, formatMs } from '../report/style.js';
import { EXIT } from '../errors.js';
import type { CardOptions, SearchOptions } from '../options.js';
import { checkReportFiles, displayPath, humanLog, humanStream, loadSelectedTasks, openCache, startExecutor, writeJson } from './common.js';
import { checkWritable, generateBattery, loadMetrics, writeSubmission } from './run.js';
import { formatShard, selectShard } from '../task/shard.js';
import { writeHtmlReport } from './report.js';
import { taskExtras } from '../report/html/index.js';
import { watchInterrupts, type InterruptWatch } from './interrupt.js';
import type { QueueExecutor } from '../queue/executor.js';
import type { Executor } from '../exec/executor.js';
import { MIXES } from '../program/mixes.js';
import { Search } from '../search/loop.js';
import { StatusLine, roundLine, searchJson, summary } from '../search/report.js';
import { roundMs } from '../format.js';

export async function cardCommand(opts: CardOptions): Promise<number> {
  const tasks = await loadSelectedTasks(opts.selection);
  const file = await generateBattery(opts.battery, tasks.map((t) => t.id), opts.libraries, opts.card);
  console.log(displayPath(file));
  return EXIT.ok;
}

export async function searchCommand(opts: SearchOptions): Promise<number> {
  const startedAt = performance.now();
  const err = style(process.stderr);
  const interrupts = watchInterrupts();
  try {
    await checkReportFiles(opts.outputs);
    const { queue } = opts.distribution;
    // A queue that cannot be reached is an input error, found before any work.
    // Redis lost mid-search stops the search as Ctrl-C does (the rounds done are reported), then exits 1.
    const lost = new AbortController();
    const queued =
      queue !== undefined
        ? await (await import('../queue/executor.js')).QueueExecutor.connect(queue, { log: (line) => console.error(line.startsWith('warning') ? err.yellow(line) : err.dim(line)), onLost: () => lost.abort() })
        : undefined;
    try {
      const code = await searchOn(queued, opts, AbortSignal.any([interrupts.signal, lost.signal]), interrupts, startedAt);
      if (queued?.lost === undefined) return code;
      console.error(err.red(`run-batt: ${queued.lost}; the rounds done so far are reported (partial report)`));
      return EXIT.failed;
    } finally {
      await queued?.close();
    }
  } finally {
    interrupts.dispose();
  }
}

async function searchOn(queued: QueueExecutor | undefined, opts: SearchOptions, signal: AbortSignal, interrupts: InterruptWatch, startedAt: number): Promise<number> {
  const stream = humanStream(opts.outputs);
  const out = style(stream);
  const err = style(process.stderr);
  const log = humanLog(opts.outputs);
  const { shard } = opts.distribution;
  const tasks = selectShard(await loadSelectedTasks(opts.selection), shard, (t) => t.id);
  if (shard) console.error(err.dim(`note: shard ${formatShard(shard)}: ${tasks.length} task(s)`));
  const library = (await loadPrograms(opts.libraries)).programs;
  const outDir = opts.store.dir;
  await checkWritable(outDir);
  const cache = openCache(opts.store);
  // A search is always heavy work: auto means the pool. With --queue, every job runs on the queue's workers.
  let executor: Executor;
  if (queued) {
    await queued.start();
    executor = queued;
    console.error(err.dim(`queue: search jobs go to ${queued.address.display} (${queued.workers} job slot(s) registered)`));
  } else {
    executor = (await startExecutor(opts.pool.mode === 'auto' ? { ...opts.pool, mode: 'parallel' } : opts.pool, { tasks: tasks.length, samples: 0, nodes: 0, evaluations: 0 })).executor;
  }
  const status = new StatusLine();
  const s = opts.search;
  let result;
  try {
    result = await new Search({
      tasks,
      library,
      out: outDir,
      executor,
      signal,
      timeoutMs: opts.timeoutMs,
      keep: opts.store.keep,
      ...(cache ? { cache } : {}),
      perRound: s.perRound,
      generations: s.generations,
      ...(s.budgetMs !== undefined ? { budgetMs: s.budgetMs } : {}),
      startedAt,
      seed: s.seed,
      mix: MIXES[s.mix],
      twoStep: s.twoStep,
      ...(s.leaveOwnOut ? { leaveOwnOut: true } : {}),
      ...(opts.outputs.submission ? { reportAll: true } : {}),
      onProgress: (p) => status.update(p),
      onRound: (r) => {
        status.clear();
        if (!opts.outputs.quiet) log(roundLine(r, tasks.length, out));
      },
    }).run();
  } finally {
    status.clear();
    if (!queued) await executor.close();
  }
  const wallMs = performance.now() - startedAt;
  if (result.interrupted && queued?.lost === undefined) {
    const at = interrupts.at();
    console.error(err.yellow(`interrupted after ${result.rounds.length} round(s)${at !== undefined ? `; stopped ${formatMs(performance.now() - at)} after the signal` : ''}: the report covers the work done`));
  }
  for (const line of summary(result, tasks.length, wallMs, out, out.level > 0)) log(line);
  if (cache) log(`validation cache: ${cache.hits} hits, ${cache.misses} misses`);
  const where = queued ? `queue ${queued.address.display} with ${queued.workersSeen} worker(s)${queued.retries > 0 ? `, ${queued.retries} job(s) retried` : ''}${queued.failed > 0 ? `, ${queued.failed} job(s) failed` : ''}` : `${executor.mode} with ${executor.workers} worker(s)`;
  log(out.dim(`${tasks.length} task(s), ${where}, wall ${formatMs(wallMs)}; store: ${displayPath(outDir)}`));
  if (opts.outputs.json || opts.outputs.html) {
    const json = searchJson(result, {
      wallMs: Math.round(wallMs),
      ...(s.budgetMs !== undefined ? { timeBudgetMs: s.budgetMs } : {}),
      mode: executor.mode,
      workers: queued ? queued.workersSeen : executor.workers,
      ...(queued ? { queue: { url: queued.address.display, retries: queued.retries, failed: queued.failed, jobMs: roundMs(queued.jobMs) } } : {}),
      cache: cache ? { hits: cache.hits, misses: cache.misses } : null,
      ...(shard ? { shard } : {}),
      ...(queued?.lost !== undefined ? { error: queued.lost } : {}),
    });
    // Each task's grids and best programs' outputs (for the HTML report), from the search's reports.
    const byId = new Map(tasks.map((t) => [t.id, t]));
    json.tasks = (json.tasks as { id: string }[]).map((t) => {
      const report = result.reports.get(t.id);
      return report ? { ...t, statuses: report.statuses, ...taskExtras(report.programs, byId.get(t.id)!, opts.timeoutMs) } : t;
    });
    if (opts.outputs.json) writeJson(opts.outputs.json, json);
    if (opts.outputs.html) writeHtmlReport(opts.outputs.html, json);
  }
  const reports = tasks.map((t) => result.reports.get(t.id)).filter((r): r is TaskReport => r !== undefined);
  if (opts.outputs.submission) writeSubmission(opts.outputs.submission, tasks, reports);
  if (opts.outputs.metrics) {
    const metrics = new (await loadMetrics())({ threads: executor.workers });
    for (const r of reports) metrics.recordTask(r);
    await metrics.write(opts.outputs.metrics);
  }
  return result.interrupted ? EXIT.interrupted : EXIT.ok;
}
