// Job sizing and the backstop watchdog: how a phase's work is cut into jobs
// so every worker has work and no job is all messaging, and how long a job
// may run before its worker is terminated.

import type { WireGraph } from '../program/graph.js';
import type { InlineJob, Sample, ScoreJob, ValidateJob, Job } from '../jobs/index.js';

/** Program-sample evaluations below which a job is not worth its messaging. */
const MIN_EVALUATIONS_PER_JOB = 512;

/**
 * Score jobs per worker wanted of a task with few samples: a task's last jobs end at a barrier, and a
 * sample with a slow candidate (one that runs into its time limit) takes several times as long as the
 * others, so a few samples' jobs for two workers left one idle for a second at the end of a run.
 */
const JOBS_PER_WORKER = 3;

/** Fewest candidates in a part of a sample's candidates, so a part's messaging and the nodes it shares with the other parts stay small beside its work. */
const MIN_PART_CANDIDATES = 256;

/** The longest delay a Node timer can hold (2^31 - 1 ms, about 24.8 days); longer ones fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** The backstop limit of a job: a generous multiple of the cooperative per-call budget it carries, within a timer's range. */
export function watchdogFor(job: Job): number {
  let ms: number;
  switch (job.kind) {
    case 'score':
      ms = 64 * job.timeoutMs + 5000;
      break;
    case 'validate':
      ms = Math.ceil(1.5 * job.timeoutMs * job.programs.length * job.samples.length) + 5000;
      break;
    case 'cross':
      // A batch of search candidates on every task: bounded by its stop time, strikes and slowness rule; this is the backstop.
      ms = 300_000;
      break;
    default:
      ms = 60_000;
  }
  return Math.min(ms, MAX_TIMER_MS);
}

/** Items per job that keep every worker busy while amortising messaging. */
function batchSize(items: number, workers: number, max = 16): number {
  return Math.max(1, Math.min(max, Math.ceil(items / (workers * 2))));
}

/**
 * Score jobs sized to the work. The battery's graph shares sub-expressions
 * between candidates (mutants share most of their parent), so a job keeps
 * every candidate of its samples together whenever there are enough samples
 * to keep every worker busy: splitting candidates would evaluate the shared
 * nodes once per part. Small batteries, where a job would be all messaging,
 * get several samples per job. The candidates are split, in battery order
 * (a parent's mutants mostly stay together), when there are fewer samples
 * than workers, and when there are too few to give each worker
 * JOBS_PER_WORKER jobs. Larger inputs go first, so the longest jobs do not
 * start last. In-process, one job per sample.
 */
export function scoreJobs(graph: WireGraph, reps: readonly number[], samples: readonly Sample[], workers: number, timeoutMs: number): ScoreJob[] {
  if (reps.length === 0) return [];
  const indexed = samples.map((sample, index) => ({ sample, index }));
  if (workers === 1) return indexed.map((s) => ({ kind: 'score', graph, candidates: reps, samples: [s], timeoutMs }));
  const area = (s: Sample) => s.input.h * s.input.w;
  indexed.sort((a, b) => area(b.sample) - area(a.sample) || a.index - b.index);
  const wanted = Math.max(1, Math.floor((reps.length * samples.length) / MIN_EVALUATIONS_PER_JOB));
  if (wanted < samples.length) {
    // Few evaluations: `wanted` jobs of several samples each, dealt largest first.
    const groups = Array.from({ length: wanted }, () => [] as typeof indexed);
    indexed.forEach((s, k) => groups[k % wanted].push(s));
    return groups.map((g) => ({ kind: 'score', graph, candidates: reps, samples: g, timeoutMs }));
  }
  const chunks =
    samples.length < workers
      ? Math.min(reps.length, Math.ceil(workers / samples.length), wanted)
      : Math.max(1, Math.min(Math.ceil((JOBS_PER_WORKER * workers) / samples.length), Math.floor(reps.length / MIN_PART_CANDIDATES)));
  if (chunks === 1) return indexed.map((s) => ({ kind: 'score', graph, candidates: reps, samples: [s], timeoutMs }));
  const size = Math.ceil(reps.length / chunks);
  const jobs: ScoreJob[] = [];
  for (const s of indexed) {
    for (let k = 0; k < reps.length; k += size) jobs.push({ kind: 'score', graph, candidates: reps.slice(k, k + size), samples: [s], timeoutMs });
  }
  return jobs;
}

/** Pure text work, cheap per program: one batch per worker at most, and none smaller than 64. */
export function inlineJobs(texts: readonly string[], workers: number): InlineJob[] {
  const size = Math.max(1, Math.ceil(texts.length / workers), Math.min(texts.length, 64));
  const jobs: InlineJob[] = [];
  for (let k = 0; k < texts.length; k += size) jobs.push({ kind: 'inline', programs: texts.slice(k, k + size) });
  return jobs;
}

/** Small batches spread the work; none so small that messaging outweighs it. */
export function validateJobs(programs: readonly string[], samples: readonly Sample[], workers: number, timeoutMs: number, keepOutputs: readonly number[]): ValidateJob[] {
  const size = Math.max(batchSize(programs.length, workers, 8), Math.ceil(MIN_EVALUATIONS_PER_JOB / 4 / Math.max(1, samples.length)));
  const jobs: ValidateJob[] = [];
  for (let k = 0; k < programs.length; k += size) jobs.push({ kind: 'validate', programs: programs.slice(k, k + size), samples, timeoutMs, keepOutputs });
  return jobs;
}
