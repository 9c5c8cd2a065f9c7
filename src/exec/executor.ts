// Where jobs run. Sequential and parallel modes run the same job handlers
// (src/jobs/); they differ only in where: the main thread, or a piscina pool.
//
// The pool: one per process, fixed size (min = max threads, no idle reaping),
// warmed before timing starts, never nested, and never holding more jobs than
// it has workers (our own back-pressure), so a job starts when it is
// submitted and the backstop watchdog armed then measures running time, not
// queueing time. Programs are stopped cooperatively inside the worker (the
// DSL time budget); the watchdog and the heap limit are for what escapes
// that. A job whose worker dies is split and retried until the item that
// kills workers is alone and gets the status TIMEOUT or OOM.

import { defaultWorkers } from './cores.js';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Piscina } from 'piscina';
import { handleJob, type Job, type ResultOf } from '../jobs/index.js';
import { crashedResult, joinResults, splitJob } from './isolate.js';
import type { FailureStatus } from '../status.js';
import { MAX_TIMER_MS, watchdogFor } from './sizing.js';
import { recordedThreads, threadSlots } from '../timing/threads.js';

/** Where jobs run: the main thread, this process's pool, or workers on a queue (src/queue/executor.ts). */
export type Mode = LocalMode | 'queue';
/** The modes of this machine (what auto chooses between, what bench compares). */
export type LocalMode = 'parallel' | 'sequential';

export interface Executor {
  readonly mode: Mode;
  readonly workers: number;
  /** Start and warm the workers (a no-op in sequential mode). */
  start(): Promise<void>;
  /** Runs the jobs, in parallel where possible; results in job order. Rejects with Interrupted once `signal` aborts. */
  run<J extends Job>(jobs: readonly J[], signal?: AbortSignal): Promise<ResultOf<J>[]>;
  /** Stops the workers. */
  close(): Promise<void>;
  /** The OS thread ids of this process's threads that run its jobs besides the main thread (the pool's workers; Linux). */
  workerThreads(): readonly number[];
}

export class SequentialExecutor implements Executor {
  readonly mode = 'sequential' as const;
  readonly workers = 1;
  async start(): Promise<void> {}
  async run<J extends Job>(jobs: readonly J[], signal?: AbortSignal): Promise<ResultOf<J>[]> {
    const results: ResultOf<J>[] = [];
    for (const job of jobs) {
      // Yield between jobs so a Ctrl-C can be heard: the main thread is the one running them.
      await new Promise((resolve) => setImmediate(resolve));
      if (signal?.aborted) throw new Interrupted();
      results.push(handleJob(job) as ResultOf<J>);
    }
    return results;
  }
  async close(): Promise<void> {}
  workerThreads(): readonly number[] {
    return [];
  }
}

export interface PoolOptions {
  readonly workers?: number;
  /** Heap cap per worker, in MB (resourceLimits.maxOldGenerationSizeMb). */
  readonly memoryMb?: number;
  /** Backstop per job: how long it may run before its worker is terminated (default: watchdogFor, from the job's own time limit). */
  readonly watchdogMs?: (job: Job) => number;
  /** Told about pool-level errors (e.g. a replacement worker failing). */
  readonly onError?: (e: Error) => void;
}

/** The compiled worker entry: dist/exec/worker-entry.cjs (see there), found from here whether this module runs from src/ or dist/. */
function workerFile(): string {
  const file = fileURLToPath(new URL('../../dist/exec/worker-entry.cjs', import.meta.url));
  if (!existsSync(file)) throw new Error(`worker not built: ${file} is missing (run npm install or npm run build)`);
  return file;
}

const YOUNG_GENERATION_MB = 64;

export class PoolExecutor implements Executor {
  readonly mode = 'parallel' as const;
  readonly workers: number;
  /** piscina is loaded with the first pool: a run in the main thread never loads it. */
  private readonly pool: Promise<Piscina>;
  private started: Piscina | undefined;
  private readonly waiting: (() => void)[] = [];
  private running = 0;
  /** Each worker writes its OS thread id here as it starts (src/exec/worker.ts). */
  private readonly threadIds = threadSlots();

