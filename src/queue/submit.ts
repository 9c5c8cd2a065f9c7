// The submitting side of a queued run: one BullMQ job per task, results
// collected as workers finish them, the store written here. Jobs of one run
// carry that run's id (job ids `<run>.<index>`), so several submitters can
// share a queue without seeing each other's results.

import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Job, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { storeWinners } from '../pipeline/store.js';
import { InputError, fsFault } from '../errors.js';
import { STATUSES, type Status } from '../status.js';
import type { TaskReport } from '../pipeline/run.js';
import type { PhaseTiming } from '../timing/phases.js';
import { parseQueueUrl, probeRedis, redisClient, type QueueAddress } from './connection.js';
import {
  BATTERY_TTL_S,
  JOB_OPTIONS,
  PROTOCOL_VERSION,
  batteryHash,
  batteryKey,
  cancelKey,
  type TaskJobData,
  type TaskJobResult,
} from './protocol.js';
import type { BatteryInput, RunOutcome, RunSettings, TaskItem, TaskRunner } from './runner.js';

/** The report of a task whose job failed: no counts, the reason. */
export function failedReport(id: string, error: string): TaskReport {
  return {
    id,
    candidates: 0,
    unique: 0,
    statuses: Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>,
    best: null,
    known: 0,
    solved: false,
    programs: [],
    stored: 0,
    phases: [],
    cache: { hits: 0, misses: 0 },
    error,
  };
}

export interface QueueRunnerOptions {
  /** Told about progress and trouble (stderr). */
  readonly log?: (line: string) => void;
  /** How often outstanding jobs are checked directly (events can be missed). */
  readonly pollMs?: number;
  /** Give up when Redis has not answered for this long. */
  readonly lostAfterMs?: number;
}

export const newRunId = () => `${hostname().replace(/[^A-Za-z0-9]/g, '').slice(0, 20) || 'host'}-${process.pid}-${randomBytes(4).toString('hex')}`;

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}

export class QueueRunner implements TaskRunner {
  readonly mode = 'queue';
  private readonly seen = new Set<string>();
  private readonly log: (line: string) => void;
  /** Jobs that were started more than once (a worker died, or the job threw and was retried). */
  retries = 0;
  /** Time the finished jobs took on their workers, summed. */
  jobMs = 0;

  private constructor(
    readonly address: QueueAddress,
    readonly queue: Queue,
    readonly events: QueueEvents,
    readonly redis: Redis,
    private readonly opts: QueueRunnerOptions,
  ) {
    this.log = opts.log ?? (() => undefined);
  }

  /** Connects, or fails with an input error naming the URL (before any work). */
  static async connect(url: string, opts: QueueRunnerOptions = {}): Promise<QueueRunner> {
    const q = await openQueue(url, opts.log);
    return new QueueRunner(q.address, q.queue, q.events, q.redis, opts);
  }

  get workers(): number {
    return this.seen.size;
  }

  describe(): string {
    return `queue ${this.address.display} with ${this.seen.size} worker(s)`;
  }

  /** Jobs on the queue by state (all runs). */
  depth(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed') as Promise<Record<string, number>>;
  }

