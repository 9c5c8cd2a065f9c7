// The run pipeline for one task: task + battery -> phases -> store + report.
//
//   load -> score samples -> filter -> batch inline -> validate -> store -> differs
//
// Each phase is timed; the heavy ones send their jobs through the executor,
// so sequential and parallel runs execute the same code.

import type { Program } from '../program/ast.js';
import { formatProgram } from '../program/ast.js';
import type { WireGraph } from '../program/graph.js';
import type { Task } from '../task/load.js';
import type { Executor } from '../exec/executor.js';
import { PoolExecutor } from '../exec/executor.js';
import { PhaseClock, type PhaseTiming } from '../timing/phases.js';
import { taskSamples, type Sample } from './samples.js';
import { Outcome, type ScoreJob, type ScoreResult } from './score.js';
import type { InlineJob, Inlined } from './inline.js';
import { tLog, STATUSES, type Status, type Validated, type ValidateJob } from './validate.js';
import { storeWinners } from './store.js';
import { partialCredit } from './differs.js';
import { fromWire } from '../task/grid.js';
import { taskHash, type ValidationCache } from './cache.js';

export interface Battery {
  readonly programs: readonly Program[];
  readonly graph: WireGraph;
}

export interface RunContext {
  readonly executor: Executor;
  readonly timeoutMs: number;
  /** Store folder. */
  readonly outDir: string;
  /** Programs validated and kept per task. */
  readonly keep: number;
  /** Also return two attempts per test input (Kaggle submissions). */
  readonly attempts?: boolean;
  /** Validation cache (absent: every survivor is validated). */
  readonly cache?: ValidationCache;
  /** Stops the run between jobs (Ctrl-C). */
  readonly signal?: AbortSignal;
}

/** Two attempts for one test input, as in the ARC Prize submission layout. */
export interface Attempts {
  readonly attempt_1: number[][];
  readonly attempt_2: number[][];
}

export interface ProgramReport {
  /** The candidates that are this program (function name and file:line). */
  readonly candidates: readonly string[];
  readonly status: Status;
  readonly error?: string;
  /** 1000 per exact sample, plus partial credit (0..999) for near-misses. */
  readonly score: number;
  readonly exact: number;
  readonly md5?: string;
  readonly tLog?: number;
  readonly ms?: number;
  /** How far it got: scored only, or validated. */
  readonly validated: boolean;
}

export interface Best {
  readonly md5: string;
  readonly score: number;
  readonly tLog: number;
}

export interface TaskReport {
  readonly id: string;
  readonly candidates: number;
  readonly unique: number;
  readonly statuses: Record<Status, number>;
  readonly best: Best | null;
  readonly programs: ProgramReport[];
  readonly stored: number;
  readonly phases: PhaseTiming[];
  /** Per test input, when asked for (ctx.attempts). */
  readonly attempts?: Attempts[];
  /** Validation cache hits and misses. */
  readonly cache: { hits: number; misses: number };
}

/** Backstop limits per job: generous multiples of the cooperative per-call budget. */
export function watchdogMs(timeoutMs: number) {
  return (job: { kind: string; programs?: readonly unknown[]; samples?: readonly unknown[] }): number => {
    switch (job.kind) {
      case 'score':
        return 64 * timeoutMs + 5000;
      case 'validate':
        return Math.ceil(1.5 * timeoutMs * (job.programs?.length ?? 1) * (job.samples?.length ?? 1)) + 5000;
      default:
        return 60_000;
    }
  };
}

const candidateName = (p: Program) => `${p.name} (${p.file}:${p.line})`;

interface Unique {
  /** Index of the first candidate with this program. */
  readonly first: number;
  readonly members: number[];
}