  constructor(private readonly options: PoolOptions = {}) {
    this.workers = options.workers ?? defaultWorkers();
    this.pool = import('piscina').then(({ Piscina }) => {
      const pool = new Piscina({
        filename: workerFile(),
        minThreads: this.workers,
        maxThreads: this.workers,
        idleTimeout: 2 ** 31 - 1,
        maxQueue: this.workers * 2,
        concurrentTasksPerWorker: 1,
        workerData: { threads: this.threadIds },
        // A young generation of 64 MB (V8's default is far smaller for workers): DSL programs make
        // short-lived grids and sets at a high rate, and a small nursery promotes them, which made
        // two busy workers each 1.4x slower than one (measured; see README). The main thread gets
        // the same size from bin/run-batt.js (--max-semi-space-size=21), so the modes compare fairly
        // (its old generation's first limit, 64 MB from the bin, a worker cannot be given: resourceLimits
        // has no initial size, and V8's flags are back at their defaults when the workers start).
        // Kept to a quarter of a small heap cap: a nursery larger than the old generation makes V8
        // abort the whole process at the limit instead of failing the worker with ERR_WORKER_OUT_OF_MEMORY.
        resourceLimits: {
          maxOldGenerationSizeMb: options.memoryMb ?? 1024,
          maxYoungGenerationSizeMb: Math.min(YOUNG_GENERATION_MB, Math.max(4, Math.floor((options.memoryMb ?? 1024) / 4))),
        },
      });
      // A worker replaced after an OOM can fail again with no task attached: never let that crash the run.
      pool.on('error', (e: Error) => options.onError?.(e));
      return (this.started = pool);
    });
  }

  async start(): Promise<void> {
    await Promise.all(Array.from({ length: this.workers }, () => this.submit({ kind: 'warm' })));
  }

  run<J extends Job>(jobs: readonly J[], signal?: AbortSignal): Promise<ResultOf<J>[]> {
    return Promise.all(jobs.map((job) => this.runIsolated(job, signal)));
  }

  /** The pool's worker threads (for tests that kill one). */
  get threads(): readonly { terminate(): Promise<number> }[] {
    return this.started?.threads ?? [];
  }

  async close(): Promise<void> {
    await (await this.pool).destroy();
  }

  workerThreads(): readonly number[] {
    return recordedThreads(this.threadIds);
  }

  /** Runs a job; if its worker dies, splits it and retries until the culprit is alone. */
  private async runIsolated<J extends Job>(job: J, signal?: AbortSignal): Promise<ResultOf<J>> {
    try {
      return await this.submit(job, signal);
    } catch (e) {
      if (signal?.aborted) throw new Interrupted();
      const crash = crashStatus(e);
      if (crash === undefined) throw e;
      const halves = splitJob(job);
      if (!halves) return crashedResult(job, crash, describeCrash(crash, e));
      const [a, b] = await Promise.all(halves.map((h) => this.runIsolated(h, signal)));
      return joinResults(job, a, b);
    }
  }

  /** One job on one worker, after a free slot: back-pressure keeps piscina's queue empty. */
  private async submit<J extends Job>(job: J, signal?: AbortSignal): Promise<ResultOf<J>> {
    await this.acquire();
    const pool = await this.pool;
    const abort = new AbortController();
    const limit = Math.min((this.options.watchdogMs ?? watchdogFor)(job), MAX_TIMER_MS);
    const timer = setTimeout(() => abort.abort(new WatchdogTimeout(limit)), limit);
    const onInterrupt = () => abort.abort(new Interrupted());
    signal?.addEventListener('abort', onInterrupt, { once: true });
    try {
      if (signal?.aborted) throw new Interrupted();
      return (await pool.run(job, { signal: abort.signal })) as ResultOf<J>;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onInterrupt);
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.running < this.workers) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }

}

/** The run was interrupted (Ctrl-C, SIGTERM): pending work was cancelled. */
export class Interrupted extends Error {
  constructor() {
    super('interrupted');
    this.name = 'Interrupted';
  }
}

class WatchdogTimeout extends Error {
  constructor(readonly limitMs: number) {
    super(`job ran past its backstop limit of ${limitMs} ms`);
    this.name = 'WatchdogTimeout';
  }
}

/** Was this rejection the death of a worker (and its status), rather than a bug? */
function crashStatus(e: unknown): FailureStatus | undefined {
  const err = e as { code?: string; name?: string; message?: string; cause?: unknown };
  if (err?.code === 'ERR_WORKER_OUT_OF_MEMORY' || /out of memory|memory limit/i.test(err?.message ?? '')) return 'oom';
  if (err?.name === 'AbortError' || err instanceof WatchdogTimeout || err?.cause instanceof WatchdogTimeout) return 'timeout';
  if (/worker (exited|terminated)|Terminating worker/i.test(err?.message ?? '')) return 'error';
  return undefined;
}

function describeCrash(crash: FailureStatus, e: unknown): string {
  if (crash === 'oom') return 'WorkerOutOfMemory';
  if (crash === 'timeout') return 'WorkerTimeout';
  return `WorkerCrash: ${(e as Error)?.message ?? e}`;
}

export function createExecutor(mode: LocalMode, options: PoolOptions = {}): Executor {
  return mode === 'sequential' ? new SequentialExecutor() : new PoolExecutor(options);
}

