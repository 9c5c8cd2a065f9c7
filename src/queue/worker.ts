// The working side of a queued run: takes task jobs from the queue and runs
// each through the same pipeline (runTask) as a local run, on this process's
// own executor. It needs no shared filesystem: the task and options come in
// the job, the battery from Redis (once per content hash), and the programs
// to store go back with the report.

import { hostname } from 'node:os';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { runTask } from '../pipeline/run.js';
import type { Winner } from '../pipeline/store.js';
import type { ValidationCache } from '../pipeline/cache.js';
import type { Executor } from '../exec/executor.js';
import { toTask, type Task } from '../task/load.js';
import type { RunMetrics } from '../metrics/index.js';
import { redisClient, type QueueAddress } from './connection.js';
import { BatteryCache, BatteryFault, RecentLoads } from './battery.js';
import { decodeValue, encodeValue } from './codec.js';
import type { Job as AnyJob } from '../jobs/index.js';
import { sharePack, type TaskPack } from '../jobs/pack.js';
import {
  EXEC_JOB,
  LOCK_DURATION_MS,
  MAX_STALLED_COUNT,
  PROTOCOL_VERSION,
  STALLED_INTERVAL_MS,
  WORKER_KEY_REFRESH_MS,
  WORKER_KEY_TTL_S,
  cancelKey,
  workerKey,
  type ExecJobData,
  type ExecJobResult,
  type TaskJobData,
  type TaskJobResult,
} from './protocol.js';

export interface QueueWorkerOptions {
  readonly address: QueueAddress;
  readonly executor: Executor;
  /** Jobs (tasks) run at once; they share the executor. */
  readonly concurrency: number;
  readonly metrics?: RunMetrics;
  /** A validation cache local to this worker. */
  readonly cache?: ValidationCache;
  readonly lockDurationMs?: number;
  readonly stalledIntervalMs?: number;
  /** One line per event (stderr). */
  readonly log?: (line: string) => void;
  /** One line per executor job, when wanted (--verbose): a search sends many short ones. */
  readonly verbose?: (line: string) => void;
}

export interface QueueWorker {
  readonly name: string;
  readonly worker: Worker<TaskJobData, TaskJobResult>;
  readonly jobsDone: () => number;
  /** Stops taking jobs, waits for the running ones (force: abandons them), disconnects. */
  close(force?: boolean): Promise<void>;
}

/** Checks a job's data; anything wrong is the data's fault, so the job is failed without retries. */
export function checkJobData(data: unknown): TaskJobData {
  const d = data as Partial<TaskJobData> | null;
  if (!d || typeof d !== 'object') throw new UnrecoverableError('bad job data: not an object');
  if (d.v !== PROTOCOL_VERSION) throw new UnrecoverableError(`bad job data: protocol ${String(d.v)}, this worker speaks ${PROTOCOL_VERSION} (upgrade one side)`);
  if (typeof d.run !== 'string' || typeof d.index !== 'number') throw new UnrecoverableError('bad job data: no run id or index');
  const t = d.task as Partial<Task> | undefined;
  if (!t || typeof t.id !== 'string') throw new UnrecoverableError('bad job data: no task id');
  let task: Task;
  try {
    task = toTask(t.id, { train: t.train, test: t.test }, t.source ?? '(queue)');
  } catch (e) {
    throw new UnrecoverableError(`bad task data: task ${t.id}: ${(e as Error).message}`);
  }
  const b = d.battery;
  if (!b || typeof b.hash !== 'string' || typeof b.key !== 'string') throw new UnrecoverableError(`bad job data: task ${t.id}: no battery reference`);
  const o = d.options;
  if (!o || !(Number.isFinite(o.timeoutMs) && o.timeoutMs > 0) || !(Number.isInteger(o.keep) && o.keep > 0)) throw new UnrecoverableError(`bad job data: task ${t.id}: bad options ${JSON.stringify(o)}`);
  return { v: d.v, run: d.run, index: d.index, task, battery: b, options: { timeoutMs: o.timeoutMs, keep: o.keep, attempts: Boolean(o.attempts) } };
}

const EXEC_KINDS = new Set<AnyJob['kind']>(['score', 'inline', 'validate', 'cross', 'warm']);

/** Checks and decodes an executor job; anything wrong is the data's fault (no retries). */
export function checkExecData(data: unknown): { run: string; job: AnyJob } {
  const d = data as Partial<ExecJobData> | null;
  if (!d || typeof d !== 'object') throw new UnrecoverableError('bad job data: not an object');
  if (d.v !== PROTOCOL_VERSION) throw new UnrecoverableError(`bad job data: protocol ${String(d.v)}, this worker speaks ${PROTOCOL_VERSION} (upgrade one side)`);
  if (typeof d.run !== 'string' || typeof d.job !== 'string') throw new UnrecoverableError('bad job data: no run id or job');
  let job: AnyJob;
  try {
    job = decodeValue<AnyJob>(d.job);
  } catch (e) {
    throw new UnrecoverableError(`bad job data: ${(e as Error).message}`);
  }
  if (!job || typeof job !== 'object' || !EXEC_KINDS.has(job.kind)) throw new UnrecoverableError(`bad job data: unknown job kind ${JSON.stringify((job as { kind?: unknown })?.kind)}`);
  return { run: d.run, job };
}