export async function runTask(task: Task, battery: Battery, ctx: RunContext): Promise<TaskReport> {
  const clock = new PhaseClock();
  const { executor, timeoutMs } = ctx;
  const workers = executor.workers;

  // 1. load: the task's samples, and the battery's programs grouped by graph output node (identical programs).
  const { samples, uniques } = await clock.time('load', () => {
    const samples = taskSamples(task);
    const byNode = new Map<number, Unique>();
    Array.from(battery.graph.outputs).forEach((node, c) => {
      const u = byNode.get(node);
      if (u) u.members.push(c);
      else byNode.set(node, { first: c, members: [c] });
    });
    return { value: { samples, uniques: [...byNode.values()] }, items: battery.programs.length, taskMs: 0 };
  });
  const reps = uniques.map((u) => u.first);

  // 2. score samples: the graph on every sample, candidates split so every worker has work.
  const scores = await clock.time('score samples', async () => {
    const jobs = scoreJobs(battery.graph, reps, samples, workers, timeoutMs);
    const batches = jobs.length > 0 ? await executor.run(jobs, ctx.signal) : [];
    const results = batches.flatMap((b) => b.results);
    return { value: collectScores(results, reps, samples.length), items: reps.length * samples.length, taskMs: sum(batches.map((r) => r.taskMs)) };
  });

  // 3. filter: drop programs with no valid grid output, keep the best `keep` by exact samples.
  const known = samples.filter((s) => s.output).length;
  const scoredStatus = reps.map((_, u) => scoringStatus(scores, u, known));
  const survivors = await clock.time('filter', () => {
    const valid = reps.map((_, u) => u).filter((u) => scores.outcome[u].some((o) => o === Outcome.Grid));
    valid.sort((a, b) => scores.exactCount[b] - scores.exactCount[a] || reps[a] - reps[b]);
    return { value: valid.slice(0, ctx.keep), items: reps.length, taskMs: 0 };
  });

  // 4. batch inline: canonical form and md5 of each survivor.
  const inlined = await clock.time('batch inline', async () => {
    const texts = survivors.map((u) => formatProgram(battery.programs[reps[u]], `solve_${task.id}`));
    // Pure text work, cheap per program: one batch per worker at most, and none smaller than 64.
    const size = Math.max(1, Math.ceil(texts.length / workers), Math.min(texts.length, 64));
    const jobs: InlineJob[] = [];
    for (let k = 0; k < texts.length; k += size) jobs.push({ kind: 'inline', programs: texts.slice(k, k + size) });
    const results = await executor.run(jobs, ctx.signal);
    return { value: results.flatMap((r) => r.programs), items: texts.length, taskMs: sum(results.map((r) => r.taskMs)) };
  });

  // 5. validate: each unique program alone on every sample, all concurrently (cache hits skip the work).
  const cacheCounts = { hits: 0, misses: 0 };
  const validated = await clock.time('validate', async () => {
    const hash = taskHash(samples);
    const cached = ctx.cache ? await ctx.cache.lookup(hash, timeoutMs, inlined.map((p) => p.md5)) : new Map<string, Validated>();
    const todo = inlined.filter((p) => !cached.has(p.md5));
    cacheCounts.hits = inlined.length - todo.length;
    cacheCounts.misses = ctx.cache ? todo.length : 0;
    // Small batches spread the work; none so small that messaging outweighs it.
    const size = Math.max(PoolExecutor.batchSize(todo.length, workers, 8), Math.ceil(MIN_EVALUATIONS_PER_JOB / 4 / Math.max(1, samples.length)));
    const jobs: ValidateJob[] = [];
    // Test outputs always come back: submissions use them, and the cache keeps them.
    const keepOutputs = task.test.map((_, k) => task.train.length + k);
    for (let k = 0; k < todo.length; k += size) jobs.push({ kind: 'validate', programs: todo.slice(k, k + size).map((p) => p.expanded), samples, timeoutMs, keepOutputs });
    const results = await executor.run(jobs, ctx.signal);
    const fresh = results.flatMap((r) => r.programs);
    await ctx.cache?.save(hash, timeoutMs, todo.map((p, k) => [p.md5, fresh[k]] as const));
    const byMd5 = new Map([...cached, ...todo.map((p, k) => [p.md5, fresh[k]] as const)]);
    return { value: inlined.map((p) => byMd5.get(p.md5)!), items: todo.length * samples.length, taskMs: sum(results.map((r) => r.taskMs)) };
  });

  // 6. store: the programs with at least one exact sample, filed by exact score and speed.
  const stored = await clock.time('store', async () => {
    const winners = inlined
      .map((p, k) => ({ p, v: validated[k] }))
      .filter(({ v }) => (v.status === 'ok' || v.status === 'wrong') && v.exact > 0)
      .map(({ p, v }) => ({ md5: p.md5, score: 1000 * v.exact, tLog: tLog(v.ms), text: storedText(p) }));
    const t0 = performance.now();
    if (winners.length > 0) await storeWinners(ctx.outDir, task.id, winners, ctx.keep);
    return { value: winners.length, items: winners.length, taskMs: performance.now() - t0 };
  });

  // 7. differs: partial credit, only for validated programs with grid outputs that are not all exact.
  const partial = await clock.time('differs', () => {
    const t0 = performance.now();
    const expected = samples.map((s: Sample) => s.output);
    let items = 0;
    const value = validated.map((v) => {
      if (v.status !== 'wrong' || v.error === 'NotAGrid' || v.exact === v.known) return 0;
      items++;
      const exact = expected.map((e, k) => Boolean(e) && v.misses[k] === null);
      return partialCredit(v.misses, expected, exact);
    });
    return { value, items, taskMs: performance.now() - t0 };
  });

  const programs = reportPrograms(battery, uniques, survivors, inlined, validated, partial, scores, scoredStatus);
  const statuses = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const p of programs) statuses[p.status]++;
  return {
    ...(ctx.attempts ? { attempts: attemptsFor(task, programs, inlined, validated) } : {}),
    id: task.id,
    candidates: battery.programs.length,
    unique: uniques.length,
    statuses,
    best: bestOf(programs),
    programs,
    stored,
    phases: clock.phases,
    cache: cacheCounts,
  };
}

