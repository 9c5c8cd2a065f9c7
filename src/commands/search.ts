// `run-batt card` and `run-batt search`: battery generation and the search.
// The search itself lives in src/search/; this is options in, report out.

import { loadPrograms } from '../program/load.js';
import type { TaskReport } from '../pipeline/run.js';
import { style, formatMs } from '../report/style.js';
import { EXIT, InputError } from '../errors.js';
import type { CardOptions, SearchOptions } from '../options.js';
import { checkReportFiles, displayPath, humanLog, humanStream, loadSelectedTasks, openCache, startExecutor, writeJson } from './common.js';
import { checkWritable, generateBattery, loadMetrics, writeSubmission } from './run.js';
import { formatShard, selectShard } from '../task/shard.js';
import { writeHtmlReport } from './report.js';
import { taskExtras } from '../report/html/index.js';
import { watchInterrupts } from './interrupt.js';
import { MIXES } from '../program/mutate.js';
import { Search } from '../search/loop.js';
import { StatusLine, roundLine, searchJson, summary } from '../search/report.js';

export async function cardCommand(opts: CardOptions): Promise<number> {
  const tasks = await loadSelectedTasks(opts.selection);
  const file = await generateBattery(opts.battery, tasks.map((t) => t.id), opts.libraries, opts.card);
  console.log(displayPath(file));
  return EXIT.ok;
}

export async function searchCommand(opts: SearchOptions): Promise<number> {
  const startedAt = performance.now();
  const stream = humanStream(opts.outputs);
  const out = style(stream);
  const err = style(process.stderr);
  const log = humanLog(opts.outputs);
  const interrupts = watchInterrupts();
  try {
    await checkReportFiles(opts.outputs);
    if (opts.distribution.queue !== undefined) {
      throw new InputError('search --queue: the cross-task search runs its rounds on this machine only; split a search across machines with --shard K/N and join the reports with run-batt merge');
    }
    const { shard } = opts.distribution;
    const tasks = selectShard(await loadSelectedTasks(opts.selection), shard, (t) => t.id);
    if (shard) console.error(err.dim(`note: shard ${formatShard(shard)}: ${tasks.length} task(s)`));
    const library = (await loadPrograms(opts.libraries)).programs;
    const outDir = opts.store.dir;
    await checkWritable(outDir);
    const cache = openCache(opts.store);
    // A search is always heavy work: auto means the pool.
    const { executor } = await startExecutor(opts.pool.mode === 'auto' ? { ...opts.pool, mode: 'parallel' } : opts.pool, { tasks: tasks.length, samples: 0, nodes: 0, evaluations: 0 });
    const status = new StatusLine();
    const s = opts.search;
    let result;
    try {
      result = await new Search({
        tasks,
        library,
        out: outDir,
        executor,
        signal: interrupts.signal,
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
      await executor.close();
    }
    const wallMs = performance.now() - startedAt;
    if (result.interrupted) {
      const at = interrupts.at();
      console.error(err.yellow(`interrupted after ${result.rounds.length} round(s)${at !== undefined ? `; stopped ${formatMs(performance.now() - at)} after the signal` : ''}: the report covers the work done`));
    }
    for (const line of summary(result, tasks.length, wallMs, out, out.level > 0)) log(line);
    if (cache) log(`validation cache: ${cache.hits} hits, ${cache.misses} misses`);
    log(out.dim(`${tasks.length} task(s), ${executor.mode} with ${executor.workers} worker(s), wall ${formatMs(wallMs)}; store: ${displayPath(outDir)}`));
    if (opts.outputs.json || opts.outputs.html) {
      const json = searchJson(result, {
        wallMs: Math.round(wallMs),
        ...(s.budgetMs !== undefined ? { timeBudgetMs: s.budgetMs } : {}),
        mode: executor.mode,
        workers: executor.workers,
        cache: cache ? { hits: cache.hits, misses: cache.misses } : null,
        ...(shard ? { shard } : {}),
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
  } finally {
    interrupts.dispose();
  }
}
