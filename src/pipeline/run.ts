// The run pipeline for one task: task + battery -> phases -> store + report.
//
//   load -> score samples -> filter -> batch inline -> validate -> store -> differs
//
// Each phase is timed; the heavy ones send their jobs through the executor,
// so sequential and parallel runs execute the same code. One record per
// unique program (identical programs share a graph output node) carries it
// through the phases.

import type { Program } from '../program/ast.js';
import { formatProgram } from '../program/ast.js';
import type { WireGraph } from '../program/graph.js';
import type { Task } from '../task/load.js';
import type { Executor } from '../exec/executor.js';
import { inlineJobs, scoreJobs, validateJobs } from '../exec/sizing.js';
import { PhaseClock, type PhaseTiming } from '../timing/phases.js';
import { taskSamples, type Sample } from '../jobs/samples.js';
import type { Inlined, ScoreResult, Validated } from '../jobs/index.js';
import { NOT_A_GRID } from '../jobs/score.js';
import { STATUSES, STATUS_CODE, POINTS_PER_SAMPLE, isSolved, statusOfCode, tLog, type Status } from '../status.js';
import { storeWinners, type Winner } from './store.js';
import { partialCredit } from './differs.js';
import { fromWire } from '../task/grid.js';
import { solverName } from '../task/ids.js';
import { InputError, fsFault } from '../errors.js';
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
  /**
   * Where the store phase puts the winners (default: storeWinners into outDir).
   * A queue worker, which has no shared filesystem, collects them here and
   * sends them back with the report.
   */
  readonly store?: (taskId: string, winners: readonly Winner[], keep: number) => Promise<unknown>;
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
  /** POINTS_PER_SAMPLE per exact sample, plus partial credit (below one sample's points) for near-misses. */
  readonly score: number;
  readonly exact: number;
  readonly md5?: string;
  readonly tLog?: number;
  readonly ms?: number;
  /** How far it got: scored only, or validated. */
  readonly validated: boolean;
  /** The expanded program text (validated programs). */
  readonly source?: string;
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
  /** Samples (demo and test) whose output is known. */
  readonly known: number;
  /** isSolved: the best program is exact on every known sample. */
  readonly solved: boolean;
  readonly programs: ProgramReport[];
  readonly stored: number;
  /** Why this task's winners could not be stored (absent when they were). */
  readonly storeFault?: StoreFault;
  readonly phases: PhaseTiming[];
  /** Per test input, when asked for (ctx.attempts). */
  readonly attempts?: Attempts[];
  /** Validation cache hits and misses. */
  readonly cache: { hits: number; misses: number };
  /** Set when the task could not be run at all (a queued job that failed: bad data, retries used up); the counts are then 0. */
  readonly error?: string;
}

export interface StoreFault {
  readonly message: string;
  /** The user's input is at fault (a file in the way), not the machine (a full disk). */
  readonly input: boolean;
}

const candidateName = (p: Program) => `${p.name} (${p.file}:${p.line})`;