  async run(items: readonly TaskItem[], s: RunSettings, onReport: (r: TaskReport, ms: number) => void): Promise<RunOutcome> {
    const run = newRunId();
    const reports: (TaskReport | undefined)[] = new Array(items.length);
    const batteries = new Map<BatteryInput, { hash: string; key: string }>();
    const pending = new Map<string, number>(); // job id -> task index, until its result is taken
    let unreported = items.length;
    const collecting = new Set<string>();
    const jobId = (k: number) => `${run}.${k}`;
    if (s.signal?.aborted) return { reports: [], interrupted: true };

    // The batteries, once each, under keys of this run.
    for (const item of items) {
      if (batteries.has(item.battery)) continue;
      const sources = await item.battery.sources();
      const hash = batteryHash(sources);
      const key = batteryKey(this.address.name, run, hash);
      await this.redis.set(key, JSON.stringify(sources), 'EX', BATTERY_TTL_S);
      batteries.set(item.battery, { hash, key });
    }

    let settle!: (o: RunOutcome) => void;
    let fail!: (e: unknown) => void;
    const finished = new Promise<RunOutcome>((resolve, reject) => {
      settle = resolve;
      fail = reject;
    });
    const ordered = (): TaskReport[] => reports.filter((r): r is TaskReport => r !== undefined);

    const collect = async (id: string): Promise<void> => {
      const k = pending.get(id);
      if (k === undefined || collecting.has(id)) return;
      collecting.add(id);
      try {
        const done = await finishedJob<TaskJobData, TaskJobResult>(this.queue, id);
        if (done === undefined) return; // retried: not finished yet
        const { job, state } = done;
        if (!pending.delete(id)) return;
        let report: TaskReport;
        let ms = 0;
        if (!job) {
          report = failedReport(items[k].task.id, 'the job disappeared from the queue (removed by someone else?)');
        } else if (state === 'failed') {
          report = failedReport(items[k].task.id, `${job.failedReason} (after ${job.attemptsMade} attempt(s))`);
          ms = (job.finishedOn ?? 0) - (job.processedOn ?? job.finishedOn ?? 0);
        } else {
          const result = job.returnvalue;
          if (!result || result.v !== PROTOCOL_VERSION) {
            report = failedReport(items[k].task.id, `worker answered with protocol ${result?.v ?? '?'}, expected ${PROTOCOL_VERSION}`);
          } else {
            this.seen.add(result.worker);
            report = await this.store(result, s);
            ms = result.ms;
            this.jobMs += result.ms;
          }
        }
        if ((job?.attemptsStarted ?? 0) > 1) this.retries++;
        await job?.remove().catch(() => undefined);
        reports[k] = report;
        onReport(report, ms);
        if (--unreported === 0) settle({ reports: ordered(), interrupted: false });
      } catch (e) {
        fail(e);
      } finally {
        collecting.delete(id);
      }
    };

    const onFinished = ({ jobId: id }: { jobId: string }) => void collect(id);
    this.events.on('completed', onFinished);
    this.events.on('failed', onFinished);

    // Ctrl-C: queued jobs removed; running ones finish on their workers and are dropped.
    const onAbort = () => {
      void (async () => {
        let removed = 0;
        const running = [...pending.keys()];
        pending.clear();
        try {
          await this.redis.set(cancelKey(this.address.name, run), '1', 'EX', 3600);
          // Last first (the least likely to have started); only jobs still waiting.
          for (const id of running.reverse()) if (await removeIfWaiting(this.queue, id)) removed++;
        } catch {
          // Redis gone: nothing more to remove.
        }
        const left = running.length - removed;
        this.log(`queue: removed ${removed} queued job(s)${left > 0 ? `; ${left} running job(s) finish on their workers and are dropped` : ''}`);
        settle({ reports: ordered(), interrupted: true });
      })();
    };
    s.signal?.addEventListener('abort', onAbort, { once: true });

    // Events can be missed (a stream trimmed under load): look at outstanding jobs directly now and then.
    let lastAnswer = performance.now();
    let polling = false;
    const poll = setInterval(() => {
      if (polling || pending.size === 0) return;
      polling = true;
      void (async () => {
        try {
          const ended = await endedJobs(this.queue, pending.keys());
          lastAnswer = performance.now();
          for (const id of ended) void collect(id);
        } catch (e) {
          if (performance.now() - lastAnswer > (this.opts.lostAfterMs ?? 30_000)) {
            pending.clear();
            settle({ reports: ordered(), interrupted: true, lost: `lost the connection to Redis at ${this.address.display}: ${(e as Error).message}` });
          }
        } finally {
          polling = false;
        }
      })();
    }, this.opts.pollMs ?? 2000);

    try {
      const jobs = items.map((item, k) => ({
        name: 'task',
        data: { v: PROTOCOL_VERSION, run, index: k, task: item.task, battery: batteries.get(item.battery)!, options: { timeoutMs: s.timeoutMs, keep: s.keep, attempts: Boolean(s.attempts) } } satisfies TaskJobData,
        opts: { ...JOB_OPTIONS, jobId: jobId(k) },
      }));
      items.forEach((_, k) => pending.set(jobId(k), k));
      for (let k = 0; k < jobs.length; k += 500) await this.queue.addBulk(jobs.slice(k, k + 500));
      if (items.length === 0) settle({ reports: [], interrupted: false });
      const workers = await this.queue.getWorkersCount().catch(() => -1);
      this.log(`queue: ${items.length} job(s) on ${this.address.display} (run ${run}); ${workers >= 0 ? `${workers} worker(s) connected` : 'workers unknown'}${workers === 0 ? `: start one with run-batt worker --queue ${this.address.display}` : ''}`);
      return await finished;
    } finally {
      clearInterval(poll);
      this.events.off('completed', onFinished);
      this.events.off('failed', onFinished);
      s.signal?.removeEventListener('abort', onAbort);
      await withTimeout(this.redis.del(...[...batteries.values()].map((b) => b.key)), 2000, 'delete batteries').catch(() => undefined);
    }
  }

