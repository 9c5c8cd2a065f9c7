// What crosses the queue: one job per task, carrying the task, a reference to
// the battery (its content hash; the sources themselves sit once in Redis
// under a key of the run) and the options; the result carries the task's
// report and the programs to store. Nothing needs a shared filesystem.

import { createHash } from 'node:crypto';
import type { Task } from '../task/load.js';
import type { TaskReport } from '../pipeline/run.js';
import type { Winner } from '../pipeline/store.js';

/** Bump when the job or result layout changes: a worker refuses jobs of another version (no retry). */
export const PROTOCOL_VERSION = 1;

/** A solver file as the submitter read it: its name (shown in candidate names) and text. */
export interface BatterySource {
  readonly file: string;
  readonly text: string;
}

export function batteryHash(sources: readonly BatterySource[]): string {
  const h = createHash('sha256');
  for (const s of sources) h.update(`${Buffer.byteLength(s.file)}:${s.file}\n${Buffer.byteLength(s.text)}:`).update(s.text);
  return h.digest('hex');
}

/** The Redis key holding a battery's sources (JSON) for one run. */
export const batteryKey = (queue: string, run: string, hash: string): string => `run-batt:${queue}:battery:${run}:${hash}`;
/** Set when a run is cancelled: workers drop its jobs unstarted. */
export const cancelKey = (queue: string, run: string): string => `run-batt:${queue}:cancelled:${run}`;

/** Battery keys outlive a run that died without cleaning up by at most this long. */
export const BATTERY_TTL_S = 7 * 24 * 3600;

export interface JobOptions {
  readonly timeoutMs: number;
  readonly keep: number;
  /** Return two attempts per test input (Kaggle submissions). */
  readonly attempts: boolean;
}

export interface TaskJobData {
  readonly v: number;
  readonly run: string;
  /** Position of the task in the run (for the report order). */
  readonly index: number;
  readonly task: Task;
  readonly battery: { readonly hash: string; readonly key: string };
  readonly options: JobOptions;
}

export interface TaskJobResult {
  readonly v: number;
  readonly report: TaskReport;
  /** The store phase's programs: the submitter files them in its store. */
  readonly winners: readonly Winner[];
  /** Worker name (host:pid) that ran it. */
  readonly worker: string;
  /** Time the job took on the worker. */
  readonly ms: number;
}

/**
 * Stalled-job detection: a worker renews its job locks every lockDuration/2;
 * a worker that dies stops renewing, its lock expires after at most
 * lockDuration, and the next stalled check of any other worker (every
 * stalledInterval) puts the job back in the queue. BullMQ's defaults (30 s
 * each) make that up to a minute; these make it a few seconds. The worker's
 * event loop is never blocked for long (programs run in pool threads), so a
 * live worker renews in time.
 */
export const LOCK_DURATION_MS = 5000;
export const STALLED_INTERVAL_MS = 1500;
/** A job whose worker died twice is failed ("job stalled more than allowable limit") instead of killing more. */
export const MAX_STALLED_COUNT = 1;
/** Retries of a job that threw (not for bad data: that fails at once). */
export const JOB_ATTEMPTS = 3;
export const JOB_BACKOFF_MS = 500;
/** Finished jobs left behind by a submitter that died are removed after this long. */
export const KEEP_FINISHED_S = 24 * 3600;

/** How every job of ours is added (task jobs and executor jobs alike), but its id. */
export const JOB_OPTIONS = {
  attempts: JOB_ATTEMPTS,
  backoff: { type: 'exponential', delay: JOB_BACKOFF_MS },
  removeOnComplete: { age: KEEP_FINISHED_S },
  removeOnFail: { age: KEEP_FINISHED_S },
} as const;

// Executor jobs: any job of src/jobs/ (a search's cross jobs, the pipeline's
// score and validate jobs) run on a worker's pool for a QueueExecutor
// (src/queue/executor.ts). The job travels encoded (codec.ts); a big part
// shared by many jobs (a search's task pack) sits once in Redis as a blob.

/** BullMQ job name of executor jobs (task jobs are named 'task'). */
export const EXEC_JOB = 'exec';

export interface ExecJobData {
  readonly v: number;
  readonly run: string;
  /** The job, encoded; a cross job's pack replaced by { blob: key, id }. */
  readonly job: string;
}

export interface ExecJobResult {
  readonly v: number;
  /** The result, encoded. */
  readonly result: string;
  readonly worker: string;
  readonly ms: number;
}

/** A blob (encoded value) shared by the jobs of one run. */
export const blobKey = (queue: string, run: string, id: string): string => `run-batt:${queue}:blob:${run}:${id}`;
/** A live worker's job slots (its --concurrency), refreshed while it runs: what a QueueExecutor plans for. */
export const workerKey = (queue: string, name: string): string => `run-batt:${queue}:worker:${name}`;
export const workerKeyPattern = (queue: string): string => `run-batt:${queue}:worker:*`;
export const WORKER_KEY_TTL_S = 15;
export const WORKER_KEY_REFRESH_MS = 5000;