/**
 * Two attempts per test input from the two best distinct validated programs
 * (by score, then speed); with one, it is repeated; with none, the input grid.
 */
function attemptsFor(task: Task, programs: readonly ProgramReport[], inlined: readonly Inlined[], validated: readonly Validated[]): Attempts[] {
  const ranked = programs
    .filter((p) => p.validated && (p.status === 'ok' || p.status === 'wrong'))
    .sort((a, b) => b.score - a.score || b.tLog! - a.tLog! || (a.md5! < b.md5! ? -1 : 1));
  const outputsOf = (md5: string) => validated[inlined.findIndex((p) => p.md5 === md5)].outputs ?? [];
  const top = ranked.slice(0, 2).map((p) => outputsOf(p.md5!));
  return task.test.map((ex, k) => {
    const first = top[0]?.[k] ? fromWire(top[0][k]!) : ex.input;
    const second = top[1]?.[k] ? fromWire(top[1][k]!) : first;
    return { attempt_1: first, attempt_2: second };
  });
}

/** Program-sample evaluations below which a job is not worth its messaging. */
const MIN_EVALUATIONS_PER_JOB = 512;

/**
 * Score jobs sized to the work: about four per worker when there is plenty
 * (so all stay busy to the end), fewer and with several samples each when a
 * small battery would otherwise be all messaging. In-process, one per sample.
 */