  /** Files a worker's winners in the local store; the time it takes joins the store phase. */
  private async store(result: TaskJobResult, s: RunSettings): Promise<TaskReport> {
    const r = result.report;
    if (result.winners.length === 0) return r;
    const t0 = performance.now();
    try {
      await storeWinners(s.outDir, r.id, result.winners, s.keep);
    } catch (e) {
      // As in a local run: the store failing for this task (a file in the way, a full disk) costs only its winners.
      if (!(e instanceof InputError) && (e as NodeJS.ErrnoException)?.code === undefined) throw e;
      return { ...r, stored: 0, storeFault: { message: e instanceof InputError ? e.message : `${s.outDir}: ${fsFault(e)}`, input: e instanceof InputError } };
    }
    const ms = performance.now() - t0;
    const phases = r.phases.map((p): PhaseTiming => (p.name === 'store' ? { ...p, wallMs: p.wallMs + ms, taskMs: p.taskMs + ms } : p));
    return { ...r, phases };
  }

  async close(): Promise<void> {
    await closeQueue(this);
  }
}

/** A submitter's side of a queue: the BullMQ queue, its events, and a plain client for our own keys. */
export interface OpenQueue {
  readonly address: QueueAddress;
  readonly queue: Queue;
  readonly events: QueueEvents;
  readonly redis: Redis;
}

/** Connects to the queue at `url`, or fails with an input error naming the URL (before any work); each distinct error is told once. */
export async function openQueue(url: string, log?: (line: string) => void): Promise<OpenQueue> {
  const address = parseQueueUrl(url);
  await probeRedis(address);
  const queue = new Queue(address.name, { connection: { ...address.redis } });
  const events = new QueueEvents(address.name, { connection: { ...address.redis } });
  const redis = redisClient(address);
  const seenErrors = new Set<string>();
  const onError = (e: Error) => {
    if (seenErrors.has(e.message)) return;
    seenErrors.add(e.message);
    log?.(`warning: queue ${address.display}: ${e.message}`);
  };
  queue.on('error', onError);
  events.on('error', onError);
  redis.on('error', onError);
  await Promise.all([queue.waitUntilReady(), events.waitUntilReady(), redis.connect()]);
  return { address, queue, events, redis };
}

/**
 * A job that has ended (completed or failed) with its state, or gone from the queue (job
 * undefined); undefined while it has not ended (waiting, running, or retried after a failure).
 */
export async function finishedJob<D, R>(queue: Queue, id: string): Promise<{ job: Job<D, R> | undefined; state: string } | undefined> {
  const job = await Job.fromId<D, R>(queue, id);
  const state = job ? await job.getState() : 'unknown';
  if (job && state !== 'completed' && state !== 'failed') return undefined;
  return { job, state };
}

/** Of outstanding job ids (the first 100 looked at), those that ended or are gone: events can be missed (a stream trimmed under load). */
export async function endedJobs(queue: Queue, ids: Iterable<string>): Promise<string[]> {
  const some = [...ids].slice(0, 100);
  const states = await withTimeout(Promise.all(some.map((id) => queue.getJobState(id))), 5000, 'job states');
  return some.filter((_, k) => states[k] === 'completed' || states[k] === 'failed' || states[k] === 'unknown');
}

/**
 * Removes a job that no worker has taken (waiting, delayed or prioritized); true when it did. A
 * finished job is left alone (removing it would count it as never run), and a job taken in between
 * is locked and stays.
 */
export async function removeIfWaiting(queue: Queue, id: string): Promise<boolean> {
  const state = await withTimeout(queue.getJobState(id), 2000, 'state').catch(() => 'unknown');
  if (state !== 'waiting' && state !== 'delayed' && state !== 'prioritized') return false;
  return (await withTimeout(queue.remove(id), 2000, 'remove').catch(() => 0)) > 0;
}

/** Closes what openQueue opened; with Redis gone a graceful close would wait for it, so it gives up after a few seconds. */
export async function closeQueue(q: { readonly queue: Queue; readonly events: QueueEvents; readonly redis: Redis }): Promise<void> {
  await withTimeout(Promise.allSettled([q.events.close(), q.queue.close()]), 3000, 'close').catch(() => {
    void q.events.disconnect?.();
    void q.queue.disconnect?.();
  });
  q.redis.disconnect();
}