/** One unique program through the phases. */
interface Unique {
  /** Candidate indices (battery order) that are this program; the first represents it. */
  readonly members: number[];
  /** Per sample: its status code from scoring, and the error ('' when none). */
  status: Uint8Array;
  errors: string[];
  /** Exact samples, by scoring. */
  exact: number;
  inlined?: Inlined;
  validated?: Validated;
  /** Partial credit (differs). */
  partial: number;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

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
      else byNode.set(node, { members: [c], status: new Uint8Array(samples.length).fill(STATUS_CODE.error), errors: new Array<string>(samples.length).fill(''), exact: 0, partial: 0 });
    });
    return { value: { samples, uniques: [...byNode.values()] }, items: battery.programs.length, taskMs: 0 };
  });
  const known = samples.filter((s) => s.output).length;

  // 2. score samples: the graph on every sample, candidates split so every worker has work.
  await clock.time('score samples', async () => {
    const reps = uniques.map((u) => u.members[0]);
    const jobs = scoreJobs(battery.graph, reps, samples, workers, timeoutMs);
    const batches = jobs.length > 0 ? await executor.run(jobs, ctx.signal) : [];
    recordScores(uniques, batches.flatMap((b) => b.results));
    return { value: undefined, items: reps.length * samples.length, taskMs: sum(batches.map((r) => r.taskMs)) };
  });

  // 3. filter: drop programs with no valid grid output, keep the best `keep` by exact samples.
  const survivors = await clock.time('filter', () => {
    const valid = uniques.filter((u) => hasGridOutput(u));
    valid.sort((a, b) => b.exact - a.exact || a.members[0] - b.members[0]);
    return { value: valid.slice(0, ctx.keep), items: uniques.length, taskMs: 0 };
  });

  // 4. batch inline: canonical form and md5 of each survivor.
  await clock.time('batch inline', async () => {
    const texts = survivors.map((u) => formatProgram(battery.programs[u.members[0]], solverName(task.id)));
    const results = await executor.run(inlineJobs(texts, workers), ctx.signal);
    results.flatMap((r) => r.programs).forEach((p, k) => (survivors[k].inlined = p));
    return { value: undefined, items: texts.length, taskMs: sum(results.map((r) => r.taskMs)) };
  });

  // 5. validate: each unique program alone on every sample, all concurrently (cache hits skip the work).
  const cacheCounts = { hits: 0, misses: 0 };
  await clock.time('validate', async () => {
    const hash = taskHash(samples);
    const cached = ctx.cache ? await ctx.cache.lookup(hash, timeoutMs, survivors.map((u) => u.inlined!.md5)) : new Map<string, Validated>();
    const todo = survivors.filter((u) => !cached.has(u.inlined!.md5));
    cacheCounts.hits = survivors.length - todo.length;
    cacheCounts.misses = ctx.cache ? todo.length : 0;
    // Test outputs always come back: submissions use them, and the cache keeps them.
    const keepOutputs = task.test.map((_, k) => task.train.length + k);
    const jobs = validateJobs(todo.map((u) => u.inlined!.expanded), samples, workers, timeoutMs, keepOutputs);
    const results = await executor.run(jobs, ctx.signal);
    const fresh = results.flatMap((r) => r.programs);
    todo.forEach((u, k) => (u.validated = fresh[k]));
    for (const u of survivors) u.validated ??= cached.get(u.inlined!.md5);
    await ctx.cache?.save(hash, timeoutMs, todo.map((u) => [u.inlined!.md5, u.validated!] as const));
    return { value: undefined, items: todo.length * samples.length, taskMs: sum(results.map((r) => r.taskMs)) };
  });

  // 6. store: the programs with at least one exact sample, filed by exact score and speed.
  let storeFault: StoreFault | undefined;
  const stored = await clock.time('store', async () => {
    const winners = survivors
      .filter(({ validated: v }) => (v!.status === 'ok' || v!.status === 'wrong') && v!.exact > 0)
      .map(({ inlined: p, validated: v }) => ({ md5: p!.md5, score: POINTS_PER_SAMPLE * v!.exact, tLog: tLog(v!.ms), text: storedText(p!) }));
    const t0 = performance.now();
    let stored = 0;
    try {
      if (winners.length > 0) await (ctx.store ?? ((id, w, keep) => storeWinners(ctx.outDir, id, w, keep)))(task.id, winners, ctx.keep);
      stored = winners.length;
    } catch (e) {
      // The store failing for this task (a file in the way, a full disk) costs only its winners: the report goes on.
      if (!(e instanceof InputError) && (e as NodeJS.ErrnoException)?.code === undefined) throw e;
      storeFault = { message: e instanceof InputError ? e.message : `${ctx.outDir}: ${fsFault(e)}`, input: e instanceof InputError };
    }
    return { value: stored, items: winners.length, taskMs: performance.now() - t0 };
  });

  // 7. differs: partial credit, only for validated programs with grid outputs that are not all exact.
  await clock.time('differs', () => {
    const t0 = performance.now();
    const expected = samples.map((s: Sample) => s.output);
    let items = 0;
    for (const u of survivors) {
      const v = u.validated!;
      if (v.status !== 'wrong' || v.error === NOT_A_GRID || v.exact === v.known) continue;
      items++;
      const exact = expected.map((e, k) => Boolean(e) && v.misses[k] === null);
      u.partial = partialCredit(v.misses, expected, exact);
    }
    return { value: undefined, items, taskMs: performance.now() - t0 };
  });

  const programs = uniques.map((u) => reportProgram(battery, u, known));
  const statuses = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const p of programs) statuses[p.status]++;
  const ranked = rankValidated(programs);
  const best = ranked[0] ? { md5: ranked[0].md5!, score: ranked[0].score, tLog: ranked[0].tLog! } : null;
  return {
    ...(ctx.attempts ? { attempts: attemptsFor(task, ranked, survivors) } : {}),
    id: task.id,
    candidates: battery.programs.length,
    unique: uniques.length,
    statuses,
    best,
    known,
    solved: isSolved(best?.score, known),
    programs,
    stored,
    ...(storeFault ? { storeFault } : {}),
    phases: clock.phases,
    cache: cacheCounts,
  };
}