function scoreJobs(graph: Battery['graph'], reps: readonly number[], samples: readonly Sample[], workers: number, timeoutMs: number): ScoreJob[] {
  if (reps.length === 0) return [];
  const indexed = samples.map((sample, index) => ({ sample, index }));
  const wanted = workers === 1 ? samples.length : Math.max(1, Math.min(workers * 4, Math.floor((reps.length * samples.length) / MIN_EVALUATIONS_PER_JOB)));
  const jobs: ScoreJob[] = [];
  if (wanted <= samples.length) {
    for (let g = 0; g < wanted; g++) {
      jobs.push({ kind: 'score', graph, candidates: reps, samples: indexed.filter((_, s) => s % wanted === g), timeoutMs });
    }
    return jobs;
  }
  const chunks = Math.min(reps.length, Math.ceil(wanted / samples.length));
  const size = Math.ceil(reps.length / chunks);
  for (const s of indexed) {
    for (let k = 0; k < reps.length; k += size) jobs.push({ kind: 'score', graph, candidates: reps.slice(k, k + size), samples: [s], timeoutMs });
  }
  return jobs;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

function storedText(p: Inlined): string {
  return `# md5 ${p.md5}\n# ${p.canonical.length > 2000 ? p.canonical.slice(0, 2000) + '...' : p.canonical}\n${p.expanded}`;
}

interface Scores {
  /** Per unique program, per sample. */
  readonly outcome: Outcome[][];
  readonly errors: string[][];
  readonly exactCount: number[];
}

function collectScores(results: readonly ScoreResult[], reps: readonly number[], nSamples: number): Scores {
  const pos = new Map(reps.map((c, u) => [c, u]));
  const outcome = reps.map(() => new Array<Outcome>(nSamples).fill(Outcome.Error));
  const errors = reps.map(() => new Array<string>(nSamples).fill(''));
  const exactCount = reps.map(() => 0);
  for (const r of results) {
    r.candidates.forEach((c, k) => {
      const u = pos.get(c)!;
      outcome[u][r.sampleIndex] = r.outcome[k] as Outcome;
      errors[u][r.sampleIndex] = r.errors[k];
      exactCount[u] += r.exact[k];
    });
  }
  return { outcome, errors, exactCount };
}

/** A program's status as far as scoring tells: its first failure, else right or wrong. */
function scoringStatus(scores: Scores, u: number, known: number): { status: Status; error?: string } {
  const outs = scores.outcome[u];
  for (let s = 0; s < outs.length; s++) {
    const o = outs[s];
    if (o === Outcome.Timeout) return { status: 'timeout', error: scores.errors[u][s] || 'Timeout' };
    if (o === Outcome.Memory) return { status: 'oom', error: scores.errors[u][s] || 'MemoryLimit' };
    if (o === Outcome.Error) return { status: 'error', error: scores.errors[u][s] };
  }
  if (outs.some((o) => o === Outcome.NotGrid)) return { status: 'wrong', error: 'NotAGrid' };
  return { status: scores.exactCount[u] === known ? 'ok' : 'wrong' };
}

function reportPrograms(
  battery: Battery,
  uniques: readonly Unique[],
  survivors: readonly number[],
  inlined: readonly Inlined[],
  validated: readonly Validated[],
  partial: readonly number[],
  scores: Scores,
  scoredStatus: readonly { status: Status; error?: string }[],
): ProgramReport[] {
  const survivorAt = new Map(survivors.map((u, k) => [u, k]));
  return uniques.map((unique, u) => {
    const candidates = unique.members.map((c) => candidateName(battery.programs[c]));
    const k = survivorAt.get(u);
    if (k === undefined) {
      const s = scoredStatus[u];
      return { candidates, status: s.status, ...(s.error ? { error: s.error } : {}), score: 1000 * scores.exactCount[u], exact: scores.exactCount[u], validated: false };
    }
    const v = validated[k];
    return {
      candidates,
      status: v.status,
      ...(v.error ? { error: v.error } : {}),
      score: 1000 * v.exact + partial[k],
      exact: v.exact,
      md5: inlined[k].md5,
      tLog: tLog(v.ms),
      ms: v.ms,
      validated: true,
    };
  });
}

function bestOf(programs: readonly ProgramReport[]): Best | null {
  let best: ProgramReport | undefined;
  for (const p of programs) {
    if (!p.validated || (p.status !== 'ok' && p.status !== 'wrong')) continue;
    if (!best || p.score > best.score || (p.score === best.score && (p.tLog! > best.tLog! || (p.tLog === best.tLog && p.md5! < best.md5!)))) best = p;
  }
  return best ? { md5: best.md5!, score: best.score, tLog: best.tLog! } : null;
}
