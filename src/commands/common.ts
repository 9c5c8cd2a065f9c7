// Shared pieces of the commands: option parsers, paths, output, task loading,
// the executor and the run context.

import { writeFileSync } from 'node:fs';
import { access, stat, constants as fsConstants } from 'node:fs/promises';
import path from 'node:path';
import { loadTasks, formatTaskError, type Task } from '../task/load.js';
import { selectTasks } from '../task/select.js';
import { style } from '../report/style.js';
import { InputError, fsFault } from '../errors.js';
import { createExecutor, type Executor } from '../exec/executor.js';
import { chooseMode, type ModeChoice, type WorkSize } from '../exec/auto.js';
import { ValidationCache } from '../pipeline/cache.js';
import type { RunContext } from '../pipeline/run.js';
import type { Outputs, PoolSettings, Selection, StoreSettings } from '../options.js';
import { reportFiles } from '../options.js';
import { cpuMsSince, type PhaseTiming } from '../timing/phases.js';

/** A path as the user would like to read it: relative to the working directory when inside it. */
export function displayPath(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

export function writeJson(file: string, data: unknown): void {
  const text = JSON.stringify(data, null, 2) + '\n';
  if (file === '-') process.stdout.write(text);
  else writeFileSync(file, text);
}


/** Where human-readable lines go: stdout, unless stdout carries a report (`--json -`). */
export function humanLog(outputs: Outputs): (line: string) => void {
  return outputs.stdoutIsData ? (line) => console.error(line) : (line) => console.log(line);
}

/** The stream human-readable lines go to (for styling). */
export const humanStream = (outputs: Outputs): NodeJS.WriteStream => (outputs.stdoutIsData ? process.stderr : process.stdout);

/** Every report file can be written: checked before any work, so a bad path loses nothing. */
export async function checkReportFiles(outputs: Outputs): Promise<void> {
  for (const { flag, file } of reportFiles(outputs)) {
    const s = await stat(file).catch(() => undefined);
    if (s?.isDirectory()) throw new InputError(`${flag}: is a folder, not a file`, { file });
    try {
      await access(s ? file : path.dirname(path.resolve(file)), fsConstants.W_OK);
    } catch (e) {
      throw new InputError(`${flag}: cannot write: ${fsFault(e)}`, { file });
    }
  }
}

/** Loads the data and selects tasks; problems with files are warnings, a bad selection an input error. */
export async function loadSelectedTasks(selection: Selection): Promise<Task[]> {
  const err = style(process.stderr);
  // With -i, only the named tasks' files are read (unless one is missing: then all, for "did you mean").
  const ids = selection.ids && selection.ids.length > 0 ? selection.ids : undefined;
  let loaded = await loadTasks(selection.data, ids ? { only: ids } : {});
  if (ids && !ids.every((id) => loaded.tasks.some((t) => t.id === id))) loaded = await loadTasks(selection.data);
  for (const e of loaded.errors) console.error(err.yellow(`warning: ${formatTaskError(e)}`));
  const tasks = selectTasks(loaded.tasks, selection);
  if (tasks.length === 0) throw new InputError('no tasks selected', { file: displayPath(selection.data) });
  return tasks;
}

/**
 * A run's executor, launched before the work is loaded so that the pool's start is hidden behind it.
 * With --mode parallel the pool starts at once; with auto it starts when an upper bound of the
 * work is known and does not already rule the pool out (small runs never start it: on two cores
 * a pool warming beside the main thread slows the run down even when it is then not used).
 */
export interface ExecutorLaunch {
  /** An upper bound of the work, known before the work itself (e.g. from the battery's text before it is parsed). */
  bound(upper: WorkSize): void;
  /**
   * The executor to use, once the work is known: auto decides from its size
   * (and a pool that is not wanted is closed); a pool is awaited until warm.
   * The 'pool start' row times only the wait that was not hidden.
   */
  ready(work: WorkSize): Promise<{ executor: Executor; row: PhaseTiming; choice: ModeChoice }>;
  /** Stops a pool that was launched but will not be used (the run failed before its work). */
  abandon(): Promise<void>;
}

/** Starts the pool when parallel mode is forced, or when auto learns the work may be large; see ExecutorLaunch. */
export function launchExecutor(pool: PoolSettings, create: typeof createExecutor = createExecutor): ExecutorLaunch {
  const err = style(process.stderr);
  let executor: Executor | undefined;
  let started: Promise<void> | undefined;
  let t0 = 0;
  let startedMs = 0;
  const start = () => {
    if (executor) return;
    t0 = performance.now();
    executor = create('parallel', {
      workers: pool.workers,
      memoryMb: pool.memoryMb,
      onError: (e) => console.error(err.yellow(`warning: worker pool: ${e.message}`)),
    });
    // Started now; a failure to start is reported when the pool is wanted.
    started = executor.start().then(() => void (startedMs = performance.now() - t0));
    started.catch(() => undefined);
  };
  if (pool.mode === 'parallel') start();
  let settled = false;
  return {
    bound(upper) {
      if (!settled && chooseMode(pool.mode, pool.workers, upper).mode === 'parallel') start();
    },
    async ready(work) {
      settled = true;
      const choice = chooseMode(pool.mode, pool.workers, work);
      if (choice.mode === 'sequential') {
        // Not wanted: closed in the background, the run does not wait for it.
        if (executor) void executor.close().catch(() => undefined);
        return { executor: create('sequential', {}), row: { name: 'pool start', wallMs: 0, taskMs: 0, cpuMs: 0, items: 0 }, choice };
      }
      start();
      const cpu0 = process.cpuUsage();
      const w0 = performance.now();
      await started;
      const cpuMs = cpuMsSince(cpu0);
      // wall: what the run waited for; task ms: the whole start, most of it hidden behind loading.
      return { executor: executor!, row: { name: 'pool start', wallMs: performance.now() - w0, taskMs: startedMs, cpuMs, items: executor!.workers }, choice };
    },
    async abandon() {
      if (!settled && executor) await executor.close().catch(() => undefined);
    },
  };
}

/** The executor for a run, started (pool warmed) and timed as its own row: for commands that know their work at once. */
export async function startExecutor(pool: PoolSettings, work: WorkSize): Promise<{ executor: Executor; row: PhaseTiming; choice: ModeChoice }> {
  const launch = launchExecutor(pool);
  try {
    return await launch.ready(work);
  } catch (e) {
    await launch.abandon();
    throw e;
  }
}

/** The one place a run's settings (a RunContext but for where jobs run) are made from the options. */
export function runSettings(
  opts: { readonly timeoutMs: number; readonly store: StoreSettings; readonly outputs: Outputs },
  extra: { cache?: ValidationCache; signal?: AbortSignal; attempts?: boolean },
): Omit<RunContext, 'executor'> {
  return {
    timeoutMs: opts.timeoutMs,
    outDir: opts.store.dir,
    keep: opts.store.keep,
    ...(extra.cache ? { cache: extra.cache } : {}),
    ...(extra.signal ? { signal: extra.signal } : {}),
    attempts: extra.attempts ?? opts.outputs.submission !== undefined,
  };
}

/** The store's validation cache, unless --no-cache; a failing write turns it off with one warning. */
export function openCache(store: StoreSettings): ValidationCache | undefined {
  if (!store.cache) return undefined;
  const err = style(process.stderr);
  return new ValidationCache(path.join(store.dir, 'cache'), (reason) =>
    console.error(err.yellow(`warning: validation cache: cannot write (${reason}); the cache is off for the rest of this run`)),
  );
}
