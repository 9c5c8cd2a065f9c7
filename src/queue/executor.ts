// The queue behind the executor interface: every job a command hands its
// executor (a search's cross jobs, the pipeline's score, inline and validate
// jobs) becomes one BullMQ job, run by `run-batt worker` processes on their
// own pools, with their own crash isolation. The command runs exactly the
// code it runs locally; only where the jobs run changes.
//
// A job's worker dying is BullMQ's stalled-job case (the job is retried on
// another worker); a job that fails for good comes back as that job's
// crashed result (its items get the status error), so one bad job costs
// only its items. Ctrl-C removes this executor's waiting jobs.

import type { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Job as AnyJob, ResultOf } from '../jobs/index.js';
import type { TaskPack } from '../jobs/pack.js';
import { crashedResult } from '../exec/isolate.js';
import { Interrupted, type Executor } from '../exec/executor.js';
import type { QueueAddress } from './connection.js';
import { encodeValue, decodeValue } from './codec.js';
import { closeQueue, endedJobs, finishedJob, newRunId, openQueue, removeIfWaiting, withTimeout } from './submit.js';
import {
  BATTERY_TTL_S,
  EXEC_JOB,
  JOB_OPTIONS,
  PROTOCOL_VERSION,
  blobKey,
  cancelKey,
  workerKeyPattern,
  type ExecJobData,
  type ExecJobResult,
} from './protocol.js';

export interface QueueExecutorOptions {
  readonly log?: (line: string) => void;
  /** How often outstanding jobs are checked directly (events can be missed). */
  readonly pollMs?: number;
  /** Give up when Redis has not answered for this long. */
  readonly lostAfterMs?: number;
  /** Told once when Redis is lost, before the outstanding jobs reject with Interrupted (so the command can stop as if interrupted, and report). */
  readonly onLost?: (why: string) => void;
}

interface Waiting {
  readonly job: AnyJob;
  readonly resolve: (r: unknown) => void;
  readonly reject: (e: unknown) => void;
}

/** A pack in a job: a reference to its blob. */
interface PackRef {
  readonly blob: string;
  readonly id: string;
}

export class QueueExecutor implements Executor {
  readonly mode = 'queue' as const;
  /** Job slots of the workers on the queue (refreshed while running); at least 1. */
  workers = 1;
  /** Jobs that were started more than once (a worker died, or the job threw and was retried). */
  retries = 0;
  /** Jobs that failed for good (their items got the status error). */
  failed = 0;
  /** Time the finished jobs took on their workers, summed. */
  jobMs = 0;
  private readonly run_ = newRunId();
  private readonly waiting = new Map<string, Waiting>();
  private readonly blobs = new Map<string, Promise<string>>();
  private readonly seen = new Set<string>();
  private readonly log: (line: string) => void;
  private next = 0;
  private poll?: NodeJS.Timeout;
  private refresh?: NodeJS.Timeout;
  private lastAnswer = performance.now();
  /** Why the executor stopped: the connection to Redis was lost (set once). */
  lost?: string;

  private constructor(
    readonly address: QueueAddress,
    readonly queue: Queue,
    readonly events: QueueEvents,
    readonly redis: Redis,
    private readonly opts: QueueExecutorOptions,
  ) {
    this.log = opts.log ?? (() => undefined);
  }

  /** Connects, or fails with an input error naming the URL (before any work). */
  static async connect(url: string, opts: QueueExecutorOptions = {}): Promise<QueueExecutor> {
    const q = await openQueue(url, opts.log);
    return new QueueExecutor(q.address, q.queue, q.events, q.redis, opts);
  }

  /** Worker processes whose results came back. */
  get workersSeen(): number {
    return this.seen.size;
  }

  async start(): Promise<void> {
    if ((await this.countSlots()) === 0) this.log(`queue: no worker connected to ${this.address.display} yet: start one with run-batt worker --queue ${this.address.display}`);
    this.events.on('completed', this.onFinished);
    this.events.on('failed', this.onFinished);
    this.poll = setInterval(() => void this.pollOutstanding(), this.opts.pollMs ?? 2000);
    // Workers that join later get jobs from the next batch the command plans.
    this.refresh = setInterval(() => void this.countSlots(), 5000);
  }

  run<J extends AnyJob>(jobs: readonly J[], signal?: AbortSignal): Promise<ResultOf<J>[]> {
    return Promise.all(jobs.map((job) => this.runOne(job, signal)));
  }

  /** The jobs run in other processes (run-batt worker): none of this process's threads. */
  workerThreads(): readonly number[] {
    return [];
  }

  async close(): Promise<void> {
    clearInterval(this.poll);
    clearInterval(this.refresh);
    this.events.off('completed', this.onFinished);
    this.events.off('failed', this.onFinished);
    const keys = [...this.blobs.keys()].map((id) => blobKey(this.address.name, this.run_, id));
    if (keys.length > 0) await withTimeout(this.redis.del(...keys), 2000, 'delete blobs').catch(() => undefined);
    await closeQueue(this);
  }

