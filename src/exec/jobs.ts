// The units of work the executor carries, and what to do when one of them
// takes its worker down: split it and retry the halves, so a candidate that
// kills a worker costs only itself.

import { scoreBatch, Outcome, type ScoreJob, type ScoreBatchResult, type ScoreResult } from '../pipeline/score.js';
import { inlineBatch, type InlineJob, type InlineResult } from '../pipeline/inline.js';
import { validatePrograms, type ValidateJob, type ValidateResult } from '../pipeline/validate.js';
import { warmUp } from './warm.js';

export interface WarmJob {
  readonly kind: 'warm';
}
export interface WarmResult {
  readonly taskMs: number;
  readonly threadId: number;
}

export type Job = WarmJob | ScoreJob | InlineJob | ValidateJob;
export type ResultOf<J extends Job> = J extends ScoreJob
  ? ScoreBatchResult
  : J extends InlineJob
    ? InlineResult
    : J extends ValidateJob
      ? ValidateResult
      : WarmResult;

/** Runs a job where it is: in a worker thread, or in the main thread in sequential mode. */
export function handleJob(job: Job, threadId = 0): ResultOf<Job> {
  switch (job.kind) {
    case 'score':
      return scoreBatch(job);
    case 'inline':
      return inlineBatch(job);
    case 'validate':
      return validatePrograms(job);
    case 'warm': {
      const t0 = performance.now();
      warmUp();
      return { taskMs: performance.now() - t0, threadId };
    }
  }
}

/** How many independent items a job holds (the unit of isolation). */
export function jobItems(job: Job): number {
  switch (job.kind) {
    case 'score':
      return job.candidates.length * job.samples.length;
    case 'inline':
    case 'validate':
      return job.programs.length;
    case 'warm':
      return 1;
  }
}

/** Two halves of a job, or undefined for a single item. */
export function splitJob<J extends Job>(job: J): [J, J] | undefined {
  const n = jobItems(job);
  if (n < 2) return undefined;
  const mid = Math.ceil(n / 2);
  switch (job.kind) {
    case 'score': {
      // Split candidates first (isolating a culprit); a single candidate splits its samples.
      if (job.candidates.length > 1) {
        const half = Math.ceil(job.candidates.length / 2);
        return [{ ...job, candidates: job.candidates.slice(0, half) }, { ...job, candidates: job.candidates.slice(half) }];
      }
      const half = Math.ceil(job.samples.length / 2);
      return [{ ...job, samples: job.samples.slice(0, half) }, { ...job, samples: job.samples.slice(half) }];
    }
    case 'inline':
    case 'validate':
      return [{ ...job, programs: job.programs.slice(0, mid) }, { ...job, programs: job.programs.slice(mid) }];
    default:
      return undefined;
  }
}

/** Joins the results of two halves back into one. */
export function joinResults<J extends Job>(job: J, a: ResultOf<J>, b: ResultOf<J>): ResultOf<J> {
  switch (job.kind) {
    case 'score': {
      const x = a as ScoreBatchResult, y = b as ScoreBatchResult;
      const cat = (p: Uint8Array, q: Uint8Array) => {
        const out = new Uint8Array(p.length + q.length);
        out.set(p);
        out.set(q, p.length);
        return out;
      };
      // Halves split by candidates hold the same samples: join each sample's rows.
      const bySample = new Map<number, ScoreResult>(x.results.map((r) => [r.sampleIndex, r]));
      for (const r of y.results) {
        const prev = bySample.get(r.sampleIndex);
        bySample.set(
          r.sampleIndex,
          prev
            ? { sampleIndex: r.sampleIndex, candidates: [...prev.candidates, ...r.candidates], outcome: cat(prev.outcome, r.outcome), exact: cat(prev.exact, r.exact), errors: [...prev.errors, ...r.errors], taskMs: prev.taskMs + r.taskMs }
            : r,
        );
      }
      return { results: [...bySample.values()], taskMs: x.taskMs + y.taskMs } as unknown as ResultOf<J>;
    }
    case 'inline':
    case 'validate': {
      const x = a as InlineResult | ValidateResult, y = b as InlineResult | ValidateResult;
      return { programs: [...x.programs, ...y.programs], taskMs: x.taskMs + y.taskMs } as ResultOf<J>;
    }
    default:
      return a;
  }
}

export type Crash = 'timeout' | 'oom' | 'crash';

/** The result of a single-item job whose worker died: the item carries the cause. */
export function crashedResult<J extends Job>(job: J, crash: Crash, detail: string): ResultOf<J> {
  switch (job.kind) {
    case 'score': {
      const n = job.candidates.length;
      const code = crash === 'timeout' ? Outcome.Timeout : crash === 'oom' ? Outcome.Memory : Outcome.Error;
      return {
        results: job.samples.map(({ index }) => ({
          sampleIndex: index,
          candidates: job.candidates,
          outcome: new Uint8Array(n).fill(code),
          exact: new Uint8Array(n),
          errors: new Array(n).fill(detail),
          taskMs: 0,
        })),
        taskMs: 0,
      } as unknown as ResultOf<J>;
    }
    case 'validate':
      return {
        programs: job.programs.map(() => ({
          status: crash === 'crash' ? 'error' : crash,
          error: detail,
          exact: 0,
          known: job.samples.filter((s) => s.output).length,
          ms: 0,
          misses: [],
        })),
        taskMs: 0,
      } as unknown as ResultOf<J>;
    default:
      // Inlining is pure text work; a crash there is a bug, not a candidate's fault.
      throw new Error(`${job.kind} job failed: ${detail}`);
  }
}
