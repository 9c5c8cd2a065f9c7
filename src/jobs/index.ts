// The units of work: what a job carries, what it returns, and the one
// handler that runs it wherever it is (a worker thread, or the main thread
// in sequential mode). Below the executor: nothing here knows where it runs.

import { scoreBatch, type ScoreJob, type ScoreBatchResult } from './score.js';
import { inlineBatch, type InlineJob, type InlineResult } from './inline.js';
import { validatePrograms, type ValidateJob, type ValidateResult } from './validate.js';
import { warmUp } from './warm.js';
import { crossEvaluate, type CrossJob, type CrossResult } from './cross.js';
import { tuneForPrograms } from '../program/jit.js';

export type { ScoreJob, ScoreBatchResult, ScoreResult } from './score.js';
export type { InlineJob, InlineResult, Inlined } from './inline.js';
export type { ValidateJob, ValidateResult, Validated } from './validate.js';
export type { Sample } from './samples.js';
export type { CrossJob, CrossResult } from './cross.js';

export interface WarmJob {
  readonly kind: 'warm';
}
export interface WarmResult {
  readonly taskMs: number;
  readonly threadId: number;
}

export type Job = WarmJob | ScoreJob | InlineJob | ValidateJob | CrossJob;
export type ResultOf<J extends Job> = J extends ScoreJob
  ? ScoreBatchResult
  : J extends InlineJob
    ? InlineResult
    : J extends ValidateJob
      ? ValidateResult
      : J extends CrossJob
        ? CrossResult
        : WarmResult;

/** Runs a job where it is: in a worker thread, or in the main thread in sequential mode. */
export function handleJob(job: Job, threadId = 0): ResultOf<Job> {
  // Every job but a worker's warm-up runs programs (the warm-up runs while the pool's workers start).
  if (job.kind !== 'warm') tuneForPrograms();
  switch (job.kind) {
    case 'score':
      return scoreBatch(job);
    case 'inline':
      return inlineBatch(job);
    case 'validate':
      return validatePrograms(job);
    case 'cross':
      return crossEvaluate(job);
    case 'warm': {
      const t0 = performance.now();
      warmUp();
      return { taskMs: performance.now() - t0, threadId };
    }
  }
}