  private async runOne<J extends AnyJob>(job: J, signal?: AbortSignal): Promise<ResultOf<J>> {
    if (this.lost !== undefined || signal?.aborted) throw new Interrupted();
    const id = `${this.run_}.${this.next++}`;
    const data: ExecJobData = { v: PROTOCOL_VERSION, run: this.run_, job: await this.encodeJob(job) };
    const result = new Promise<unknown>((resolve, reject) => this.waiting.set(id, { job, resolve, reject }));
    // It may end (Ctrl-C, Redis lost) before the job is even added: never an unhandled rejection, and
    // never waiting on an add that Redis will not answer.
    result.catch(() => undefined);
    const onAbort = () => void this.cancel(id);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await Promise.race([this.queue.add(EXEC_JOB, data, { ...JOB_OPTIONS, jobId: id }), result]);
      return (await result) as ResultOf<J>;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.waiting.delete(id);
    }
  }

  /** The job as text; a cross job's pack goes once into Redis and travels as a reference. */
  private async encodeJob(job: AnyJob): Promise<string> {
    if (job.kind !== 'cross') return encodeValue(job);
    const pack = job.pack;
    let stored = this.blobs.get(pack.id);
    if (!stored) {
      const key = blobKey(this.address.name, this.run_, pack.id);
      stored = this.redis.set(key, encodeValue(pack), 'EX', BATTERY_TTL_S).then(() => key);
      this.blobs.set(pack.id, stored);
      stored.catch(() => this.blobs.delete(pack.id));
    }
    const ref: PackRef = { blob: await stored, id: pack.id };
    return encodeValue({ ...job, pack: ref as unknown as TaskPack });
  }

  private readonly onFinished = ({ jobId }: { jobId: string }) => void this.collect(jobId);

  private async collect(id: string): Promise<void> {
    const w = this.waiting.get(id);
    if (!w) return;
    try {
      const done = await finishedJob<ExecJobData, ExecJobResult>(this.queue, id);
      if (done === undefined) return; // retried: not finished yet
      const { job, state } = done;
      if (!this.waiting.delete(id)) return;
      if ((job?.attemptsStarted ?? 0) > 1) this.retries++;
      let result: unknown;
      if (!job) {
        this.failed++;
        result = crashedResult(w.job, 'error', 'QueueError: the job disappeared from the queue');
      } else if (state === 'failed') {
        this.failed++;
        this.log(`queue: a ${w.job.kind} job failed on the queue: ${job.failedReason} (after ${job.attemptsMade} attempt(s)); its items get the status error`);
        result = crashedResult(w.job, 'error', `QueueError: ${job.failedReason}`);
      } else {
        const r = job.returnvalue;
        if (!r || r.v !== PROTOCOL_VERSION) {
          this.failed++;
          result = crashedResult(w.job, 'error', `QueueError: worker answered with protocol ${r?.v ?? '?'}, expected ${PROTOCOL_VERSION}`);
        } else {
          this.seen.add(r.worker);
          this.jobMs += r.ms;
          result = decodeValue(r.result);
        }
      }
      await job?.remove().catch(() => undefined);
      w.resolve(result);
    } catch (e) {
      this.waiting.delete(id);
      w.reject(e);
    }
  }

  /** Events can be missed: look at outstanding jobs directly now and then. */
  private polling = false;
  private async pollOutstanding(): Promise<void> {
    if (this.polling || this.waiting.size === 0) return;
    this.polling = true;
    try {
      const ended = await endedJobs(this.queue, this.waiting.keys());
      this.lastAnswer = performance.now();
      for (const id of ended) void this.collect(id);
    } catch (e) {
      if (this.lost === undefined && performance.now() - this.lastAnswer > (this.opts.lostAfterMs ?? 30_000)) {
        this.lost = `lost the connection to Redis at ${this.address.display}: ${(e as Error).message}`;
        this.opts.onLost?.(this.lost);
        for (const w of this.waiting.values()) w.reject(new Interrupted());
        this.waiting.clear();
      }
    } finally {
      this.polling = false;
    }
  }

  /** Ctrl-C: the job leaves the queue if it has not started (a running one finishes on its worker and is dropped). */
  private async cancel(id: string): Promise<void> {
    const w = this.waiting.get(id);
    this.waiting.delete(id);
    try {
      await withTimeout(this.redis.set(cancelKey(this.address.name, this.run_), '1', 'EX', 3600), 2000, 'cancel');
      await removeIfWaiting(this.queue, id);
    } catch {
      // Redis gone: nothing more to remove.
    }
    w?.reject(new Interrupted());
  }

  /** Sums the job slots the live workers registered into `workers` (at least 1; kept when Redis does not answer); returns the sum. */
  private async countSlots(): Promise<number | undefined> {
    try {
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, found] = await withTimeout(this.redis.scan(cursor, 'MATCH', workerKeyPattern(this.address.name), 'COUNT', 200), 2000, 'scan');
        cursor = next;
        keys.push(...found);
      } while (cursor !== '0');
      const values = keys.length > 0 ? await this.redis.mget(...keys) : [];
      const slots = values.reduce((s, v) => s + Math.max(0, Number(v) || 0), 0);
      this.workers = Math.max(1, slots);
      return slots;
    } catch {
      return undefined; // the last count stays
    }
  }
}
