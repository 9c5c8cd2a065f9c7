// Crash isolation: what to do when a job takes its worker down. The job is
// split in halves and the halves retried, until the item that kills workers
// is alone; that item alone gets the crash's status, and the halves' results
// are joined back as if the job had run whole.

import { STATUS_CODE, type FailureStatus } from '../status.js';
import type { Job, ResultOf, ScoreBatchResult, ScoreResult, InlineResult, ValidateResult, CrossResult } from '../jobs/index.js';
import { crashedCross, joinCross, splitCross } from '../jobs/cross.js';

/** How many independent items a job holds (the unit of isolation). */
function jobItems(job: Job): number {
  switch (job.kind) {
    case 'score':
      return job.candidates.length * job.samples.length;
    case 'inline':
    case 'validate':
      return job.programs.length;
    case 'cross':
      return job.candidates.length;
    case 'warm':
      return 1;
  }
}

/** Two halves of a job, or undefined for a single item. */
export function splitJob<J extends Job>(job: J): [J, J] | undefined {
  if (jobItems(job) < 2) return undefined;
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
    case 'validate': {
      const mid = Math.ceil(job.programs.length / 2);
      return [{ ...job, programs: job.programs.slice(0, mid) }, { ...job, programs: job.programs.slice(mid) }];
    }
    case 'cross':
      return splitCross(job) as [J, J] | undefined;
    default:
      return undefined;
  }
}

const concat = (p: Uint8Array, q: Uint8Array) => {
  const out = new Uint8Array(p.length + q.length);
  out.set(p);
  out.set(q, p.length);
  return out;
};

/** Joins the results of two halves (as splitJob made them) back into one. */
export function joinResults<J extends Job>(job: J, a: ResultOf<J>, b: ResultOf<J>): ResultOf<J> {
  switch (job.kind) {
    case 'score': {
      const x = a as ScoreBatchResult, y = b as ScoreBatchResult;
      // Halves split by candidates hold the same samples: join each sample's rows.
      const bySample = new Map<number, ScoreResult>(x.results.map((r) => [r.sampleIndex, r]));
      for (const r of y.results) {
        const prev = bySample.get(r.sampleIndex);
        bySample.set(
          r.sampleIndex,
          prev
            ? { sampleIndex: r.sampleIndex, candidates: [...prev.candidates, ...r.candidates], status: concat(prev.status, r.status), errors: [...prev.errors, ...r.errors], taskMs: prev.taskMs + r.taskMs }
            : r,
        );
      }
      return { results: [...bySample.values()], taskMs: x.taskMs + y.taskMs } as ScoreBatchResult as ResultOf<J>;
    }
    case 'inline':
    case 'validate': {
      const x = a as InlineResult | ValidateResult, y = b as InlineResult | ValidateResult;
      return { programs: [...x.programs, ...y.programs], taskMs: x.taskMs + y.taskMs } as ResultOf<J>;
    }
    case 'cross':
      return joinCross(a as CrossResult, b as CrossResult) as ResultOf<J>;
    default:
      return a;
  }
}

/** The result of a single-item job whose worker died: the item carries the crash's status. */
export function crashedResult<J extends Job>(job: J, status: FailureStatus, detail: string): ResultOf<J> {
  switch (job.kind) {
    case 'score': {
      const n = job.candidates.length;
      const result: ScoreBatchResult = {
        results: job.samples.map(({ index }) => ({
          sampleIndex: index,
          candidates: job.candidates,
          status: new Uint8Array(n).fill(STATUS_CODE[status]),
          errors: new Array<string>(n).fill(detail),
          taskMs: 0,
        })),
        taskMs: 0,
      };
      return result as ResultOf<J>;
    }
    case 'validate': {
      const result: ValidateResult = {
        programs: job.programs.map(() => ({ status, error: detail, exact: 0, known: job.samples.filter((s) => s.output).length, ms: 0, misses: [] })),
        taskMs: 0,
      };
      return result as ResultOf<J>;
    }
    case 'cross':
      return crashedCross(job) as ResultOf<J>;
    default:
      // Inlining is pure text work; a crash there is a bug, not a candidate's fault.
      throw new Error(`${job.kind} job failed: ${detail}`);
  }
}