function recordScores(uniques: readonly Unique[], results: readonly ScoreResult[]): void {
  // Index loops: this runs once per sample over every candidate, mostly not yet optimised.
  const byRep = new Map<number, Unique>();
  for (let k = 0; k < uniques.length; k++) byRep.set(uniques[k].members[0], uniques[k]);
  for (let j = 0; j < results.length; j++) {
    const r = results[j];
    const s = r.sampleIndex;
    for (let k = 0; k < r.candidates.length; k++) {
      const u = byRep.get(r.candidates[k])!;
      u.status[s] = r.status[k];
      u.errors[s] = r.errors[k];
      if (r.status[k] === STATUS_CODE.ok) u.exact++;
    }
  }
}

/** Did scoring see a grid output on some sample? */
const hasGridOutput = (u: Unique): boolean =>
  u.status.some((code, s) => code === STATUS_CODE.ok || (code === STATUS_CODE.wrong && u.errors[s] !== NOT_A_GRID));

/** A program's status as far as scoring tells: its first failure, else right or wrong. */
function scoringStatus(u: Unique, known: number): { status: Status; error?: string } {
  for (let s = 0; s < u.status.length; s++) {
    const status = statusOfCode(u.status[s]);
    if (status === 'timeout' || status === 'oom' || status === 'error') return { status, error: u.errors[s] || (status === 'timeout' ? 'Timeout' : status === 'oom' ? 'MemoryLimit' : '') };
  }
  if (u.errors.some((e) => e === NOT_A_GRID)) return { status: 'wrong', error: NOT_A_GRID };
  return { status: u.exact === known ? 'ok' : 'wrong' };
}

function reportProgram(battery: Battery, u: Unique, known: number): ProgramReport {
  const candidates = u.members.map((c) => candidateName(battery.programs[c]));
  const v = u.validated;
  if (!v) {
    const s = scoringStatus(u, known);
    return { candidates, status: s.status, ...(s.error ? { error: s.error } : {}), score: POINTS_PER_SAMPLE * u.exact, exact: u.exact, validated: false };
  }
  return {
    candidates,
    status: v.status,
    ...(v.error ? { error: v.error } : {}),
    score: POINTS_PER_SAMPLE * v.exact + u.partial,
    exact: v.exact,
    md5: u.inlined!.md5,
    tLog: tLog(v.ms),
    ms: v.ms,
    validated: true,
    source: u.inlined!.expanded,
  };
}

/**
 * Validated programs with outputs, best first: by score, then speed bucket,
 * then md5, so the same run always gives the same best.
 */
/** The validated programs that ran to an output, best first: score, then speed bucket, then md5 (the one ranking of "best"). */
export function rankValidated<P extends { readonly validated: boolean; readonly status: string; readonly score: number; readonly tLog?: number; readonly md5?: string }>(programs: readonly P[]): P[] {
  return programs
    .filter((p) => p.validated && (p.status === 'ok' || p.status === 'wrong'))
    .sort((a, b) => b.score - a.score || b.tLog! - a.tLog! || (a.md5! < b.md5! ? -1 : a.md5! > b.md5! ? 1 : 0));
}

/**
 * Two attempts per test input from the two best distinct validated programs;
 * with one, it is repeated; with none, the input grid.
 */
function attemptsFor(task: Task, ranked: readonly ProgramReport[], survivors: readonly Unique[]): Attempts[] {
  const outputsOf = (md5: string) => survivors.find((u) => u.inlined!.md5 === md5)?.validated?.outputs ?? [];
  const top = ranked.slice(0, 2).map((p) => outputsOf(p.md5!));
  return task.test.map((ex, k) => {
    const first = top[0]?.[k] ? fromWire(top[0][k]!) : ex.input;
    const second = top[1]?.[k] ? fromWire(top[1][k]!) : first;
    return { attempt_1: first, attempt_2: second };
  });
}

function storedText(p: Inlined): string {
  return `# md5 ${p.md5}\n# ${p.canonical.length > 2000 ? p.canonical.slice(0, 2000) + '...' : p.canonical}\n${p.expanded}`;
}