export async function startQueueWorker(opts: QueueWorkerOptions): Promise<QueueWorker> {
  const log = opts.log ?? (() => undefined);
  const name = `${hostname()}:${process.pid}`;
  const redis: Redis = redisClient(opts.address);
  redis.on('error', () => undefined); // BullMQ's own connection reports trouble
  await redis.connect();
  const batteries = new BatteryCache((key) => redis.get(key));
  // Search task packs (blobs) by key, decoded into shared memory once, the most recent few.
  const packs = new RecentLoads<TaskPack>(4);
  const packAt = (key: string) =>
    packs.get(key, async () => {
      const text = await redis.get(key);
      if (text === null) throw new UnrecoverableError(`the task pack ${key} is not in Redis: its run has ended or was cancelled`);
      return sharePack(decodeValue<TaskPack>(text));
    });
  let done = 0;

  // Our job slots, for submitters that plan their work by them (QueueExecutor).
  const register = () => redis.set(workerKey(opts.address.name, name), String(opts.concurrency), 'EX', WORKER_KEY_TTL_S).catch(() => undefined);
  await register();
  const heartbeat = setInterval(() => void register(), WORKER_KEY_REFRESH_MS);

  const processExec = async (job: Job<ExecJobData, ExecJobResult>): Promise<ExecJobResult> => {
    const t0 = performance.now();
    const retried = job.attemptsStarted > 1;
    const { run, job: work } = checkExecData(job.data);
    if (retried) log(`retry ${work.kind} job ${job.id} (start ${job.attemptsStarted}${job.stalledCounter > 0 ? `, its worker died ${job.stalledCounter} time(s)` : ''})`);
    if ((await redis.exists(cancelKey(opts.address.name, run))) === 1) throw new UnrecoverableError('run cancelled by its submitter');
    let runnable = work;
    if (work.kind === 'cross') {
      const ref = work.pack as unknown as { blob?: unknown };
      if (typeof ref?.blob !== 'string') throw new UnrecoverableError('bad job data: a cross job without its task pack');
      runnable = { ...work, pack: await packAt(ref.blob) };
    }
    opts.verbose?.(`start ${work.kind} job ${job.id}`);
    const [result] = await opts.executor.run([runnable]);
    const ms = performance.now() - t0;
    opts.verbose?.(`done ${work.kind} job ${job.id} in ${Math.round(ms)} ms`);
    opts.metrics?.recordJob(ms, retried);
    done++;
    return { v: PROTOCOL_VERSION, result: encodeValue(result), worker: name, ms };
  };

  const process_ = async (job: Job<TaskJobData, TaskJobResult>): Promise<TaskJobResult> => {
    const t0 = performance.now();
    const retried = job.attemptsStarted > 1;
    const data = checkJobData(job.data);
    log(`start ${data.task.id} (job ${job.id})`);
    if (retried) log(`retry ${data.task.id} (job ${job.id}, start ${job.attemptsStarted}${job.stalledCounter > 0 ? `, its worker died ${job.stalledCounter} time(s)` : ''})`);
    if ((await redis.exists(cancelKey(opts.address.name, data.run))) === 1) throw new UnrecoverableError('run cancelled by its submitter');
    let battery;
    try {
      battery = await batteries.get(data.battery.hash, data.battery.key);
    } catch (e) {
      if (e instanceof BatteryFault) throw new UnrecoverableError(`task ${data.task.id}: ${e.message}`);
      throw e;
    }
    const winners: Winner[] = [];
    const report = await runTask(data.task, battery, {
      executor: opts.executor,
      timeoutMs: data.options.timeoutMs,
      outDir: '',
      keep: data.options.keep,
      attempts: data.options.attempts,
      cache: opts.cache,
      store: async (_id, w) => {
        winners.push(...w);
      },
    });
    const ms = performance.now() - t0;
    opts.metrics?.recordTask(report);
    opts.metrics?.recordJob(ms, retried);
    done++;
    log(`done ${data.task.id} (job ${job.id}) in ${Math.round(ms)} ms: ${report.unique} unique, best ${report.best?.score ?? '-'}`);
    return { v: PROTOCOL_VERSION, report, winners, worker: name, ms };
  };

  const dispatch = (job: Job): Promise<TaskJobResult | ExecJobResult> => (job.name === EXEC_JOB ? processExec(job) : process_(job));
  const worker = new Worker<TaskJobData, TaskJobResult>(opts.address.name, dispatch as never, {
    connection: { ...opts.address.redis },
    name,
    concurrency: opts.concurrency,
    lockDuration: opts.lockDurationMs ?? LOCK_DURATION_MS,
    stalledInterval: opts.stalledIntervalMs ?? STALLED_INTERVAL_MS,
    maxStalledCount: MAX_STALLED_COUNT,
  });
  const seen = new Set<string>();
  worker.on('error', (e) => {
    if (seen.has(e.message)) return;
    seen.add(e.message);
    log(`warning: ${e.message}`);
  });
  worker.on('failed', (job, e) => {
    if (!job) return;
    const final = e instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    if (final) opts.metrics?.recordFailure();
    log(`${final ? 'failed' : 'will retry'} ${job.name === EXEC_JOB ? 'exec job' : (job.data?.task?.id ?? '?')} (job ${job.id}): ${e.message}`);
  });
  await worker.waitUntilReady();

  return {
    name,
    worker,
    jobsDone: () => done,
    async close(force = false) {
      clearInterval(heartbeat);
      await worker.close(force);
      await redis.del(workerKey(opts.address.name, name)).catch(() => undefined);
      redis.disconnect();
    },
  };
}
