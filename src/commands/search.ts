// `run-batt card` and `run-batt search`: battery generation and the search.
// The search itself lives in src/search/; this is options in, report out.

import path from 'node:path';
import { loadPrograms } from '../program/load.js';
import type { TaskReport } from '../pipeline/run.js';
import { style } from '../report/style.js';
import { EXIT, SHIPPED_SOLVERS, displayPath, loadSelectedTasks, writeJson } from './common.js';
import { checkWritable, generateBattery, startExecutor, writeSubmission } from './run.js';
import type { Mode } from '../exec/executor.js';
import { ValidationCache } from '../pipeline/cache.js';
import { watchInterrupts } from './interrupt.js';
import { MIXES } from '../program/mutate.js';
import { Search } from '../search/loop.js';
import { StatusLine, roundLine, searchJson, summary } from '../search/report.js';
import { useColour, formatMs } from '../report/style.js';

export interface CardCliOptions {
  ids: string[];
  battery: string;
  size: number;
  seed: number;
  data: string;
  library?: string[];
}

export async function cardCommand(opts: CardCliOptions): Promise<number> {
  const tasks = await loadSelectedTasks(opts.data, { ids: opts.ids });
  const file = await generateBattery(opts.battery, tasks.map((t) => t.id), [SHIPPED_SOLVERS, ...(opts.library ?? [])], opts.size, opts.seed);
  console.log(displayPath(file));
  return EXIT.ok;
}

/** Candidates per mutation round unless -n says otherwise. */
export const DEFAULT_ROUND_SIZE = 1000;

export interface SearchCliOptions {
  ids?: string[];
  start?: number;
  count?: number;
  data: string;
  time?: number;
  generations?: number;
  size: number;
  mix: string;
  twoStep: number;
  seed: number;
  out: string;
  timeout: number;
  workers: number;
  mode: Mode;
  memory: number;
  keep: number;
  library?: string[];
  json?: string;
  submission?: string;
  cache: boolean;
  quiet?: boolean;
  leaveOwnOut?: boolean;
}

export async function searchCommand(opts: SearchCliOptions): Promise<number> {
  const startedAt = performance.now();
  const out = style(process.stdout);
  const err = style(process.stderr);
  const interrupts = watchInterrupts();
  try {
    const tasks = await loadSelectedTasks(opts.data, { ids: opts.ids, start: opts.start, count: opts.count });
    const library = (await loadPrograms([SHIPPED_SOLVERS, ...(opts.library ?? [])])).programs;
    await checkWritable(opts.out);
    const cache = opts.cache ? new ValidationCache(path.join(opts.out, 'cache')) : undefined;
    const { executor } = await startExecutor(opts);
    const status = new StatusLine();
    const generations = opts.generations ?? (opts.time !== undefined ? Infinity : 3);
    let result;
    try {
      result = await new Search({
        tasks,
        library,
        out: opts.out,
        executor,
        signal: interrupts.signal,
        timeoutMs: opts.timeout * 1000,
        keep: opts.keep,
        ...(cache ? { cache } : {}),
        perRound: opts.size,
        generations,
        ...(opts.time !== undefined ? { budgetMs: opts.time } : {}),
        startedAt,
        seed: opts.seed,
        mix: MIXES[opts.mix],
        twoStep: opts.twoStep,
        ...(opts.leaveOwnOut ? { leaveOwnOut: true } : {}),
        ...(opts.submission ? { reportAll: true } : {}),
        onProgress: (p) => status.update(p),
        onRound: (r) => {
          status.clear();
          if (!opts.quiet) console.log(roundLine(r, tasks.length, out));
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
    for (const line of summary(result, tasks.length, wallMs, out, useColour(process.stdout))) console.log(line);
    if (cache) console.log(`validation cache: ${cache.hits} hits, ${cache.misses} misses`);
    console.log(out.dim(`${tasks.length} task(s), ${executor.mode} with ${executor.workers} worker(s), wall ${formatMs(wallMs)}; store: ${displayPath(opts.out)}`));
    if (opts.json) {
      writeJson(opts.json, searchJson(result, {
        wallMs: Math.round(wallMs),
        ...(opts.time !== undefined ? { timeBudgetMs: opts.time } : {}),
        mode: executor.mode,
        workers: executor.workers,
        cache: cache ? { hits: cache.hits, misses: cache.misses } : null,
      }));
    }
    if (opts.submission) {
      const reports: TaskReport[] = tasks.map((t) => result.reports.get(t.id)).filter((r): r is TaskReport => r !== undefined);
      writeSubmission(opts.submission, tasks, reports);
    }
    return result.interrupted ? EXIT.interrupted : EXIT.ok;
  } finally {
    interrupts.dispose();
  }
}
